from django.core.management.base import BaseCommand

from digiketen.directory.services import send_confirmation_reminders


class Command(BaseCommand):
    help = (
        "E-mail partners whose services have not been confirmed for SERVICE_CONFIRM_MONTHS. "
        "Run daily (cron or a systemd timer); each service is reminded at most once a month."
    )

    def handle(self, *args, **options):
        sent = send_confirmation_reminders()
        self.stdout.write(f"{sent} reminder e-mail(s) queued.")
