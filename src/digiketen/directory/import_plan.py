"""What an import of services will write, worked out before anything is written.

On SQLite a writing transaction holds the database's one write lock until it commits. The
importer used to check and save row by row inside one transaction, so an import of 300
services kept every other writer (a login, a help point registration) waiting for 47 s, past
the busy timeout. Now it reads what it needs in a few queries (`Plan.load`), checks every row
against the database *and* the rows accepted before it without writing (import_rows), and only
when every row is accepted saves the lot in one short transaction of bulk statements
(`Plan.write`). What a row changes in the plan is undone when the row is rejected, so a
rejected row leaves no trace in the checks of the rows after it.
"""

import uuid
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import F

from digiketen.core import audit, bulk, content_cache
from digiketen.core.bulk import AnyOf
from digiketen.directory.import_fields import FieldChecks
from digiketen.directory.models import (
    ScheduleException,
    Service,
    ServiceAtLocation,
    ServiceHours,
    ServiceLanguage,
)
from digiketen.organisations.models import (
    AccessibilityFeature,
    Location,
    OpeningHours,
    Organisation,
)

# Each index of the plan, by what it maps from and to.
INDEXES = (
    "service",  # service uuid -> Service
    "org_by_uuid",  # organisation uuid -> Organisation
    "org_by_name",  # organisation name, lower case -> Organisation
    "service_names",  # (organisation uuid, service name lower case) -> frozenset of service uuids
    "location",  # location uuid -> Location
    "location_name",  # (organisation uuid, location name) -> location uuid
    "place_owner",  # place uuid -> service uuid
    "place",  # (service uuid, location uuid) -> ServiceAtLocation
    "hours",  # (service uuid, location uuid) -> list of ServiceHours fields
    "exceptions",  # (service uuid, location uuid) -> list of ScheduleException fields
    "languages",  # service uuid -> frozenset of language codes
    "features",  # location uuid -> frozenset of AccessibilityFeature pks to add
)
SERVICE_FIELDS = [
    "name",
    "type",
    "description",
    "url",
    "email",
    "is_active",
    "is_free",
    "cost_description",
    "for_whom",
    "minimum_age",
    "maximum_age",
    "phone",
    "access",
    "what_to_bring",
    "last_confirmed_at",
    "updated_at",  # auto_now: bulk.update sets it
]
# The fields of a row that need Django's own checks (lengths, e-mail and web addresses);
# the others hold values checked in import_rows or made there (ids, choices, ages,
# coordinates, dates, booleans), and the constraints are checked against the plan. Checking
# only these halves the time of a row (full_clean ran on 40,000 objects for 20,000 services).
SERVICE_FROM_FILE = {"name", "description", "cost_description", "what_to_bring", "for_whom"}
SERVICE_FROM_FILE |= {"phone", "email", "url"}
LOCATION_FROM_FILE = {"name", "street", "house_number", "postcode", "city", "directions"}
LOCATION_FIELDS = [
    "street",
    "house_number",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "directions",
    "updated_at",
]


