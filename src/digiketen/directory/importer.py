"""Import services from an Open Referral HSDS 3.0 data package: JSON (a list of service
objects, as /api/hsds/services/{id} gives them, or a page of them) or the CSV package (a ZIP
or folder with organizations.csv, services.csv, locations.csv, addresses.csv,
service_at_locations.csv, schedules.csv and optionally languages.csv, phones.csv,
attributes.csv with taxonomy_terms.csv).

All or nothing: when any row is rejected, nothing is saved and the report says why per row.
Objects keep their HSDS id, so importing a file again updates instead of duplicating.
"""

import csv
import io
import json
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from digiketen.core import audit
from digiketen.directory import hsds
from digiketen.directory.geo import normalise_postcode
from digiketen.directory.models import (
    SPOKEN_LANGUAGES,
    Access,
    ScheduleException,
    Service,
    ServiceAtLocation,
    ServiceHours,
    ServiceLanguage,
    ServiceType,
)
from digiketen.organisations.models import (
    AccessibilityFeature,
    Location,
    Organisation,
    OrganisationType,
)
from digiketen.organisations.models import (
    normalise_postcode as format_postcode,
)

WEEKDAY = {code: number for number, code in enumerate(hsds.WEEKDAYS)}

TERM_CODES = {hsds.service_type_term(code)["id"]: code for code in ServiceType.values}
STREET_AND_NUMBER = re.compile(r"^(?P<street>.+?)\s+(?P<number>\d+\s*\S*)$")
LANGUAGE_CODES = {code for code, _name in SPOKEN_LANGUAGES}


MAX_UNZIPPED_BYTES = 50_000_000
MAX_AGE = 150


class ImportFileError(Exception):
    """The file as a whole cannot be read."""


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


class RowError(Exception):
    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


# Reading ---------------------------------------------------------------------------------


def read_package(name: str, content: bytes) -> list[dict]:
    """Service records from a .json file, a .zip CSV package, or a folder path (name only)."""
    if name.lower().endswith(".json"):
        try:
            data = json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
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
            archive = zipfile.ZipFile(io.BytesIO(content))
        except zipfile.BadZipFile as exc:
            raise ImportFileError("Dit ZIP-bestand is beschadigd.") from exc
        members = [
            info
            for info in archive.infolist()
            # Skip the hidden copies some systems add (__MACOSX/._services.csv).
            if info.filename.lower().endswith(".csv")
            and not Path(info.filename).name.startswith(".")
            and "__MACOSX" not in info.filename
        ]
        if sum(info.file_size for info in members) > MAX_UNZIPPED_BYTES:
            raise ImportFileError("De CSV-bestanden in dit ZIP-bestand zijn samen te groot.")
        try:
            tables = {
                Path(info.filename).stem: archive.read(info).decode("utf-8-sig") for info in members
            }
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
        rows = {name: list(csv.DictReader(io.StringIO(text))) for name, text in tables.items()}
    except csv.Error as exc:
        raise ImportFileError(f"Een CSV-bestand is niet te lezen: {exc}") from exc
    for name in ("services", "organizations"):
        if rows[name] and "id" not in rows[name][0]:
            raise ImportFileError(f"{name}.csv mist de kolom 'id'.")

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
        record = dict(service)
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


# Importing -------------------------------------------------------------------------------


