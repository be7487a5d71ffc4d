"""The operator's commands in the README work exactly as written, from the project folder:
migrate, collect static files, create the first administrator, start gunicorn (on a free port)
and get a page from it, start the task worker, run the daily jobs. Offline: SQLite in a
temporary folder, no npm or pip (step 1 needs the network)."""

import os
import re
import shlex
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(settings.BASE_DIR)
README = (ROOT / "README.md").read_text()
SECTION = README.split("## Production deployment", 1)[1].split("\n### ", 1)[0]
HOST = "digiketen.example.nl"


def _commands(text: str) -> list[str]:
    spans = re.findall(r"`([^`]+)`", text.replace("\n   ", " "))
    return [span for span in spans if span.startswith(".venv/bin/")]


STEPS = [c for c in _commands(SECTION) if "pip install" not in c]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def operator_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("operator")
    keep = ("PATH", "HOME", "LANG", "TMPDIR")
    return {k: v for k, v in os.environ.items() if k in keep} | {
        "DJANGO_SETTINGS_MODULE": "digiketen.conf.production",
        "SECRET_KEY": "test-only-8f3Kq9zLw2Vb7Xn4Rt6Yp1Hd5Mc0Js3Ge8Ua2Wo9Ti7",
        "PASS_NUMBER_KEY": "test-only-pass-key-7Hd2Lq9Wz4Xc8Vb1Nm6",
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"https://{HOST}",
        "SMS_BACKEND": "digiketen.core.sms.CMBackend",
        "SMS_CM_PRODUCT_TOKEN": "test-only-token",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # Offline and self-contained: an SQLite database and static files in a temporary folder.
        "DB_ENGINE": "sqlite",
        "DIGIKETEN_VAR_DIR": str(folder / "var"),
        "STATIC_ROOT": str(folder / "static"),
        "GEOCODER_URL": "",
    }


def _step(name: str) -> str:
    matching = [c for c in STEPS if name in c]
    assert len(matching) == 1, (name, STEPS)
    return matching[0]


def _run(command: str, env: dict, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        shlex.split(command), cwd=ROOT, env=env, input=stdin, capture_output=True, text=True
    )


def test_every_manage_command_in_the_readme_exists_and_is_runnable_as_written():
    # The generated table of settings quotes help texts, not commands.
    prose = README.split("### Environment variables", 1)[0].replace("\n   ", " ")
    mentioned = re.findall(r"`([^`]*manage\.py [a-z_]+[^`]*)`", prose)
    commands = get_commands()
    assert len(mentioned) > 10
    for text in mentioned:
        assert text.startswith(".venv/bin/python manage.py "), text
        assert text.split()[2] in commands, text


def test_the_production_steps_work_as_written(operator_env):
    env = operator_env
    for name in ("manage.py migrate", "manage.py collectstatic"):
        result = _run(_step(name), env)
        assert result.returncode == 0, result.stderr
    result = _run(_step("create_admin"), env, stdin="Lang-genoeg-wachtwoord-2026\n")
    assert result.returncode == 0, result.stderr
    for name in (
        "send_due_messages",
        "fail_stalled_imports",
        "core_daily",
        "remind_service_owners",
        "cyberbank_daily",
        "helpdesk_daily",
        "learning_daily",
        "prune_db_task_results",
    ):
        result = _run(_step(name), env)
        assert result.returncode == 0, (name, result.stderr)

    # Long-running processes: started as written, on a free port, stopped again.
    port = _free_port()
    gunicorn = _step("gunicorn").replace("127.0.0.1:8000", f"127.0.0.1:{port}")
    gunicorn = gunicorn.replace("--workers 4", "--workers 1")
    server = subprocess.Popen(shlex.split(gunicorn), cwd=ROOT, env=env, stderr=subprocess.PIPE)
    worker = subprocess.Popen(shlex.split(_step("db_worker")), cwd=ROOT, env=env)
    try:
        response = _get(f"http://127.0.0.1:{port}/", server)
        assert response.status == 200
        assert "Permissions-Policy" in response.headers
        assert worker.poll() is None, "the task worker stopped by itself"
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait(timeout=30)


def _get(url: str, server: subprocess.Popen, seconds: int = 60):
    request = urllib.request.Request(url, headers={"Host": HOST, "X-Forwarded-Proto": "https"})
    deadline = time.monotonic() + seconds
    while True:
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped: {server.stderr.read().decode()[-2000:]}")
        try:
            return urllib.request.urlopen(request, timeout=10)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_make_run_links_to_the_address_it_serves():
    """Mails and certificates sent while trying the project link to the server it runs, not to
    a fixed port (issue 12, point 7)."""
    without_site_url = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    dry_run = subprocess.run(
        ["make", "-n", "run", "HOST=127.0.0.1:8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=without_site_url,
    ).stdout
    serve = next(line for line in dry_run.splitlines() if "runserver" in line)
    # The same shell line with the server swapped for `env`: what the server would be given.
    environment = serve.replace(f"{settings.BASE_DIR}/", "").split(" .venv/bin/python")[0] + " env"
    given = subprocess.run(
        ["bash", "-c", environment], capture_output=True, text=True, env=without_site_url
    ).stdout
    assert "SITE_URL=http://127.0.0.1:8123" in given.splitlines()
