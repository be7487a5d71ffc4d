import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.core.models import AuditEvent

PASSWORD = "een-lang-wachtwoord-123"
LOGIN = reverse("accounts:login")
WORKSPACE = reverse("core:workspace")


def _login(client, identifier: str, password: str = PASSWORD):
    return client.post(LOGIN, {"username": identifier, "password": password})


def _current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def trainee(db):
    return make_staff(Role.TECHNICIAN_TRAINEE, username="lars", email="Lars@Example.org")


@pytest.fixture
def hub_staff(db):
    return make_staff(Role.HUB_STAFF, username="umut", email="umut@example.org")


def test_trainee_logs_in_with_username_and_lands_on_workspace(client, trainee):
    response = _login(client, "lars")
    assert response.status_code == 302
    assert response["Location"] == WORKSPACE
    assert client.get(WORKSPACE).status_code == 200
    assert AuditEvent.objects.filter(action="auth.login", actor=trainee).exists()


def test_login_with_email_address_in_any_case(client, trainee):
    response = _login(client, "lars@example.ORG")
    assert response["Location"] == WORKSPACE


def test_wrong_password_shows_error_next_to_form_and_is_audited(client, trainee):
    response = _login(client, "lars", "verkeerd-wachtwoord")
    assert response.status_code == 200
    assert "Deze combinatie van gebruikersnaam en wachtwoord kennen wij niet" in response.text
    assert 'id="error-summary"' in response.text
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor == trainee
    assert event.actor_label == "lars"


def test_failed_login_for_unknown_name_is_audited_without_user(client, db):
    _login(client, "niemand")
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor is None
    assert event.actor_label == "niemand"


def test_lockout_after_repeated_failures_shows_clear_message(client, trainee):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "lars", "verkeerd-wachtwoord")
    response = _login(client, "lars")  # even the right password is refused now
    assert response.status_code == 429
    assert "Te vaak geprobeerd" in response.text
    assert "15 minuten" in response.text
    assert client.get(WORKSPACE).status_code == 302


def test_lockout_counts_username_and_email_as_one_account(client, trainee):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "lars" if i % 2 else "lars@example.org", "verkeerd-wachtwoord")
    assert _login(client, "lars").status_code == 429


def test_role_with_resident_data_must_enrol_before_reaching_workspace(client, hub_staff):
    response = _login(client, "umut")
    assert response["Location"] == reverse("accounts:two-factor")
    assert client.get(WORKSPACE)["Location"] == reverse("accounts:two-factor")
    assert client.get(reverse("accounts:two-factor"))["Location"] == reverse("accounts:otp-enrol")

    page = client.get(reverse("accounts:otp-enrol"))
    assert "<svg" in page.text and "QR-code" in page.text
    device = TOTPDevice.objects.get(user=hub_staff, confirmed=False)
    response = client.post(reverse("accounts:otp-enrol"), {"token": _current_code(device)})
    assert response["Location"] == reverse("accounts:recovery-codes")

    codes_page = client.get(reverse("accounts:recovery-codes"))
    shown = re.findall(r"<code>(\d{4}) (\d{4})</code>", codes_page.text)
    assert len(shown) == 10
    assert StaticToken.objects.filter(device__user=hub_staff).count() == 10
    # Shown once only.
    assert client.get(reverse("accounts:recovery-codes")).status_code == 302
    assert client.get(WORKSPACE).status_code == 200
    assert AuditEvent.objects.filter(action="auth.2fa_enabled", actor=hub_staff).exists()


def test_wrong_enrolment_code_is_refused_with_message(client, hub_staff):
    _login(client, "umut")
    client.get(reverse("accounts:otp-enrol"))
    response = client.post(reverse("accounts:otp-enrol"), {"token": "000000"})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.text
    assert not TOTPDevice.objects.filter(user=hub_staff, confirmed=True).exists()


def test_enrolled_user_must_enter_code_and_recovery_code_works_once(client, hub_staff):
    device = TOTPDevice.objects.create(user=hub_staff, confirmed=True, name="app")
    from digiketen.accounts.services import regenerate_recovery_codes

    recovery = regenerate_recovery_codes(user=hub_staff)[0]
    _login(client, "umut")
    assert client.get(reverse("accounts:two-factor"))["Location"] == reverse("accounts:otp-verify")
    response = client.post(reverse("accounts:otp-verify"), {"token": recovery})
    assert response["Location"] == WORKSPACE
    assert client.get(WORKSPACE).status_code == 200

    client.post(reverse("accounts:logout"))
    _login(client, "umut")
    again = client.post(reverse("accounts:otp-verify"), {"token": recovery})
    assert again.status_code == 200  # the recovery code was used up
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code throttles for a second; skip the wait
    response = client.post(reverse("accounts:otp-verify"), {"token": _current_code(device)})
    assert response["Location"] == WORKSPACE


def test_wrong_code_is_refused_and_audited(client, hub_staff):
    TOTPDevice.objects.create(user=hub_staff, confirmed=True, name="app")
    _login(client, "umut")
    wrong = client.post(reverse("accounts:otp-verify"), {"token": "999999"})
    assert "Deze code klopt niet" in wrong.text
    assert AuditEvent.objects.filter(action="auth.2fa_failed", actor=hub_staff).count() == 1
    assert client.get(WORKSPACE).status_code == 302


