"""The visitor's address behind reverse proxies, and the back-off counter."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from axes.helpers import get_client_ip_address
from django.test import RequestFactory, override_settings

from digiketen.core import ratelimit

PROXY = "10.0.0.2"


def _request(forwarded: str | None = None, remote: str = PROXY):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@override_settings(PROXY_COUNT=0)
def test_without_proxies_the_forwarded_header_is_ignored():
    # Anyone can send the header: trusting it without a proxy would let a guesser pick a new
    # address for every try.
    assert ratelimit.client_address(_request("198.51.100.9", remote="203.0.113.7")) == (
        "203.0.113.7"
    )


@pytest.mark.parametrize(
    ("proxies", "forwarded", "visitor"),
    [
        (1, "198.51.100.9", "198.51.100.9"),
        # The visitor wrote the left entries themselves; our proxy appended the last one.
        (1, "192.0.2.1, 192.0.2.2, 198.51.100.9", "198.51.100.9"),
        (1, " 198.51.100.9 ", "198.51.100.9"),
        (2, "192.0.2.1, 198.51.100.9, 10.0.0.1", "198.51.100.9"),
        # Fewer entries than proxies: the request skipped the outer proxy; the one entry left
        # was written by ours.
        (2, "198.51.100.9", "198.51.100.9"),
        # No header or a broken entry: only the proxy itself is known.
        (1, None, PROXY),
        (1, "", PROXY),
        (1, "198.51.100.9, unknown", PROXY),
        (1, "::ffff:198.51.100.9", "198.51.100.9"),
        (1, "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::"),
    ],
)
def test_behind_proxies_the_visitor_is_the_entry_our_outermost_proxy_wrote(
    proxies, forwarded, visitor
):
    with override_settings(PROXY_COUNT=proxies):
        request = _request(forwarded)
        assert ratelimit.client_address(request) == visitor
        # The login lockout sees the same visitor.
        assert get_client_ip_address(request) == visitor


def test_no_address_at_all_is_empty():
    assert ratelimit.client_address(_request(remote="")) == ""


WINDOW = timedelta(minutes=15)


def _used(*limits) -> list[int]:
    return list(ratelimit.select(*(ratelimit.used_sql(limit) for limit in limits)))


@pytest.mark.django_db
def test_used_reads_a_count_without_adding_to_it():
    limit = ratelimit.Limit("status", "a", 3, WINDOW)
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC), tick=False):
        assert _used(limit) == [0]
        ratelimit.hit_all(limit)
        ratelimit.hit_all(limit)
        assert _used(limit, ratelimit.Limit("status", "b", 3, WINDOW)) == [2, 0]
        assert _used(limit) == [2]
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, 15, tzinfo=datetime.UTC)):
        assert _used(limit) == [0]  # the window has passed


@pytest.mark.django_db
def test_backoff_lets_free_failures_pass_then_doubles_the_wait_up_to_the_longest():
    backoff = ratelimit.Backoff(
        "login", "lars", free=3, first=timedelta(minutes=1), longest=timedelta(minutes=5)
    )
    with time_machine.travel(
        datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC), tick=False
    ) as clock:
        for _failure in range(2):
            backoff.failed()
            assert backoff.wait() == timedelta(0)
        waits = []
        for _failure in range(5):
            assert backoff.wait() == timedelta(0)  # the wait since the last failure is over
            backoff.failed()
            waits.append(backoff.wait())
            clock.shift(backoff.wait() - timedelta(seconds=1))
            assert backoff.wait() == timedelta(seconds=1)
            clock.shift(timedelta(seconds=1))
        assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 5, 5)]
        backoff.succeeded()
        backoff.failed()
        assert backoff.wait() == timedelta(0)  # a success starts the count over


@pytest.mark.django_db
def test_backoff_forgets_failures_after_its_memory():
    backoff = ratelimit.Backoff(
        "login", "lars", free=1, first=timedelta(minutes=1), longest=timedelta(hours=1)
    )
    with time_machine.travel(
        datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC), tick=False
    ) as clock:
        assert backoff.failed() == 1
        assert backoff.failed() == 2
        clock.shift(timedelta(days=1))
        assert backoff.wait() == timedelta(0)
        assert backoff.failed() == 1
