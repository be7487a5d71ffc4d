from django.core.management.base import BaseCommand

from digiketen.core import outbox


class Command(BaseCommand):
    help = (
        "Hand the task worker the messages whose retry time has come, and those whose task was "
        "lost. Safe to run often (e.g. every 15 minutes) and on several machines: a message is "
        "sent once, whoever hands it over."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{outbox.retry_due()} message(s) handed to the worker.")