def test_demo_code_works_only_in_demo_mode(client, hub_staff, settings):
    TOTPDevice.objects.create(user=hub_staff, confirmed=True, name="app")
    settings.DEMO_MODE = False
    _login(client, "umut")
    response = client.post(reverse("accounts:otp-verify"), {"token": settings.DEMO_OTP_CODE})
    assert response.status_code == 200
    settings.DEMO_MODE = True
    response = client.post(reverse("accounts:otp-verify"), {"token": settings.DEMO_OTP_CODE})
    assert response["Location"] == WORKSPACE


def test_next_url_survives_the_second_factor(client, hub_staff):
    TOTPDevice.objects.create(user=hub_staff, confirmed=True, name="app")
    target = reverse("accounts:account")
    client.post(
        f"{LOGIN}?next={target}", {"username": "umut", "password": PASSWORD, "next": target}
    )
    response = client.post(reverse("accounts:otp-verify"), {"token": settings.DEMO_OTP_CODE})
    assert response["Location"] == target


def test_logout_ends_the_session(client, trainee):
    _login(client, "lars")
    client.post(reverse("accounts:logout"))
    assert client.get(WORKSPACE).status_code == 302
    assert AuditEvent.objects.filter(action="auth.logout", actor=trainee).exists()


def test_session_expires_after_idle_time_not_after_busy_time(client, trainee):
    """Working keeps the session alive (it is moved on at most once a minute, not saved on
    every request); thirty minutes without a request end it."""
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    with time_machine.travel("2026-03-02 09:00 +01:00", tick=False) as traveller:
        _login(client, "lars")
        for _minute in range(40):  # forty minutes of work, a request every minute
            traveller.shift(timedelta(minutes=1))
            assert client.get(WORKSPACE).status_code == 200
        traveller.shift(timedelta(minutes=29))
        assert client.get(WORKSPACE).status_code == 200
        traveller.shift(timedelta(minutes=31))
        assert client.get(WORKSPACE).status_code == 302


def test_a_request_within_the_minute_does_not_write_the_session(client, trainee):
    with time_machine.travel("2026-03-02 09:00 +01:00", tick=False) as traveller:
        _login(client, "lars")
        client.get(WORKSPACE)
        session = Session.objects.get()
        traveller.shift(timedelta(seconds=30))
        client.get(WORKSPACE)
        assert Session.objects.get().expire_date == session.expire_date
        traveller.shift(timedelta(seconds=31))
        client.get(WORKSPACE)
        assert Session.objects.get().expire_date == session.expire_date + timedelta(seconds=61)


def test_password_reset_mail_arrives_and_sets_a_new_password(
    client, trainee, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves after commit
        response = client.post(reverse("accounts:password-reset"), {"email": "lars@example.org"})
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert len(mailoutbox) == 1
    link = re.search(re.escape(settings.SITE_URL) + r"(/\S+)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Nieuw wachtwoord kiezen" in form_page.text
    short = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "kort", "new_password2": "kort"}
    )
    assert "12" in short.text  # the minimum length is explained
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "nieuw-en-lang-genoeg-9", "new_password2": "nieuw-en-lang-genoeg-9"},
    )
    assert done["Location"] == reverse("accounts:password-reset-complete")
    assert _login(client, "lars", "nieuw-en-lang-genoeg-9")["Location"] == WORKSPACE
    assert AuditEvent.objects.filter(action="auth.password_reset", actor=trainee).exists()


def test_password_reset_for_unknown_address_sends_nothing_and_reveals_nothing(
    client, db, mailoutbox
):
    response = client.post(reverse("accounts:password-reset"), {"email": "onbekend@example.org"})
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mailoutbox == []


def test_pages_with_secrets_are_never_cached(client, hub_staff):
    _login(client, "umut")
    response = client.get(reverse("accounts:otp-enrol"))
    assert "no-store" in response["Cache-Control"]


def test_new_recovery_codes_after_logging_in_with_one_keeps_the_session(client, hub_staff):
    from digiketen.accounts.services import regenerate_recovery_codes

    TOTPDevice.objects.create(user=hub_staff, confirmed=True, name="app")
    recovery = regenerate_recovery_codes(user=hub_staff)[0]
    _login(client, "umut")
    client.post(reverse("accounts:otp-verify"), {"token": recovery})
    response = client.post(reverse("accounts:recovery-codes-regenerate"))
    assert response["Location"] == reverse("accounts:recovery-codes")
    page = client.get(reverse("accounts:recovery-codes"))
    assert len(re.findall(r"<code>(\d{4}) (\d{4})</code>", page.text)) == 10
    assert client.get(WORKSPACE).status_code == 200


def test_recovery_codes_need_an_authenticator_first(client, trainee):
    _login(client, "lars")
    response = client.post(reverse("accounts:recovery-codes-regenerate"))
    assert response["Location"] == reverse("accounts:account")
    assert not StaticToken.objects.filter(device__user=trainee).exists()


def test_a_username_cannot_look_like_an_e_mail_address(client, trainee):
    from digiketen.accounts.forms import UserForm

    form = UserForm(data={"username": "beheer@example.org", "email": "x@example.org"})
    assert "Een gebruikersnaam mag geen @ bevatten." in form.errors["username"]
