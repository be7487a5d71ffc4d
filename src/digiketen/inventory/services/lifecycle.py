from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.core import audit
from digiketen.core.errors import IllegalTransition
from digiketen.inventory import certificates
from digiketen.inventory.models import (
    AssetTagCounter,
    Device,
    DeviceState,
    DeviceTransition,
    StorageMedium,
)
from digiketen.permissions import Perm

S = DeviceState


# Allowed next states, and who may take the step.
TRANSITIONS: dict[DeviceState, set[DeviceState]] = {
    S.RECEIVED: {S.TRIAGED, S.PARTS_HARVESTED, S.RECYCLED, S.LOST},
    S.TRIAGED: {S.AWAITING_ERASURE, S.PARTS_HARVESTED, S.RECYCLED, S.LOST},
    S.AWAITING_ERASURE: {S.ERASED, S.PARTS_HARVESTED, S.RECYCLED, S.LOST},
    S.ERASED: {S.REFURBISHING, S.PARTS_HARVESTED, S.RECYCLED, S.LOST},
    S.REFURBISHING: {S.QUALITY_CHECK, S.PARTS_HARVESTED, S.RECYCLED, S.LOST},
    S.QUALITY_CHECK: {S.READY, S.REFURBISHING, S.PARTS_HARVESTED, S.RECYCLED, S.LOST},
    S.READY: {S.RESERVED, S.REFURBISHING, S.LOST},
    S.RESERVED: {S.READY, S.HANDED_OUT, S.LOST},
    S.HANDED_OUT: {S.RETURNED, S.LOST},
    S.RETURNED: {S.AWAITING_ERASURE},
    S.PARTS_HARVESTED: {S.RECYCLED},
    S.RECYCLED: set(),
    S.LOST: set(),
}


REQUIRED_PERM: dict[DeviceState, Perm] = {
    S.TRIAGED: Perm.RECEIVE_DEVICES,
    S.AWAITING_ERASURE: Perm.RECEIVE_DEVICES,
    S.ERASED: Perm.SUPERVISE_DEVICES,
    S.REFURBISHING: Perm.WORK_ON_DEVICES,
    S.QUALITY_CHECK: Perm.WORK_ON_DEVICES,
    S.READY: Perm.SUPERVISE_DEVICES,
    S.RESERVED: Perm.RECEIVE_DEVICES,
    S.HANDED_OUT: Perm.RECEIVE_DEVICES,
    S.RETURNED: Perm.RECEIVE_DEVICES,
    S.PARTS_HARVESTED: Perm.RECEIVE_DEVICES,
    S.RECYCLED: Perm.RECEIVE_DEVICES,
    S.LOST: Perm.RECEIVE_DEVICES,
}


EXITS = {S.PARTS_HARVESTED, S.RECYCLED}


# A device bound to a resident moves only together with the application (applications.services).
BOUND_TO_APPLICATION = {S.RESERVED, S.HANDED_OUT, S.RETURNED}


def require_perm(actor, perm: Perm, device: Device) -> None:
    if not permissions.has_perm(actor, perm, device):
        raise PermissionDenied


def next_asset_tag() -> str:
    """A new unique tag, e.g. DK-000042. Locks the counter row so two intakes never collide."""
    prefix = settings.ASSET_TAG_PREFIX
    counter, _created = AssetTagCounter.objects.select_for_update().get_or_create(prefix=prefix)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{prefix}-{counter.last_number:0{settings.ASSET_TAG_DIGITS}d}"


def record_move(device: Device, *, from_state: str, actor, reason: str = "") -> None:
    DeviceTransition.objects.create(
        device=device, from_state=from_state, to_state=device.state, actor=actor, reason=reason
    )
    audit.record(
        "device.state_changed",
        actor=actor,
        subject=device,
        before={"state": from_state},
        after={"state": device.state, "reason": reason},
    )


@transaction.atomic
def receive_devices(*, actor, hub, count: int, type: str, **details) -> list[Device]:
    """Intake: register `count` devices at `hub` with new asset tags (details may follow later)."""
    if not permissions.has_perm(actor, Perm.RECEIVE_DEVICES, hub):
        raise PermissionDenied
    devices = []
    for _n in range(count):
        device = Device.objects.create(
            asset_tag=next_asset_tag(),
            organisation=hub.organisation,
            hub=hub,
            type=type,
            **details,
        )
        record_move(device, from_state="", actor=actor, reason=_("Ingenomen"))
        devices.append(device)
    return devices


def triage_reason(device: Device, *, today: date | None = None) -> str:
    """Why the device cannot be refurbished, per the configured rules; "" when it can."""
    today = today or timezone.localdate()
    if device.locked:
        return _("Vergrendeld (BIOS-wachtwoord, Activation Lock, MDM of gestolen).")
    if device.year and today.year - device.year > settings.DEVICE_AGE_LIMIT_YEARS:
        return _("Ouder dan %(years)s jaar.") % {"years": settings.DEVICE_AGE_LIMIT_YEARS}
    return ""


