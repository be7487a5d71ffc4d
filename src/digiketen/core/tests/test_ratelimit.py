from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from digiketen.core import ratelimit
from digiketen.core.models import Throttle

pytestmark = pytest.mark.django_db
WINDOW = timedelta(minutes=15)


def test_the_attempt_past_the_limit_is_refused():
    answers = [ratelimit.hit("t", "10.0.0.1", limit=3, window=WINDOW) for _n in range(5)]
    assert answers == [True, True, True, False, False]
    assert Throttle.objects.get().hits == 5


def test_each_identity_counts_apart():
    for _n in range(3):
        ratelimit.hit("t", "a", limit=3, window=WINDOW)
    assert ratelimit.hit("t", "b", limit=3, window=WINDOW)
    assert ratelimit.hit("other", "a", limit=3, window=WINDOW)
    assert not ratelimit.hit("t", "a", limit=3, window=WINDOW)


def test_a_new_window_starts_after_the_old_one_passed():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _n in range(4):
            ratelimit.hit("t", "a", limit=3, window=WINDOW)
        traveller.shift(WINDOW - timedelta(seconds=1))
        assert not ratelimit.hit("t", "a", limit=3, window=WINDOW)
        traveller.shift(timedelta(seconds=2))
        assert ratelimit.hit("t", "a", limit=3, window=WINDOW)
        throttle = Throttle.objects.get()
        assert throttle.hits == 1
        assert throttle.window_start == timezone.now()


def test_one_statement_per_attempt(django_assert_max_num_queries):
    ratelimit.hit("t", "a", limit=3, window=WINDOW)
    with django_assert_max_num_queries(1):
        ratelimit.hit("t", "a", limit=3, window=WINDOW)


def test_every_limit_counts_and_one_used_up_refuses():
    narrow = ratelimit.Limit("narrow", "a", 1, WINDOW)
    wide = ratelimit.Limit("wide", "a", 5, WINDOW)
    assert ratelimit.hit_all(narrow, wide)
    assert not ratelimit.hit_all(narrow, wide)
    assert not ratelimit.hit_all(wide, narrow)
    hits = dict(Throttle.objects.values_list("key", "hits"))
    assert hits == {narrow.key: 3, wide.key: 3}
    assert ratelimit.hit("wide", "a", limit=5, window=WINDOW)  # the wide one has room left


def test_each_limit_keeps_its_own_window():
    short = ratelimit.Limit("short", "a", 1, timedelta(minutes=1))
    long = ratelimit.Limit("long", "a", 2, timedelta(hours=1))
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert ratelimit.hit_all(short, long)
        traveller.shift(timedelta(minutes=2))
        assert ratelimit.hit_all(short, long)  # a new minute; the hour has room for two
        traveller.shift(timedelta(minutes=2))
        assert not ratelimit.hit_all(short, long)  # the hour is used up


def test_all_limits_in_one_statement(django_assert_num_queries):
    limits = [ratelimit.Limit("t", "a", 3, WINDOW), ratelimit.Limit("u", "a", 3, WINDOW)]
    with django_assert_num_queries(1):
        ratelimit.hit_all(*limits)


def test_a_read_and_the_limits_that_guard_it_come_in_one_statement_that_counts_nothing(
    django_assert_num_queries,
):
    failed = ratelimit.Limit("failed", "a", 3, WINDOW)
    other = ratelimit.Limit("failed", "b", 3, WINDOW)
    for _n in range(3):
        ratelimit.hit_all(failed)
    with django_assert_num_queries(1):
        values = ratelimit.select(
            ("%s", [7]), ratelimit.used_sql(failed), ratelimit.used_sql(other)
        )
    assert list(values) == [7, 3, 0]
    assert failed.used_up(3) and not failed.used_up(2) and not other.used_up(0)
    assert Throttle.objects.get(key=failed.key).hits == 3  # read, not counted


def test_a_count_from_a_past_window_reads_as_none():
    failed = ratelimit.Limit("failed", "a", 5, WINDOW)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        ratelimit.hit_all(failed)
        traveller.shift(WINDOW + timedelta(seconds=1))
        assert list(ratelimit.select(ratelimit.used_sql(failed))) == [0]
        unknown = ratelimit.Limit("failed", "b", 5, WINDOW)
        assert list(ratelimit.select(ratelimit.used_sql(unknown))) == [0]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_every_count_is_kept():
    # Outside a caller's transaction PostgreSQL gets the statements with SET LOCAL before them.
    limits = [ratelimit.Limit("t", "a", 2, WINDOW), ratelimit.Limit("u", "a", 1, WINDOW)]
    assert ratelimit.hit_all(*limits)
    assert not ratelimit.hit_all(*limits)
    assert sorted(Throttle.objects.values_list("hits", flat=True)) == [2, 2]
