"""The check of one row of an import: every reason to reject it, or what it adds to the plan
(import_plan), read from the plan only: nothing here writes to the database."""

import copy
import functools
import re
import uuid
from datetime import date, time
from decimal import Decimal, InvalidOperation

from django.db.models import Model
from django.db.models.base import ModelState
from django.utils import timezone

from digiketen.core import audit
from digiketen.directory import hsds
from digiketen.directory.geo import normalise_postcode
from digiketen.directory.import_plan import Plan
from digiketen.directory.models import (
    SPOKEN_LANGUAGES,
    Access,
    Service,
    ServiceAtLocation,
    ServiceHours,
    ServiceType,
)
from digiketen.organisations import hours
from digiketen.organisations.models import Location, Organisation, OrganisationType
from digiketen.organisations.models import normalise_postcode as format_postcode

WEEKDAY = {code: number for number, code in enumerate(hsds.WEEKDAYS)}
SERVICE_TYPES = frozenset(ServiceType.values)  # (.values makes a new list at every use)
TERM_CODES = {hsds.service_type_term(code)["id"]: code for code in ServiceType.values}
STREET_AND_NUMBER = re.compile(r"^(?P<street>.+?)\s+(?P<number>\d+\s*\S*)$")
LANGUAGE_CODES = {code for code, _name in SPOKEN_LANGUAGES}
MAX_AGE = 150


@functools.cache
def _blank(model: type[Model]) -> Model:
    return model()


def _new(model: type[Model], **values) -> Model:
    """An unsaved instance with the model's defaults (all immutable values here) and these
    values, copied from a blank one made once: Model.__init__ (two signals, a default and a
    descriptor per field) took a tenth of the time of checking a row (a service, a location
    and a place each)."""
    obj = model.__new__(model)
    obj.__dict__.update(_blank(model).__dict__)
    obj._state = ModelState()  # unsaved, no related objects cached
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


class RowError(Exception):
    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def _uuid(value, what: str, reasons: list[str], plan: Plan) -> uuid.UUID | None:
    if not value:
        return None
    found = plan.uuid_of(value)
    if found is None:
        reasons.append(f"{what}: '{value}' is geen geldige id (UUID).")
    return found


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
        if code in SERVICE_TYPES:
            return code
    reasons.append(
        "soort hulp ontbreekt: koppel de dienst aan een term uit de taxonomie "
        f"'{hsds.TAXONOMIES[hsds.SERVICE_TYPES][0]}' (bijv. code help_point)."
    )
    return None


def _organisation(data, plan: Plan, reasons: list[str]) -> Organisation | None:
    if not isinstance(data, dict):
        reasons.append("organization: moet een object zijn.")
        return None
    org_id = _uuid(data.get("id"), "organisatie", reasons, plan)
    name = str(data.get("name") or "").strip()
    existing = plan.org_by_uuid.get(org_id) if org_id else None
    existing = existing or (plan.org_by_name.get(name.lower()) if name else None)
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
    # Its id and name were looked up just above, in the database and the accepted rows; the
    # one constraint left (a valid type) holds by construction.
    organisation.full_clean(validate_unique=False, validate_constraints=False)
    plan.org_by_uuid[organisation.uuid] = organisation
    plan.org_by_name[name.lower()] = organisation
    return organisation


def _location(data, organisation: Organisation, plan: Plan, reasons: list[str]) -> Location | None:
    if not isinstance(data, dict):
        reasons.append("location: moet een object zijn.")
        return None
    loc_id = _uuid(data.get("id"), "locatie", reasons, plan)
    existing = plan.location.get(loc_id) if loc_id else None
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
    found = plan.location_name.get((organisation.uuid, name))
    if found is not None:
        location = copy.copy(plan.location[found])  # a rejected row leaves the original as it was
    else:
        location = _new(Location, uuid=loc_id or uuid.uuid4(), organisation=organisation, name=name)
    location.street, location.house_number = match.group("street"), match.group("number")
    location.postcode, location.city = format_postcode(postcode), str(address["city"])
    location.latitude, location.longitude = latitude, longitude
    location.directions = str(data.get("transportation") or location.directions)
    # Id and (organisation, name) were looked up above, both coordinates or none checked;
    # the organisation may be new in this file, so it has no pk to check yet.
    plan.location_checks.clean(location)
    plan.location[location.uuid] = location
    plan.location_name[(organisation.uuid, name)] = location.uuid
    codes = [
        str(a.get("details") or "")
        for a in _objects(data.get("accessibility"), "accessibility", reasons)
    ]
    features = {plan.feature_ids[code] for code in codes if code in plan.feature_ids}
    if features:
        plan.features[location.uuid] = plan.features.get(location.uuid, frozenset()) | features
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