@transaction.atomic
def triage(*, actor, device_id: int) -> Device:
    """Apply the triage rules: fit devices go on to erasure, others to parts with the reason."""
    device = Device.objects.select_for_update().get(pk=device_id)
    reason = triage_reason(device)
    if reason:
        return move(actor, device, S.PARTS_HARVESTED, reason)
    move(actor, device, S.TRIAGED, _("Geschikt om op te knappen."))
    return move(actor, device, S.AWAITING_ERASURE, "")


@transaction.atomic
def transition(*, actor, device_id: int, to_state: DeviceState, reason: str = "") -> Device:
    # Lock the row: two people pressing a button at once must not both move the device.
    device = Device.objects.select_for_update().get(pk=device_id)
    if bound_to_application(device, DeviceState(to_state)):
        raise IllegalTransition(_("Deze stap gaat via de aanvraag van de inwoner."))
    return move(actor, device, DeviceState(to_state), reason)


def move_for_application(actor, device: Device, to_state: DeviceState, reason: str) -> Device:
    """A step of a device that follows its application. The caller holds the device's row
    lock inside its transaction."""
    return move(actor, device, to_state, reason, perm=Perm.HANDLE_APPLICATIONS)


def bound_to_application(device: Device, to_state: DeviceState) -> bool:
    return to_state in BOUND_TO_APPLICATION or device.state in BOUND_TO_APPLICATION


def move(
    actor, device: Device, to_state: DeviceState, reason: str, *, perm: Perm | None = None
) -> Device:
    """`perm` replaces the per-step permissions when the step follows a resident's
    application: whoever handles the application moves its device. Without an actor the step
    is taken by a scheduled job of the system (an expired invitation frees its device)."""
    if actor is not None:
        require_perm(actor, perm or Perm.WORK_ON_DEVICES, device)
    current = DeviceState(device.state)
    if to_state not in TRANSITIONS[current]:
        raise IllegalTransition(
            _("Deze stap kan niet: van '%(from)s' naar '%(to)s'.")
            % {"from": current.label, "to": to_state.label}
        )
    if perm is None and actor is not None:
        require_perm(actor, REQUIRED_PERM[to_state], device)
    if to_state in EXITS and not (reason or device.triage_reason):
        raise IllegalTransition(_("Geef een reden op."))
    if to_state in (S.ERASED, S.READY):
        missing = media_not_released(device)
        if missing:
            raise IllegalTransition(
                _("Nog niet elk opslagmedium is gewist en goedgekeurd: %(media)s")
                % {"media": ", ".join(str(m) for m in missing)}
            )
    if to_state in EXITS:
        device.triage_reason = reason or device.triage_reason
    device.state = to_state
    device.save(update_fields=["state", "triage_reason", "updated_at"])
    record_move(device, from_state=current, actor=actor, reason=reason)
    if to_state == S.ERASED:
        certificate = certificates.issue(device)
        audit.record(
            "device.certificate_issued",
            actor=actor,
            subject=device,
            after={"number": certificate.number, "sha256": certificate.sha256},
        )
    return device


@transaction.atomic
def update_device(*, actor, device_id: int, data: dict) -> Device:
    """Details and specs (by hand). The state only changes through `transition`."""
    device = Device.objects.select_for_update().get(pk=device_id)
    require_perm(actor, Perm.WORK_ON_DEVICES, device)
    fields = [f for f in data if f not in ("state", "asset_tag", "organisation", "hub")]
    before = audit.snapshot(device, fields)
    for field in fields:
        setattr(device, field, data[field])
    device.save()
    after = audit.snapshot(device, fields)
    if before != after:
        audit.record("device.updated", actor=actor, subject=device, before=before, after=after)
    return device


@transaction.atomic
def add_medium(*, actor, device_id: int, data: dict) -> StorageMedium:
    device = Device.objects.select_for_update().get(pk=device_id)
    require_perm(actor, Perm.WORK_ON_DEVICES, device)
    medium = StorageMedium.objects.create(device=device, **data)
    audit.record("device.medium_added", actor=actor, subject=device, after={"medium": str(medium)})
    return medium


def next_states(device: Device, actor) -> list[DeviceState]:
    """The steps this user may take now, for the buttons on the device page."""
    return [
        state
        for state in TRANSITIONS[DeviceState(device.state)]
        if permissions.has_perm(actor, REQUIRED_PERM[state], device)
        and not bound_to_application(device, state)
    ]


def media_not_released(device: Device) -> list[StorageMedium]:
    """Media without an accepted erasure since the device last came in for erasure. A
    returned device starts over: earlier erasures do not count."""
    since = (
        DeviceTransition.objects.filter(device=device, to_state=S.AWAITING_ERASURE)
        .order_by("-created_at", "-pk")
        .values_list("created_at", flat=True)
        .first()
    )
    missing = []
    for medium in device.media.all():
        records = medium.erasures.all()
        if since is not None:
            records = records.filter(created_at__gte=since)
        if not any(record.accepted for record in records):
            missing.append(medium)
    return missing
