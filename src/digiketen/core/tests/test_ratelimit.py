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
