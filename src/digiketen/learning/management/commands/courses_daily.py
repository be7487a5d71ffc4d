from django.core.management.base import BaseCommand

from digiketen.learning.services import courses as services


class Command(BaseCommand):
    help = (
        "Daily work of the courses: seat offers not answered in time pass on to the next "
        "person on the waiting list. Run once a day (cron or a systemd timer); an offer is "
        "also expired when the person opens their link."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{services.expire_offers()} offer(s) expired.")
