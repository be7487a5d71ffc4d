from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from digiketen.core import once, ratelimit

# A form is sent twice within minutes; a week covers a form left open over a weekend.
ONCE_KEY_DAYS = 7


class Command(BaseCommand):
    help = (
        "Daily housekeeping of every site, whichever parts it uses: forget the one-time keys "
        "of forms sent more than a week ago and rate-limit counters whose window has passed. "
        "Run once a day (cron or a systemd timer)."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        keys = once.forget_old(before=now - timedelta(days=ONCE_KEY_DAYS))
        throttles = ratelimit.forget_old(before=now - timedelta(days=1))
        self.stdout.write(f"{keys} form key(s) and {throttles} rate-limit counter(s) removed.")
