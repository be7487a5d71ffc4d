"""Changes to organisations and locations. Each checks the permission and writes an audit event."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from digiketen import permissions
from digiketen.core import audit
from digiketen.core.errors import DuplicateName
from digiketen.organisations.models import (
    Location,
    OpeningHours,
    Organisation,
    normalise_postcode,
)
from digiketen.permissions import Perm

ORGANISATION_FIELDS = ["name", "type", "description", "website", "email", "phone", "is_active"]
LOCATION_FIELDS = [
    "name",
    "street",
    "house_number",
    "postcode",
    "city",
    "neighbourhood",
    "latitude",
    "longitude",
    "phone",
    "directions",
    "accessibility_features",
    "by_appointment",
    "is_active",
]


# What apps above this one set up for a new partner, or one that changes kind (a new cyberbank
# gets its own copy of the default task and skill lists). They register from their
# AppConfig.ready(), because the layers contract keeps organisations from importing them; each
# step runs in the same transaction and must be safe to run twice.
SET_UP_STEPS: list[Callable[[Organisation], None]] = []


def _set_up(organisation: Organisation) -> None:
    for step in SET_UP_STEPS:
        step(organisation)


def _require(actor, perm: Perm, obj=None) -> None:
    if not permissions.has_perm(actor, perm, obj):
        raise PermissionDenied


def _save_unique(instance) -> None:
    """Save; a concurrent double submit that slipped past the form's check becomes
    DuplicateName instead of a database error."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise DuplicateName from exc


@transaction.atomic
def create_organisation(*, actor, data: dict) -> Organisation:
    _require(actor, Perm.CREATE_ORGANISATION)
    organisation = Organisation(**{k: data[k] for k in ORGANISATION_FIELDS if k in data})
    _save_unique(organisation)
    _set_up(organisation)
    audit.record(
        "organisation.created",
        actor=actor,
        subject=organisation,
        after=audit.snapshot(organisation, ORGANISATION_FIELDS),
    )
    return organisation


@transaction.atomic
def update_organisation(*, actor, organisation: Organisation, data: dict) -> Organisation:
    _require(actor, Perm.MANAGE_ORGANISATION, organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = audit.snapshot(organisation, ORGANISATION_FIELDS)
    for field in ORGANISATION_FIELDS:
        if field in data:
            setattr(organisation, field, data[field])
    if organisation.type != before["type"] and not may_change_type(actor):
        raise PermissionDenied("Only the coordinator changes what kind of partner this is.")
    if (
        not organisation.is_active
        and before["is_active"]
        and not may_deactivate(actor, organisation)
    ):
        raise PermissionDenied("You cannot switch off the organisation your own rights come from.")
    _save_unique(organisation)
    if organisation.type != before["type"]:
        _set_up(organisation)
    after = audit.snapshot(organisation, ORGANISATION_FIELDS)
    if before != after:
        audit.record(
            "organisation.updated", actor=actor, subject=organisation, before=before, after=after
        )
    return organisation


def may_change_type(actor) -> bool:
    return permissions.has_perm(actor, Perm.CREATE_ORGANISATION)


def may_deactivate(actor, organisation: Organisation) -> bool:
    """Nobody switches off an organisation their own roles live in: that would lock them
    (and, for the municipality, every administrator) out."""
    return not actor.memberships.filter(organisation=organisation).exists()


def _location_snapshot(location: Location) -> dict:
    data = audit.snapshot(location, LOCATION_FIELDS)
    with audit.default_language():
        data["opening_hours"] = [str(hours) for hours in location.opening_hours.all()]
    return data


def _apply_location(location: Location, data: dict, opening_hours: list[dict]) -> None:
    for field in LOCATION_FIELDS:
        if field in data and field != "accessibility_features":
            setattr(location, field, data[field])
    location.postcode = normalise_postcode(location.postcode)
    _save_unique(location)
    if "accessibility_features" in data:
        location.accessibility_features.set(data["accessibility_features"])
    location.opening_hours.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(location=location, **hours) for hours in opening_hours
    )


@transaction.atomic
def create_location(
    *, actor, organisation: Organisation, data: dict, opening_hours: list[dict]
) -> Location:
    _require(actor, Perm.MANAGE_ORGANISATION, organisation)
    location = Location(organisation=organisation)
    _apply_location(location, data, opening_hours)
    audit.record(
        "location.created", actor=actor, subject=location, after=_location_snapshot(location)
    )
    return location


@transaction.atomic
def update_location(
    *, actor, location: Location, data: dict, opening_hours: list[dict]
) -> Location:
    _require(actor, Perm.MANAGE_ORGANISATION, location)
    location = Location.objects.select_for_update().get(pk=location.pk)
    before = _location_snapshot(location)
    _apply_location(location, data, opening_hours)
    after = _location_snapshot(location)
    if before != after:
        audit.record("location.updated", actor=actor, subject=location, before=before, after=after)
    return location
