"""Import services from an Open Referral HSDS 3.0 data package: JSON (a list of service
objects, as /api/hsds/services/{id} gives them, or a page of them) or the CSV package (a ZIP
or folder with organizations.csv, services.csv, locations.csv, addresses.csv,
service_at_locations.csv, schedules.csv and optionally languages.csv, phones.csv,
attributes.csv with taxonomy_terms.csv).

All or nothing: when any row is rejected, nothing is saved and the report says why per row.
Objects keep their HSDS id, so importing a file again updates instead of duplicating. The rows
are checked in import_rows against a plan (import_plan), which saves them in one short
transaction only when all are accepted.
"""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError

from digiketen.directory import archive
from digiketen.directory.import_plan import Plan
from digiketen.directory.import_rows import RowError, plan_service


class ImportFileError(Exception):
    """The file as a whole cannot be read (or, ImportConflict, saved)."""


class ImportConflict(ImportFileError):
    """Every row was accepted, but saving failed: the database changed while the file was
    being checked (someone else saved a service with one of its names at that moment)."""


@dataclass
class RowResult:
    row: int
    name: str
    outcome: str  # "created", "updated" or "rejected"
    reasons: list[str] = field(default_factory=list)


@dataclass
class Report:
    rows: list[RowResult]
    saved: bool

    @property
    def rejected(self) -> list[RowResult]:
        return [r for r in self.rows if r.outcome == "rejected"]

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def updated(self) -> int:
        return self.count("updated")


# Reading ---------------------------------------------------------------------------------


def read_package(name: str, content: bytes) -> list[dict]:
    """Service records from a .json file, a .zip CSV package, or a folder path (name only)."""
    if name.lower().endswith(".json"):
        try:
            data = json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            # ValueError also for a number of more than 4,300 digits (int's own limit).
            raise ImportFileError(f"Dit is geen geldig JSON-bestand: {exc}") from exc
        except RecursionError as exc:
            raise ImportFileError("Dit JSON-bestand is te diep genest.") from exc
        if isinstance(data, dict):
            data = data.get("contents", data.get("services", [data]))
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise ImportFileError("Het JSON-bestand moet een lijst met diensten zijn.")
        return data
    if name.lower().endswith(".zip"):
        try:
            members = archive.read_members(content, wanted=lambda n: n.lower().endswith(".csv"))
        except archive.ArchiveError as exc:
            raise ImportFileError(str(exc)) from exc
        try:
            tables = {Path(n).stem: data.decode("utf-8-sig") for n, data in members.items()}
        except UnicodeDecodeError as exc:
            raise ImportFileError("De CSV-bestanden moeten UTF-8 zijn.") from exc
        return records_from_csv(tables)
    raise ImportFileError("Kies een .json-bestand of een .zip met CSV-bestanden.")


def read_folder(folder: Path) -> list[dict]:
    return records_from_csv({p.stem: p.read_text("utf-8-sig") for p in folder.glob("*.csv")})


