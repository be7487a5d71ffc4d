from django.core.management.base import BaseCommand

from digiketen.applications import notifications, services


class Command(BaseCommand):
    help = (
        "Daily work of the cyberbank: remind residents of tomorrow's pickup, expire unanswered "
        "invitations, tell staff about "
        "home internet that ends soon, forfeit deposits past their period, retry failed "
        "messages and make finished applications anonymous. Run once a day (cron or a systemd "
        "timer), e.g. at 10:00."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{services.send_pickup_reminders()} pickup reminder(s).")
        self.stdout.write(f"{services.expire_invitations()} invitation(s) expired.")
        self.stdout.write(f"{services.remind_internet_endings()} home internet reminder(s).")
        self.stdout.write(f"{services.forfeit_expired_deposits()} deposit(s) forfeited.")
        self.stdout.write(f"{notifications.retry_due()} message(s) retried.")
        self.stdout.write(f"{services.anonymise_expired()} application(s) made anonymous.")
