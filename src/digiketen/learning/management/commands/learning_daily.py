from django.core.management.base import BaseCommand

from digiketen.learning.services import buddies


class Command(BaseCommand):
    help = (
        "Daily work of learning (buddies): an expired VOG puts the volunteer's running matches "
        "on hold and tells the buddy coordinator; reminders 60 and 30 days before a VOG ends; "
        "names and contact details of finished buddy requests are removed after "
        "BUDDY_RETENTION_MONTHS. Run once a day (cron or a systemd timer), e.g. at 10:00."
    )

    def handle(self, *args, **options):
        counts = buddies.check_vogs()
        self.stdout.write(
            f"{counts['expired']} expired VOG(s), {counts['on_hold']} match(es) on hold, "
            f"{counts['reminded']} VOG reminder(s)."
        )
        self.stdout.write(f"{buddies.forget_finished()} buddy request(s) made anonymous.")
