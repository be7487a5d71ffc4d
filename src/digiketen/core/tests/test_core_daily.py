"""The daily housekeeping that every site needs, whichever parts of the chain it uses."""

from datetime import timedelta

import time_machine
from django.core.management import call_command
from django.utils import timezone

from digiketen.core import once, ratelimit
from digiketen.core.models import OnceKey, Throttle


def test_old_form_keys_and_counters_go_and_recent_ones_stay(db):
    start = timezone.now()
    with time_machine.travel(start - timedelta(days=8)):
        once.run(once.new_key(), lambda: "/oud")
        ratelimit.hit("status-ip", "192.0.2.1", limit=5, window=timedelta(minutes=15))
    with time_machine.travel(start - timedelta(days=6)):
        recent = once.new_key()
        once.run(recent, lambda: "/recent")
    ratelimit.hit("status-ip", "192.0.2.2", limit=5, window=timedelta(minutes=15))

    call_command("core_daily")

    assert list(OnceKey.objects.values_list("result_url", flat=True)) == ["/recent"]
    # A double submit of a form sent six days ago still goes to its first result.
    assert once.run(recent, lambda: "/nieuw") == "/recent"
    assert Throttle.objects.count() == 1
