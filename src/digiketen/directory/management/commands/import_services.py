from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from digiketen.directory import importer


class Command(BaseCommand):
    help = (
        "Import services from an HSDS 3.0 data package: a .json file, a .zip with CSV files, "
        "or a folder with CSV files. All or nothing; prints what happened per row."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        source = Path(path)
        try:
            if source.is_dir():
                records = importer.read_folder(source)
            else:
                records = importer.read_package(source.name, source.read_bytes())
            report = importer.import_records(records, actor_label="manage.py import_services")
        except (OSError, importer.ImportFileError) as exc:
            raise CommandError(str(exc)) from exc
        for row in report.rows:
            line = f"{row.row:>4}  {row.outcome:<9} {row.name}"
            self.stdout.write(line + ("" if not row.reasons else ": " + " ".join(row.reasons)))
        if not report.saved:
            raise CommandError(
                f"Nothing imported: {len(report.rejected)} of {len(report.rows)} rows rejected."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Imported: {report.created} created, {report.updated} updated.")
        )
