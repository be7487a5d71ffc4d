"""The limits on the status lookup and online applications, per resident behind the proxy."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse

from digiketen.applications.models import Application
from digiketen.applications.tests.test_views import (
    apply_online,
)
from digiketen.core.models import Throttle
from digiketen.tests.factories import ApplicationFactory

STATUS = reverse("applications:status")
PROXY = "10.0.0.2"
NOON = datetime.datetime(2026, 5, 4, 12, tzinfo=datetime.UTC)


def _look_up(client, application, address: str, postcode: str | None = None):
    return client.post(
        STATUS,
        {"reference": application.reference, "postcode": postcode or application.postcode},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def application(hub):
    return ApplicationFactory(hub=hub, postcode="6211CN")


def test_wrong_postcodes_from_elsewhere_do_not_lock_the_resident_out(client, application):
    with time_machine.travel(NOON, tick=False):
        for _n in range(8):
            _look_up(client, application, "192.0.2.1", "9999ZZ")
        # The resident, at home, with the right code and postcode.
        found = _look_up(Client(), application, "198.51.100.7")
        assert found["Location"] == reverse(
            "applications:status-detail", args=[application.reference]
        )


def test_one_address_gets_five_wrong_tries_per_code_then_not_even_the_right_one(
    client, application
):
    with time_machine.travel(NOON, tick=False) as clock:
        for _n in range(5):
            wrong = _look_up(client, application, "192.0.2.1", "9999ZZ")
            assert "Wij vinden geen aanvraag" in wrong.text
        # Checking would tell a guesser that this postcode is right: refused unchecked.
        assert _look_up(client, application, "192.0.2.1").status_code == 429
        clock.shift(timedelta(hours=1))
        assert _look_up(client, application, "192.0.2.1").status_code == 302


def test_a_code_guessed_from_many_addresses_gives_each_guesser_one_try(client, application):
    with time_machine.travel(NOON, tick=False):
        for n in range(4):  # 8 failures in all, from 4 addresses
            _look_up(client, application, f"192.0.2.{n}", "9999ZZ")
            _look_up(client, application, f"192.0.2.{n}", "9998ZZ")
        # An address that guessed before is refused, even with the right postcode.
        assert _look_up(client, application, "192.0.2.0").status_code == 429
        # A new address is checked: one wrong try, then it is refused as well.
        assert _look_up(client, application, "203.0.113.5", "9997ZZ").status_code == 200
        assert _look_up(client, application, "203.0.113.5").status_code == 429
        # The resident never guessed: the right pair goes through.
        assert _look_up(client, application, "198.51.100.7").status_code == 302


def _fail(client, address: str, n: int):
    """A lookup of a code that does not exist (a typo, or a guess)."""
    return client.post(
        STATUS, {"reference": f"AV-{n:06d}", "postcode": "6211CN"}, REMOTE_ADDR=address
    )


def test_one_address_fails_twenty_times_per_quarter_hour(client, application):
    with time_machine.travel(NOON, tick=False) as clock:
        for n in range(20):
            assert "Wij vinden geen aanvraag" in _fail(client, "192.0.2.1", n).text
        # Then not even a right pair is checked from there.
        limited = _look_up(client, application, "192.0.2.1")
        assert limited.status_code == 429
        assert "te vaak geprobeerd" in limited.text
        assert _look_up(client, application, "192.0.2.2").status_code == 302
        clock.shift(timedelta(minutes=15))
        assert _look_up(client, application, "192.0.2.1").status_code == 302


def test_a_resident_opens_their_own_status_as_often_as_they_like(client, application):
    with time_machine.travel(NOON, tick=False):
        answers = [_look_up(client, application, "192.0.2.1").status_code for _n in range(40)]
    assert answers == [302] * 40
    assert not Throttle.objects.exists()  # a lookup that finds its application counts nowhere


def _resident(number: int) -> Client:
    """A browser behind the reverse proxy: the proxy connects, and appends the resident's
    address to whatever X-Forwarded-For the browser sent (here a made-up one)."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.250, 198.51.100.{number + 1}")


@override_settings(PROXY_COUNT=1)
def test_thirty_residents_behind_the_proxy_each_get_through(hub):
    looked_up = ApplicationFactory.create_batch(30, hub=hub, postcode="6211CN")
    answers = []
    with time_machine.travel(NOON, tick=False):
        for number, mine in enumerate(looked_up):
            browser = _resident(number)
            answers.append(
                browser.post(STATUS, {"reference": mine.reference, "postcode": "6211CN"})
            )
            answers.append(apply_online(browser, hub, once=f"resident-{number:02d}-once-key"))
        assert [answer.status_code for answer in answers] == [302] * 60
        assert Application.objects.exclude(pk__in=[a.pk for a in looked_up]).count() == 30
        # One resident's address over its limits still gets 429, for lookups and for applying.
        browser = _resident(0)
        statuses = [
            browser.post(STATUS, {"reference": f"AV-{n:06d}", "postcode": "6211CN"}).status_code
            for n in range(20)
        ]
        assert statuses == [200] * 20  # "not found", each counted
        assert (
            browser.post(
                STATUS, {"reference": looked_up[0].reference, "postcode": "6211CN"}
            ).status_code
            == 429
        )
        sent = [
            apply_online(browser, hub, once=f"again-{n:02d}-once-key-12").status_code
            for n in range(10)
        ]
        assert sent == [302] * 9 + [429]
        assert (
            _resident(1)
            .post(STATUS, {"reference": looked_up[1].reference, "postcode": "6211CN"})
            .status_code
            == 302
        )


@override_settings(PROXY_COUNT=0)
def test_without_proxy_count_the_proxy_is_everyone(hub):
    """Why PROXY_COUNT must be set behind a proxy: the header is ignored, all share one count."""
    mine = ApplicationFactory(hub=hub, postcode="6211CN")
    statuses = [
        _resident(number).post(STATUS, {"reference": f"AV-{number:06d}", "postcode": "6211CN"})
        for number in range(20)
    ]
    assert [answer.status_code for answer in statuses] == [200] * 20  # 20 residents mistyped
    found = _resident(21).post(STATUS, {"reference": mine.reference, "postcode": "6211CN"})
    assert found.status_code == 429
