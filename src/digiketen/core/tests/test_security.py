import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "SECRET_KEY": "test-only-8f3Kq9zLw2Vb7Xn4Rt6Yp1Hd5Mc0Js3Ge8Ua2Wo9Ti7",
    "ALLOWED_HOSTS": "digiketen.example.nl",
    "SITE_URL": "https://digiketen.example.nl",
    "PASS_NUMBER_KEY": "test-only-pass-key-7Hd2Lq9Wz4Xc8Vb1Nm6",
    "DJANGO_SETTINGS_MODULE": "digiketen.conf.production",
    "SMS_BACKEND": "digiketen.core.sms.CMBackend",
    "SMS_CM_PRODUCT_TOKEN": "test-only-token",
}


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    unwanted = (
        "DEBUG",
        "DEMO_MODE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "TASKS_BACKEND",
        "DIGIKETEN_VAR_DIR",
        "SMS_BACKEND",
        "SMS_CM_PRODUCT_TOKEN",
        "SITE_URL",
    )
    clean = {k: v for k, v in os.environ.items() if k not in unwanted}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=clean | env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_check_deploy_is_clean():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"DEBUG": "true"}, "DEBUG must be off"),
        ({"DEMO_MODE": "true"}, "DEMO_MODE must be off"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"PASS_NUMBER_KEY": ""}, "PASS_NUMBER_KEY"),
        ({"SITE_URL": ""}, "SITE_URL"),
        ({"SITE_URL": "http://digiketen.example.nl"}, "SITE_URL"),
        ({"SITE_URL": "https://elders.example.nl"}, "SITE_URL"),
    ],
)
def test_production_refuses_to_start_misconfigured(override, message):
    result = _manage("check", env=PRODUCTION_ENV | override)
    assert result.returncode != 0
    assert message in result.stderr


def test_every_page_sends_strict_security_headers(client, db):
    response = client.get(reverse("core:home"))
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_templates_contain_no_inline_style_or_script():
    offenders = []
    for path in (ROOT / "src").rglob("*.html"):
        text = path.read_text()
        if " style=" in text or "<style" in text or "<script>" in text or " on" + "click=" in text:
            offenders.append(str(path))
    assert offenders == []


def test_state_changing_forms_carry_a_csrf_token(client, db):
    page = client.get(reverse("accounts:login"))
    assert 'name="csrfmiddlewaretoken"' in page.text


def test_readme_lists_every_environment_variable():
    from digiketen.conf.env import REGISTRY

    readme = (ROOT / "README.md").read_text()
    missing = [name for name in REGISTRY if f"`{name}`" not in readme]
    assert missing == []
