from django.core.management.base import BaseCommand, CommandError

from digiketen.inventory.services import create_hub_token
from digiketen.organisations.models import Location


class Command(BaseCommand):
    help = "Make an upload key for digiketen-collect at a hub. The key is shown only now."

    def add_arguments(self, parser):
        parser.add_argument("--hub", type=int, required=True, help="Location id of the hub")
        parser.add_argument("--name", required=True, help="e.g. 'USB-stick werkplaats 1'")

    def handle(self, *args, hub, name, **options):
        location = Location.objects.select_related("organisation").filter(pk=hub).first()
        if location is None:
            raise CommandError(f"No location with id {hub}.")
        _token, secret = create_hub_token(hub=location, name=name)
        self.stdout.write(f"Upload key for {location}: {secret}")
        self.stdout.write("Store it on the collector stick; it cannot be shown again.")