def records_from_csv(tables: dict[str, str]) -> list[dict]:
    """Nest the flat CSV tables into service records shaped like the JSON format."""
    missing = {"services", "organizations"} - set(tables)
    if missing:
        raise ImportFileError(f"Deze CSV-bestanden ontbreken: {', '.join(sorted(missing))}.csv")
    try:
        read = {name: _csv_rows(text) for name, text in tables.items()}
    except csv.Error as exc:
        raise ImportFileError(f"Een CSV-bestand is niet te lezen: {exc}") from exc
    for name in ("services", "organizations"):
        header, body = read[name]
        if body and "id" not in header:
            raise ImportFileError(f"{name}.csv mist de kolom 'id'.")
    rows = {name: body for name, (_header, body) in read.items()}

    def by(table: str, key: str) -> dict[str, list[dict]]:
        grouped: dict[str, list[dict]] = {}
        for row in rows.get(table, []):
            grouped.setdefault(row.get(key, ""), []).append(row)
        return grouped

    organisations = {row["id"]: row for row in rows["organizations"]}
    terms = {row["id"]: row for row in rows.get("taxonomy_terms", [])}
    addresses, schedules = by("addresses", "location_id"), by("schedules", "service_at_location_id")
    locations = {row["id"]: row for row in rows.get("locations", [])}
    places, languages = by("service_at_locations", "service_id"), by("languages", "service_id")
    phones, attributes = by("phones", "service_id"), by("attributes", "link_id")

    records = []
    for service in rows["services"]:
        record = service  # the row is read once and only here: it becomes the record
        record["organization"] = organisations.get(service.get("organization_id", ""), {})
        record["attributes"] = [
            {**a, "taxonomy_term": terms.get(a.get("taxonomy_term_id", ""), {})}
            for a in attributes.get(service.get("id", ""), [])
        ]
        record["languages"] = languages.get(service.get("id", ""), [])
        record["phones"] = phones.get(service.get("id", ""), [])
        record["service_at_locations"] = [
            {
                **place,
                "location": {
                    **locations.get(place.get("location_id", ""), {"id": place.get("location_id")}),
                    "addresses": addresses.get(place.get("location_id", ""), []),
                },
                "schedules": schedules.get(place.get("id", ""), []),
            }
            for place in places.get(service.get("id", ""), [])
        ]
        records.append(record)
    return records


def _csv_rows(text: str) -> tuple[list[str], list[dict]]:
    """The header and the rows of a CSV table, each row a dict by column as DictReader
    makes them (blank lines skipped, None for the columns a short row lacks), in a fraction
    of its time: csv.reader and zip instead of DictReader's own loop in Python."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    width, rows = len(header), []
    for row in reader:
        if len(row) < width:
            if not row:
                continue
            row += [None] * (width - len(row))
        rows.append(dict(zip(header, row, strict=False)))
    return header, rows


# Importing -------------------------------------------------------------------------------


Progress = Callable[[int, list[RowResult]], None]


def import_records(
    records: list[dict],
    *,
    actor=None,
    actor_label: str = "",
    progress: Progress | None = None,
    every: int = 500,
    on_saved: Callable[[Report], None] | None = None,
) -> Report:
    """Import all records or none. Returns the per-row report; raises ImportConflict when
    every row was accepted but saving them failed (then nothing is saved either).

    Every row is checked first, without writing (import_plan says why); only when all are
    accepted are they saved, in one short transaction. `progress(rows checked, rejected rows
    so far)` is called every `every` rows; `on_saved(report)` runs inside the transaction that
    saves the rows, so what it writes is saved exactly when they are."""
    plan = Plan.load(records)
    results: list[RowResult] = []
    rejected: list[RowResult] = []
    for number, record in enumerate(records, start=1):
        if progress is not None and number > 1 and (number - 1) % every == 0:
            progress(number - 1, rejected)
        name = str(record.get("name") or "").strip()
        plan.begin_row()
        try:
            outcome = plan_service(record, plan)
        except RowError as exc:
            rejected.append(RowResult(number, name or "?", "rejected", exc.reasons))
            results.append(rejected[-1])
        except ValidationError as exc:
            reasons = [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
            rejected.append(RowResult(number, name or "?", "rejected", reasons))
            results.append(rejected[-1])
        except (DatabaseError, ValueError, TypeError, AttributeError, ArithmeticError) as exc:
            # Anything else wrong in this row: report it instead of failing the import.
            reason = f"deze regel is niet te lezen ({type(exc).__name__}: {exc})."
            rejected.append(RowResult(number, name or "?", "rejected", [reason]))
            results.append(rejected[-1])
        else:
            plan.accept_row()
            results.append(RowResult(number, name, outcome))
    if progress is not None:
        progress(len(records), rejected)
    report = Report(results, saved=not rejected)
    if report.saved:
        try:
            plan.write(
                actor=actor,
                actor_label=actor_label,
                after={"created": report.created, "updated": report.updated},
                also=(lambda: on_saved(report)) if on_saved is not None else None,
            )
        except DatabaseError as exc:
            raise ImportConflict(
                "Er is niets ingelezen: tijdens het inlezen veranderde er iets aan dezelfde "
                "diensten of locaties. Probeer het opnieuw."
            ) from exc
    return report