def import_records(records: list[dict], *, actor=None, actor_label: str = "") -> Report:
    """Import all records or none. Returns the per-row report."""
    results: list[RowResult] = []
    with transaction.atomic():
        for number, record in enumerate(records, start=1):
            name = str(record.get("name") or "").strip()
            try:
                with transaction.atomic():
                    outcome = _import_service(record)
                results.append(RowResult(number, name, outcome))
            except RowError as exc:
                results.append(RowResult(number, name or "?", "rejected", exc.reasons))
            except ValidationError as exc:
                reasons = [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
                results.append(RowResult(number, name or "?", "rejected", reasons))
            except (DatabaseError, ValueError, TypeError, AttributeError, ArithmeticError) as exc:
                # Anything else wrong in this row: report it instead of failing the import.
                reason = f"deze regel is niet te lezen ({type(exc).__name__}: {exc})."
                results.append(RowResult(number, name or "?", "rejected", [reason]))
        saved = not any(r.outcome == "rejected" for r in results)
        if saved:
            audit.record(
                "service.imported",
                actor=actor,
                actor_label=actor_label,
                after={
                    "created": sum(r.outcome == "created" for r in results),
                    "updated": sum(r.outcome == "updated" for r in results),
                },
            )
        else:
            transaction.set_rollback(True)
    return Report(results, saved)


def _uuid(value, what: str, reasons: list[str]) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        reasons.append(f"{what}: '{value}' is geen geldige id (UUID).")
        return None


def _int_or_none(value, what: str, reasons: list[str]) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        reasons.append(f"{what}: '{value}' is geen heel getal.")
        return None
    if not 0 <= number <= MAX_AGE:
        reasons.append(f"{what}: moet tussen 0 en {MAX_AGE} liggen.")
        return None
    return number


def _coordinate(value, limit: int, what: str, reasons: list[str]) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or not -limit <= number <= limit:
        reasons.append(f"{what}: '{value}' is geen geldige coördinaat.")
        return None
    return number.quantize(Decimal("0.000001"))


def _objects(value, what: str, reasons: list[str]) -> list[dict]:
    """A list of objects (HSDS arrays); anything else is a reason to reject the row."""
    if value in (None, ""):
        return []
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return value
    reasons.append(f"{what}: moet een lijst met objecten zijn.")
    return []


def _service_type(record: dict, reasons: list[str]) -> str | None:
    for attribute in _objects(record.get("attributes"), "attributes", reasons):
        term = attribute.get("taxonomy_term") or {}
        if not isinstance(term, dict):
            continue
        code = term.get("code") or TERM_CODES.get(str(attribute.get("taxonomy_term_id", "")))
        if code in ServiceType.values:
            return code
    reasons.append(
        "soort hulp ontbreekt: koppel de dienst aan een term uit de taxonomie "
        f"'{hsds.TAXONOMIES[hsds.SERVICE_TYPES][0]}' (bijv. code help_point)."
    )
    return None


def _organisation(data, reasons: list[str]) -> Organisation | None:
    if not isinstance(data, dict):
        reasons.append("organization: moet een object zijn.")
        return None
    org_id = _uuid(data.get("id"), "organisatie", reasons)
    name = str(data.get("name") or "").strip()
    existing = Organisation.objects.filter(uuid=org_id).first() if org_id else None
    existing = existing or (
        Organisation.objects.filter(name__iexact=name).first() if name else None
    )
    if existing is not None:
        return existing
    if not name:
        reasons.append("organisatie: naam ontbreekt.")
        return None
    organisation = Organisation(
        uuid=org_id or uuid.uuid4(),
        name=name,
        type=OrganisationType.OTHER,
        description=str(data.get("description") or ""),
        email=str(data.get("email") or ""),
        website=str(data.get("website") or ""),
    )
    organisation.full_clean()
    organisation.save()
    return organisation


def _location(data, organisation: Organisation, reasons: list[str]) -> Location | None:
    if not isinstance(data, dict):
        reasons.append("location: moet een object zijn.")
        return None
    loc_id = _uuid(data.get("id"), "locatie", reasons)
    existing = Location.objects.filter(uuid=loc_id).first() if loc_id else None
    if existing is not None:
        return existing
    address = (_objects(data.get("addresses"), "addresses", reasons) or [{}])[0]
    name = str(data.get("name") or "").strip()
    match = STREET_AND_NUMBER.match(str(address.get("address_1") or "").strip())
    postcode = normalise_postcode(str(address.get("postal_code") or ""))
    problems = []
    if not name:
        problems.append("locatie: naam ontbreekt.")
    if not match:
        problems.append(f"locatie {name}: adres moet straat en huisnummer zijn.")
    if postcode is None or len(postcode) != 6:
        problems.append(f"locatie {name}: postcode '{address.get('postal_code', '')}' klopt niet.")
    if not address.get("city"):
        problems.append(f"locatie {name}: plaats ontbreekt.")
    latitude = _coordinate(data.get("latitude"), 90, f"locatie {name}: breedtegraad", problems)
    longitude = _coordinate(data.get("longitude"), 180, f"locatie {name}: lengtegraad", problems)
    if (latitude is None) != (longitude is None) and not problems:
        problems.append(
            f"locatie {name}: vul breedte- en lengtegraad allebei in, of geen van beide."
        )
    if problems:
        reasons.extend(problems)
        return None
    location = Location.objects.filter(organisation=organisation, name=name).first() or Location(
        uuid=loc_id or uuid.uuid4(), organisation=organisation, name=name
    )
    location.street, location.house_number = match.group("street"), match.group("number")
    location.postcode, location.city = format_postcode(postcode), str(address["city"])
    location.latitude, location.longitude = latitude, longitude
    location.directions = str(data.get("transportation") or location.directions)
    location.full_clean()
    location.save()
    codes = [
        str(a.get("details") or "")
        for a in _objects(data.get("accessibility"), "accessibility", reasons)
    ]
    features = AccessibilityFeature.objects.filter(code__in=codes)
    if features:
        location.accessibility_features.add(*features)
    return location


def _time(value, what: str, reasons: list[str]) -> time | None:
    try:
        return time.fromisoformat(str(value)[:5])
    except ValueError:
        reasons.append(f"{what}: '{value}' is geen tijd (gebruik uu:mm).")
        return None


def _schedules(items: list[dict], where: str, reasons: list[str]):
    weekly, exceptions = [], []
    for item in items:
        if item.get("valid_from") and item.get("valid_to") and not item.get("byday"):
            try:
                start, end = (
                    date.fromisoformat(item["valid_from"]),
                    date.fromisoformat(item["valid_to"]),
                )
            except ValueError:
                reasons.append(
                    f"{where}: datum '{item['valid_from']}'/'{item['valid_to']}' klopt niet."
                )
                continue
            if end < start:
                reasons.append(f"{where}: einddatum ligt voor de begindatum.")
                continue
            opens = _time(item["opens_at"], where, reasons) if item.get("opens_at") else None
            closes = _time(item["closes_at"], where, reasons) if item.get("closes_at") else None
            closed = opens is None or closes is None
            if not closed and opens >= closes:
                reasons.append(f"{where}: {opens:%H:%M} moet voor {closes:%H:%M} liggen.")
                continue
            exceptions.append(
                {
                    "start_date": start,
                    "end_date": end,
                    "is_closed": closed,
                    "opens": None if closed else opens,
                    "closes": None if closed else closes,
                    "notice": str(item.get("description") or "")[:300],
                }
            )
            continue
        days = [d.strip().upper() for d in str(item.get("byday") or "").split(",") if d.strip()]
        if not days or any(d not in WEEKDAY for d in days):
            reasons.append(f"{where}: dag '{item.get('byday', '')}' klopt niet (MO, TU, … SU).")
            continue
        opens = _time(item.get("opens_at"), where, reasons)
        closes = _time(item.get("closes_at"), where, reasons)
        if opens and closes and opens >= closes:
            reasons.append(f"{where}: {opens:%H:%M} moet voor {closes:%H:%M} liggen.")
            continue
        if opens and closes:
            weekly += [{"weekday": WEEKDAY[d], "opens": opens, "closes": closes} for d in days]
    return weekly, exceptions


def _access(label, default: str) -> str:
    """Our own export writes the access as its Dutch label; read it back the same way."""
    with audit.default_language():
        by_label = {str(text): value for value, text in Access.choices}
    return by_label.get(str(label or ""), default)


def _import_service(record: dict) -> str:
    reasons: list[str] = []
    raw_name = record.get("name")
    name = raw_name.strip() if isinstance(raw_name, str) else ""
    if not name:
        reasons.append("naam ontbreekt of is geen tekst.")
    if not str(record.get("description") or "").strip():
        reasons.append("omschrijving ontbreekt: schrijf in gewone woorden wat de inwoner krijgt.")
    if len(name) > 200:
        reasons.append("naam is langer dan 200 tekens.")
    status = record.get("status") or "active"
    if status not in ("active", "inactive", "defunct", "temporarily closed"):
        reasons.append(f"status '{status}' bestaat niet.")
    service_id = _uuid(record.get("id"), "dienst", reasons)
    type_ = _service_type(record, reasons)
    minimum = _int_or_none(record.get("minimum_age"), "minimale leeftijd", reasons)
    maximum = _int_or_none(record.get("maximum_age"), "maximale leeftijd", reasons)
    if minimum is not None and maximum is not None and minimum > maximum:
        reasons.append("minimale leeftijd is hoger dan de maximale leeftijd.")
    languages = sorted(
        {
            str(lang.get("code") or "").strip()
            for lang in _objects(record.get("languages"), "languages", reasons)
        }
    )
    unknown = [code for code in languages if code not in LANGUAGE_CODES]
    if unknown:
        reasons.append(f"onbekende taalcode: {', '.join(unknown)}.")
    phones = _objects(record.get("phones"), "phones", reasons)
    documents = _objects(record.get("required_documents"), "required_documents", reasons)
    places = _objects(record.get("service_at_locations"), "service_at_locations", reasons)
    service = Service.objects.filter(uuid=service_id).first() if service_id else None
    organisation = _organisation(record.get("organization") or {}, reasons)
    if service and organisation and service.organisation_id != organisation.pk:
        reasons.append(
            f"deze dienst hoort bij {service.organisation}; verhuizen naar een andere "
            "organisatie kan niet met inlezen."
        )
    if reasons:
        raise RowError(reasons)
    outcome = "updated" if service else "created"
    service = service or Service(uuid=service_id or uuid.uuid4(), organisation=organisation)
    service.name, service.type = name, type_
    service.description = str(record.get("description") or "")
    service.url, service.email = str(record.get("url") or ""), str(record.get("email") or "")
    service.is_active = status == "active"
    fees = str(record.get("fees_description") or "")
    service.is_free, service.cost_description = not fees, fees[:200]
    service.for_whom = str(record.get("eligibility_description") or "")[:300]
    service.minimum_age, service.maximum_age = minimum, maximum
    service.phone = str(phones[0].get("number") or "")[:30] if phones else service.phone
    service.access = _access(record.get("application_process"), service.access)
    if documents:
        service.what_to_bring = str(documents[0].get("document") or "")[:300]
    service.last_confirmed_at = timezone.now()
    if (
        Service.objects.filter(organisation=service.organisation, name__iexact=name)
        .exclude(pk=service.pk)
        .exists()
    ):
        raise RowError([f"{service.organisation} heeft al een andere dienst met de naam '{name}'."])
    service.full_clean(exclude=["last_confirmed_by"])
    service.save()
    service.languages.exclude(code__in=languages).delete()
    for code in languages:
        ServiceLanguage.objects.get_or_create(service=service, code=code)

    for place_data in places:
        location = _location(place_data.get("location") or {}, service.organisation, reasons)
        where = f"plek {(place_data.get('location') or {}).get('name', '?')}"
        weekly, exceptions = _schedules(place_data.get("schedules") or [], where, reasons)
        if location is None or reasons:
            continue
        wanted = _uuid(place_data.get("id"), where, [])
        if (
            wanted
            and ServiceAtLocation.objects.filter(uuid=wanted).exclude(service=service).exists()
        ):
            wanted = None  # that id belongs to another service's place; give this one its own
        place, _created = ServiceAtLocation.objects.get_or_create(
            service=service, location=location, defaults={"uuid": wanted or uuid.uuid4()}
        )
        place.note = str(place_data.get("description") or "")[:300]
        place.save(update_fields=["note"])
        place.hours.all().delete()
        ServiceHours.objects.bulk_create(
            ServiceHours(service_at_location=place, **w) for w in weekly
        )
        place.exceptions.all().delete()
        ScheduleException.objects.bulk_create(
            ScheduleException(service_at_location=place, **e) for e in exceptions
        )
    if reasons:
        raise RowError(reasons)
    return outcome
