from django.core.management.base import BaseCommand

from digiketen.helpdesk import services


class Command(BaseCommand):
    help = (
        "Daily work of the help points: remind visitors of tomorrow's follow-up appointment "
        "(SMS or e-mail) and remove the names and contact details of appointments that are "
        "over. Run once a day (cron or a systemd timer), e.g. at 10:00."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{services.remind_appointments()} appointment reminder(s).")
        self.stdout.write(f"{services.forget_visitors()} visitor detail(s) removed.")
