from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from digiketen.core import demo


class Command(BaseCommand):
    help = "Load the demo municipality and one account per role, once (demo mode only)."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("seed_demo only runs with DEMO_MODE on; it creates known passwords.")
        lines = demo.seed()
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        for line in lines:
            self.stdout.write(line)