@functools.cache
def _access_by_label() -> dict[str, str]:
    with audit.default_language():
        return {str(text): value for value, text in Access.choices}


def _access(label, default: str) -> str:
    """Our own export writes the access as its Dutch label; read it back the same way."""
    return _access_by_label().get(str(label or ""), default)


def plan_service(record: dict, plan: Plan) -> str:
    """Check one service record and add it to the plan's row layer: "created" or "updated".
    Raises RowError (or ValidationError) with every reason the row is rejected."""
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
    service_id = _uuid(record.get("id"), "dienst", reasons, plan)
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
    service = plan.service.get(service_id) if service_id else None
    organisation = _organisation(record.get("organization") or {}, plan, reasons)
    if service and organisation and service.organisation.uuid != organisation.uuid:
        reasons.append(
            f"deze dienst hoort bij {service.organisation}; verhuizen naar een andere "
            "organisatie kan niet met inlezen."
        )
    if reasons:
        raise RowError(reasons)
    outcome = "updated" if service else "created"
    if service is not None:
        service = copy.copy(service)  # a rejected row leaves the original as it was
    else:
        service = _new(Service, uuid=service_id or uuid.uuid4(), organisation=organisation)
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
    name_key = (organisation.uuid, name.lower())
    if any(
        other != service.uuid and _still_named(plan, other, name_key[1])
        for other in plan.service_names.get(name_key, ())
    ):
        raise RowError([f"{organisation} heeft al een andere dienst met de naam '{name}'."])
    # The constraints were checked above: a known type, the ages in order, the name unique in
    # the organisation (also among the accepted rows), the id the service's own.
    plan.service_checks.clean(service)
    plan.service[service.uuid] = service
    plan.service_names[name_key] = plan.service_names.get(name_key, frozenset()) | {service.uuid}
    plan.languages[service.uuid] = frozenset(languages)

    for place_data in places:
        location = _location(place_data.get("location") or {}, organisation, plan, reasons)
        where = f"plek {(place_data.get('location') or {}).get('name', '?')}"
        weekly, exceptions = _schedules(place_data.get("schedules") or [], where, reasons)
        if location is None or reasons:
            continue
        building = plan.building_hours.get(location.uuid, ())
        if outside := hours.outside_building(weekly, building):
            # The same rule as the staff form (services._replace_hours).
            reasons.append(
                f"{where}: deze tijden vallen buiten de openingstijden van {location.name}: "
                f"{hours.summary(ServiceHours(**period) for period in outside)}. "
                f"Het gebouw is open: {hours.summary(building)}."
            )
            continue
        key = (service.uuid, location.uuid)
        place = plan.place.get(key)
        if place is None:
            wanted = _uuid(place_data.get("id"), where, [], plan)
            if wanted in plan.place_owner:
                wanted = None  # that id belongs to another place; give this one its own
            place = _new(ServiceAtLocation, uuid=wanted or uuid.uuid4())
            plan.place_owner[place.uuid] = service.uuid
        else:
            place = copy.copy(place)
        place.note = str(place_data.get("description") or "")[:300]
        plan.place[key] = place
        plan.hours[key] = weekly
        plan.exceptions[key] = exceptions
    if reasons:
        raise RowError(reasons)
    return outcome


def _still_named(plan: Plan, service_uuid: uuid.UUID, lower_name: str) -> bool:
    """Whether that service has the name still: an earlier row may have renamed it."""
    service = plan.service.get(service_uuid)
    return service is None or service.name.lower() == lower_name