def _dicts(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


_MISSING = object()


class _Index(dict):
    """One index of the plan (plan.service, plan.location, ...): a dict whose reads are a
    dict's, and whose writes the plan can undo. (Layers in a ChainMap, one per row, cost a
    tenth of the time of checking a package: every read went through Python code.)"""

    __slots__ = ("accepted", "changes")

    def __init__(self, changes: list) -> None:
        super().__init__()
        self.changes = changes
        self.accepted: dict = {}  # the keys accepted rows wrote, in order: what `write` saves

    def __setitem__(self, key, value) -> None:
        self.changes.append((self, key, self.get(key, _MISSING)))
        super().__setitem__(key, value)


class Plan:
    """The database as the import found it, plus what the accepted rows add and change."""

    def __init__(self) -> None:
        # What the current row changed, to undo: (index, key, the value before or _MISSING).
        self._changes: list[tuple[_Index, Any, Any]] = []
        self._indexes = {name: _Index(self._changes) for name in INDEXES}
        for name, index in self._indexes.items():
            setattr(self, name, index)
        self.languages_found: dict[uuid.UUID, dict[str, int]] = {}  # service -> code -> pk
        self.feature_ids: dict[str, int] = {}
        # location uuid -> the building's opening hours (an import does not change them)
        self.building_hours: dict[uuid.UUID, list[OpeningHours]] = {}
        self._uuids: dict[str, uuid.UUID] = {}
        self.service_checks = FieldChecks(Service, SERVICE_FROM_FILE)
        self.location_checks = FieldChecks(Location, LOCATION_FROM_FILE)

    def uuid_of(self, value) -> uuid.UUID | None:
        """The UUID an id in the file stands for, or None (no id, or not a UUID: the row's
        own check says why). Each id is parsed once: load and the row's check both need it,
        and parsing took a twentieth of the time of a row."""
        text = str(value) if value else ""
        found = self._uuids.get(text)
        if found is None and text:
            try:
                found = self._uuids[text] = uuid.UUID(text)
            except ValueError:
                return None
        return found

    def begin_row(self) -> None:
        """Undo what a row left that was not accepted (a rejected row)."""
        for index, key, before in reversed(self._changes):
            if before is _MISSING:
                dict.pop(index, key, None)
            else:
                dict.__setitem__(index, key, before)
        self._changes.clear()

    def accept_row(self) -> None:
        for index, key, _before in self._changes:
            index.accepted[key] = None
        self._changes.clear()

    def _accepted(self) -> dict[str, dict]:
        """Per index, what the accepted rows wrote to it (the latest value of each key)."""
        return {
            name: {key: index[key] for key in index.accepted}
            for name, index in self._indexes.items()
        }

    # Reading -----------------------------------------------------------------------------

    @classmethod
    def load(cls, records: list[dict]) -> "Plan":
        """Everything the rows will look up, in a few queries, without writing."""
        plan = cls()
        db: dict[str, dict] = {name: {} for name in INDEXES}
        service_ids, org_ids, org_names, location_ids, place_ids = set(), set(), set(), set(), set()
        for record in records:
            service_ids.add(plan.uuid_of(record.get("id")))
            org = record.get("organization")
            if isinstance(org, dict):
                org_ids.add(plan.uuid_of(org.get("id")))
                org_names.add(str(org.get("name") or "").strip())
            for place in _dicts(record.get("service_at_locations")):
                place_ids.add(plan.uuid_of(place.get("id")))
                if isinstance(place.get("location"), dict):
                    location_ids.add(plan.uuid_of(place["location"].get("id")))
        for ids in (service_ids, org_ids, location_ids, place_ids):
            ids.discard(None)
        org_names.discard("")

        # One query per kind of reference, whatever the number of rows (core.bulk.AnyOf).
        services = list(
            Service.objects.filter(AnyOf("uuid", service_ids)).select_related("organisation")
        )
        organisations = {service.organisation for service in services}
        organisations.update(Organisation.objects.filter(AnyOf("uuid", org_ids)))
        # Case-insensitive as the database means it (UPPER on both sides, as iexact on
        # PostgreSQL): OR'ed iexact tests made PostgreSQL compare every organisation with
        # every name (3 s for 2,000 names).
        organisations.update(Organisation.objects.filter(AnyOf("name", org_names, fold_case=True)))
        # Sorted by name, so a name that matches several takes the first, as `.first()` did.
        for org in sorted(organisations, key=lambda o: o.name):
            db["org_by_uuid"][org.uuid] = org
            db["org_by_name"].setdefault(org.name.lower(), org)
        org_pks = [org.pk for org in organisations]

        names = Service.objects.filter(AnyOf("organisation_id", org_pks)).values_list(
            "uuid", "organisation__uuid", "name"
        )
        for service_uuid, org_uuid, name in names:
            key = (org_uuid, name.lower())
            db["service_names"][key] = db["service_names"].get(key, frozenset()) | {service_uuid}
        for service in services:
            db["service"][service.uuid] = service

        located = Location.objects.annotate(organisation_uuid=F("organisation__uuid"))
        locations = [*located.filter(AnyOf("uuid", location_ids))]
        locations += located.filter(AnyOf("organisation_id", org_pks))
        for location in locations:
            db["location"][location.uuid] = location
            db["location_name"][(location.organisation_uuid, location.name)] = location.uuid
        opening = OpeningHours.objects.filter(
            AnyOf("location_id", [location.pk for location in locations])
        ).annotate(location_uuid=F("location__uuid"))
        for period in opening:
            plan.building_hours.setdefault(period.location_uuid, []).append(period)

        placed = ServiceAtLocation.objects.annotate(
            service_uuid=F("service__uuid"), location_uuid=F("location__uuid")
        )
        service_pks = [service.pk for service in services]
        places = [*placed.filter(AnyOf("uuid", place_ids))]
        places += placed.filter(AnyOf("service_id", service_pks))
        for place in places:
            db["place_owner"][place.uuid] = place.service_uuid
            if place.service_uuid in db["service"]:
                db["place"][(place.service_uuid, place.location_uuid)] = place

        found = ServiceLanguage.objects.filter(AnyOf("service_id", service_pks)).values_list(
            "pk", "service__uuid", "code"
        )
        for pk, service_uuid, code in found:
            plan.languages_found.setdefault(service_uuid, {})[code] = pk
        for name, entries in db.items():
            dict.update(plan._indexes[name], entries)  # what the database has: nothing to undo
        plan.feature_ids = dict(AccessibilityFeature.objects.values_list("code", "pk"))
        return plan

    # Writing -----------------------------------------------------------------------------

    def write(
        self,
        *,
        actor=None,
        actor_label: str = "",
        after: dict[str, Any],
        also: Callable[[], None] | None = None,
    ) -> None:
        """Save every accepted row in one transaction whose statements were made before it
        (core.bulk: no model signals, so the "directory" content version moves on once here);
        `also` runs in the same transaction.
        Raises DatabaseError when the database changed meanwhile in a way the checks could not
        see (another service took one of the names); then nothing is saved."""
        self.begin_row()  # (nothing is left of a rejected row when every row was accepted)
        accepted = self._accepted()
        locations = list(accepted["location"].values())
        services = list(accepted["service"].values())
        places = accepted["place"]
        for (service_uuid, location_uuid), place in places.items():
            place.service = self.service[service_uuid]
            place.location = self.location[location_uuid]
        old_places = [p.pk for p in places.values() if p.pk is not None]
        languages_dropped, languages_added = self._languages(accepted["languages"])
        Features = Location.accessibility_features.through
        statements = [
            bulk.insert(
                Organisation, [o for o in accepted["org_by_uuid"].values() if o.pk is None]
            ),
            bulk.insert(
                Location, [loc for loc in locations if loc.pk is None], by_uuid=("organisation",)
            ),
            bulk.update(
                Location, [loc for loc in locations if loc.pk is not None], LOCATION_FIELDS
            ),
            bulk.insert(Service, [s for s in services if s.pk is None], by_uuid=("organisation",)),
            bulk.update(Service, [s for s in services if s.pk is not None], SERVICE_FIELDS),
            bulk.delete(ServiceLanguage, "id", languages_dropped),
            bulk.insert(ServiceLanguage, languages_added, by_uuid=("service",)),
            bulk.insert(
                ServiceAtLocation,
                [p for p in places.values() if p.pk is None],
                by_uuid=("service", "location"),
            ),
            bulk.update(ServiceAtLocation, [p for p in places.values() if p.pk], ["note"]),
            bulk.delete(ServiceHours, "service_at_location", old_places),
            bulk.delete(ScheduleException, "service_at_location", old_places),
            bulk.insert(
                ServiceHours,
                [
                    {"service_at_location": places[key], **fields}
                    for key, periods in accepted["hours"].items()
                    for fields in periods
                ],
                by_uuid=("service_at_location",),
            ),
            bulk.insert(
                ScheduleException,
                [
                    {"service_at_location": places[key], **fields}
                    for key, exceptions in accepted["exceptions"].items()
                    for fields in exceptions
                ],
                by_uuid=("service_at_location",),
            ),
            bulk.insert(
                Features,
                [
                    {"location": self.location[key], "accessibilityfeature_id": pk}
                    for key, pks in accepted["features"].items()
                    for pk in pks
                ],
                by_uuid=("location",),
                ignore_conflicts=True,  # a feature the location has already
            ),
        ]
        with transaction.atomic():
            bulk.run_all(statements)
            audit.record("service.imported", actor=actor, actor_label=actor_label, after=after)
            content_cache.changed("directory")
            if also is not None:
                also()

    def _languages(self, languages: dict) -> tuple[list[int], list[dict]]:
        """The pks of the languages to drop, and the languages to add."""
        drop, add = [], []
        for service_uuid, wanted in languages.items():
            found = self.languages_found.get(service_uuid, {})
            drop += [pk for code, pk in found.items() if code not in wanted]
            add += [
                {"service": self.service[service_uuid], "code": code}
                for code in sorted(wanted)
                if code not in found
            ]
        return drop, add
