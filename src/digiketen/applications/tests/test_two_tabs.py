"""A resident with the application open in two tabs sends the last step from both: one
application, and both tabs show its confirmation. The one-time key belongs to the application
in progress (kept in the draft), not to the page."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from digiketen.applications.models import Application
from digiketen.applications.tests.conftest import handout_hub
from digiketen.applications.tests.test_views import answer_steps, shown_once_key
from digiketen.core import once
from digiketen.core.models import OnceKey

LAST = reverse("applications:apply-step", args=["versturen"])


def test_two_tabs_show_the_same_key_and_sending_both_makes_one_application(client, hub):
    answer_steps(client, hub)
    first_tab, second_tab = shown_once_key(client), shown_once_key(client)
    assert first_tab == second_tab  # a key per page would make two applications

    first = client.post(LAST, {"consent": "on", "once": first_tab})
    second = client.post(LAST, {"consent": "on", "once": second_tab})

    application = Application.objects.get()
    confirmation = reverse("applications:applied", args=[application.reference])
    assert first["Location"] == second["Location"] == confirmation
    assert application.reference in client.get(confirmation).content.decode()


def test_a_new_application_after_sending_gets_a_new_key(client, hub):
    answer_steps(client, hub)
    sent = shown_once_key(client)
    client.post(LAST, {"consent": "on", "once": sent})
    answer_steps(client, hub)
    assert shown_once_key(client) != sent
    client.post(LAST, {"consent": "on", "once": shown_once_key(client)})
    assert Application.objects.count() == 2


def test_a_visitor_who_only_looks_gets_no_session(client, db):
    client.get(reverse("applications:apply"))
    assert settings.SESSION_COOKIE_NAME not in client.cookies


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_tabs_sending_at_the_same_moment_make_one_application(monkeypatch):
    hub = handout_hub(name="Cyberbank")
    first_tab = Client()
    answer_steps(first_tab, hub)
    second_tab = Client()
    second_tab.cookies = first_tab.cookies  # the same browser: one session
    keys = [shown_once_key(first_tab), shown_once_key(second_tab)]

    # Both requests have passed the check for an earlier result before either one saves.
    barrier = threading.Barrier(2)
    real_run = once.run

    def run_together(key, action):
        barrier.wait(timeout=30)
        return real_run(key, action)

    monkeypatch.setattr(once, "run", run_together)

    def send(tab: Client, key: str) -> str:
        from django.db import connection as thread_connection

        try:
            response = tab.post(LAST, {"consent": "on", "once": key})
            assert response.status_code == 302, response.content.decode()[:500]
            return response["Location"]
        finally:
            thread_connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [
            pool.submit(send, tab, key)
            for tab, key in zip([first_tab, second_tab], keys, strict=True)
        ]
        locations = [future.result(timeout=60) for future in futures]

    application = Application.objects.get()
    confirmation = reverse("applications:applied", args=[application.reference])
    assert locations == [confirmation, confirmation]
    assert OnceKey.objects.count() == 1
    assert application.reference in first_tab.get(confirmation).content.decode()
