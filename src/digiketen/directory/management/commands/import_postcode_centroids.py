import csv
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from digiketen.directory.models import GeocodedPostcode


class Command(BaseCommand):
    help = (
        "Import positions of 4-digit postcode areas from a CSV with the columns "
        "postcode,latitude,longitude. Used when PDOK Locatieserver cannot be reached."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file")

    def handle(self, *args, csv_file, **options):
        rows = []
        try:
            handle = open(csv_file, newline="", encoding="utf-8-sig")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot read {csv_file}: {exc.strerror}") from exc
        with handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                postcode = (row.get("postcode") or "").strip()
                try:
                    latitude, longitude = Decimal(row["latitude"]), Decimal(row["longitude"])
                except (KeyError, InvalidOperation, TypeError) as exc:
                    raise CommandError(
                        f"line {number}: latitude/longitude missing or wrong"
                    ) from exc
                if not (len(postcode) == 4 and postcode.isdigit() and postcode[0] != "0"):
                    raise CommandError(f"line {number}: {postcode!r} is not a 4-digit postcode")
                if not (latitude.is_finite() and longitude.is_finite()) or not (
                    -90 <= latitude <= 90 and -180 <= longitude <= 180
                ):
                    raise CommandError(f"line {number}: position out of range")
                rows.append(
                    (
                        postcode,
                        latitude.quantize(Decimal("0.000001")),
                        longitude.quantize(Decimal("0.000001")),
                    )
                )
        with transaction.atomic():
            for postcode, latitude, longitude in rows:
                GeocodedPostcode.objects.update_or_create(
                    postcode=postcode,
                    defaults={
                        "latitude": latitude,
                        "longitude": longitude,
                        "source": GeocodedPostcode.Source.CENTROID_FILE,
                    },
                )
        self.stdout.write(self.style.SUCCESS(f"{len(rows)} postcode areas imported."))
