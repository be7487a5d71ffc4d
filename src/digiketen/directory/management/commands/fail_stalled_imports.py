from django.core.management.base import BaseCommand

from digiketen.directory.import_runs import fail_stalled_imports


class Command(BaseCommand):
    help = (
        "Mark as failed the service imports whose task worker stopped: running without a sign "
        "of life for 15 minutes, or waiting for a worker for an hour. Their page then tells the "
        "staff member that nothing was saved and to upload the file again. Safe to run often "
        "(e.g. every 15 minutes) and on several machines."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{fail_stalled_imports()} stalled import(s) marked as failed.")
