"""Login lockout per account, password-reset limits, and no password link stored anywhere."""

import datetime
import json
import re
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.core.models import Message

PASSWORD = "een-lang-wachtwoord-123"
WRONG = "verkeerd-wachtwoord"
LOGIN = reverse("accounts:login")
RESET = reverse("accounts:password-reset")
WORKSPACE = reverse("core:workspace")
PROXY = "10.0.0.2"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
NOON = datetime.datetime(2026, 5, 4, 12, tzinfo=datetime.UTC)


@pytest.fixture
def trainee(db):
    return make_staff(Role.TECHNICIAN_TRAINEE, username="lars", email="lars@example.org")


def _login(client, address: str, password: str = PASSWORD, username: str = "lars"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_a_guesser_with_many_addresses_slows_the_account_down_step_by_step(client, trainee):
    """Each address stays under the address lockout (5), yet the account backs off after 10
    failures from anywhere: 1 minute, then 2, then 4."""
    free = 2 * settings.AXES_FAILURE_LIMIT
    with time_machine.travel(NOON, tick=False) as clock:
        for n in range(free):
            assert _login(client, f"192.0.2.{n // 2 + 1}", WRONG).status_code == 200
        refused = _login(client, "198.51.100.1")  # the right password, from a fresh address
        assert refused.status_code == 429
        assert "Probeer het over 1 minuut opnieuw" in refused.text
        assert client.get(WORKSPACE).status_code == 302
        clock.shift(timedelta(seconds=61))
        assert _login(client, "192.0.2.50", WRONG).status_code == 200  # the 11th failure
        assert "over 2 minuten" in _login(client, "198.51.100.1").text
        clock.shift(timedelta(minutes=2, seconds=1))
        _login(client, "192.0.2.51", WRONG)
        assert "over 4 minuten" in _login(client, "198.51.100.1").text
        clock.shift(timedelta(minutes=4, seconds=1))
        # The resident's own try after the wait: in, and the count starts over.
        assert _login(client, "198.51.100.1")["Location"] == WORKSPACE
        client.post(reverse("accounts:logout"))
        assert _login(client, "192.0.2.60", WRONG).status_code == 200


def test_refused_tries_during_a_wait_do_not_make_the_wait_longer(client, trainee):
    with time_machine.travel(NOON, tick=False) as clock:
        for n in range(2 * settings.AXES_FAILURE_LIMIT):
            _login(client, f"192.0.2.{n // 2 + 1}", WRONG)
        for n in range(20):  # hammering during the wait is refused unchecked
            assert _login(client, f"203.0.113.{n + 1}", WRONG).status_code == 429
        clock.shift(timedelta(seconds=61))
        assert _login(client, "198.51.100.1")["Location"] == WORKSPACE


def test_a_failure_at_one_address_is_not_the_lockout_of_another(client, trainee):
    for _n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "192.0.2.1", WRONG)
    assert _login(client, "192.0.2.1").status_code == 429
    assert _login(client, "198.51.100.1")["Location"] == WORKSPACE


@override_settings(PROXY_COUNT=1)
def test_behind_the_proxy_the_address_lockout_is_per_visitor(client, trainee):
    """Every request comes from the proxy; the lockout must look at the forwarded address."""

    def login_via_proxy(visitor: str, password: str = PASSWORD):
        return client.post(
            LOGIN,
            {"username": "lars", "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=visitor,
        )

    for _n in range(settings.AXES_FAILURE_LIMIT):
        login_via_proxy("192.0.2.1", WRONG)
    assert login_via_proxy("192.0.2.1").status_code == 429
    assert login_via_proxy("198.51.100.1")["Location"] == WORKSPACE


# -- password reset -----------------------------------------------------------------------


def _reset(client, email: str, address: str = "198.51.100.1"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_one_address_gets_three_reset_mails_an_hour(
    client, trainee, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOON, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            for n in range(3):  # from three places, so only the per-account limit counts
                assert _reset(client, "Lars@Example.org", f"192.0.2.{n}").status_code == 302
            refused = _reset(client, "lars@example.org", "192.0.2.9")
        assert refused.status_code == 429
        assert "Er is al vaak een nieuw wachtwoord gevraagd" in refused.text
        assert len(mailoutbox) == 3
        clock.shift(timedelta(hours=1))
        with django_capture_on_commit_callbacks(execute=True):
            assert _reset(client, "lars@example.org")["Location"].endswith("/verstuurd")
        assert len(mailoutbox) == 4


def test_one_visitor_asks_for_ten_addresses_an_hour_at_most(client, db):
    with time_machine.travel(NOON, tick=False) as clock:
        for n in range(10):
            assert _reset(client, f"iemand{n}@example.org").status_code == 302
        assert _reset(client, "nog-iemand@example.org").status_code == 429
        assert _reset(client, "nog-iemand@example.org", "192.0.2.1").status_code == 302
        clock.shift(timedelta(hours=1))
        assert _reset(client, "nog-iemand@example.org").status_code == 302


@override_settings(TASKS=DATABASE_TASKS)
def test_an_unknown_address_gets_the_same_answer_after_the_same_work(
    client, trainee, django_capture_on_commit_callbacks
):
    """Known or not, the request runs the same statements and queues one task; only the
    worker looks the account up, so no lookup shows in the answer's timing."""
    answers, statements = [], []
    for email in ("lars@example.org", "onbekend@example.org"):
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = _reset(client, email)
        answers.append((response.status_code, response["Location"]))
        statements.append([q["sql"].split(" VALUES")[0] for q in queries.captured_queries])
    assert answers[0] == answers[1] == (302, reverse("accounts:password-reset-done"))
    assert statements[0] == statements[1]
    assert not any("accounts_user" in sql for sql in statements[0])
    assert sorted(task.args_kwargs["args"][0] for task in DBTaskResult.objects.all()) == [
        "lars@example.org",
        "onbekend@example.org",
    ]


@override_settings(TASKS=DATABASE_TASKS)
def test_the_reset_link_is_never_stored_in_the_task_table_or_the_outbox(
    client, transactional_db, mailoutbox
):
    make_staff(Role.TECHNICIAN_TRAINEE, username="ingrid", email="ingrid@example.org")
    _reset(client, "ingrid@example.org")
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": ["ingrid@example.org", "nl", "reset"], "kwargs": {}}
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    link = re.search(re.escape(settings.SITE_URL) + r"(/\S+)", mailoutbox[0].body).group(1)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    stored = json.dumps([task.args_kwargs, task.return_value, task.traceback])
    assert token not in stored and "wachtwoord-kiezen" not in stored
    assert not Message.objects.filter(body__contains=token).exists()
    # The link works: it was built by the worker, not stored for it.
    assert "Nieuw wachtwoord kiezen" in client.get(link, follow=True).text


@override_settings(TASKS=DATABASE_TASKS)
def test_a_failed_send_is_tried_again_later_with_nothing_more_stored(trainee, mailoutbox):
    from digiketen.accounts.password_mail import send_password_mail

    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("down")):
        send_password_mail.call("lars@example.org", "nl", "reset")
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs == {"args": ["lars@example.org", "nl", "reset", 2], "kwargs": {}}
    assert retry.run_after > timezone.now()
    send_password_mail.call(*retry.args_kwargs["args"])
    assert [m.to for m in mailoutbox] == [["lars@example.org"]]
