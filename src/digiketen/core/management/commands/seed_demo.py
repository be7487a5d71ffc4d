from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from digiketen.core import demo


class Command(BaseCommand):
    help = "Create or refresh the demo municipality and one account per role (demo mode only)."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("seed_demo only runs with DEMO_MODE on; it creates known passwords.")
        accounts = demo.seed()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready. Demo accounts (password for all: "
                f"{demo.DEMO_PASSWORD}, 2FA code: {settings.DEMO_OTP_CODE}):"
            )
        )
        for username, role, organisation in accounts:
            self.stdout.write(f"  {username:<16} {role} — {organisation}")
