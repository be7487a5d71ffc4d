from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from digiketen.tests.factories import UserFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(TASKS=DATABASE_TASKS)
def test_reset_mail_waits_for_the_worker_and_the_worker_sends_it(
    client, transactional_db, mailoutbox
):
    # The worker closes its database connection, which only a transactional test survives.
    UserFactory(email="ingrid@example.org")
    client.post(reverse("accounts:password-reset"), {"email": "ingrid@example.org"})
    assert mailoutbox == []  # the web request only queues the mail
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    assert [m.to for m in mailoutbox] == [["ingrid@example.org"]]
    assert "wachtwoord" in mailoutbox[0].subject.lower()
