"""The device lifecycle. Every change goes through here: it checks the role, locks the device,
refuses illegal steps with a clear message and writes the history and an audit event."""

import hashlib
import json
import secrets
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
    METHODS_FOR_MEDIUM,
    AssetTagCounter,
    Capture,
    Device,
    DeviceState,
    DeviceTransfer,
    DeviceTransition,
    ErasureLevel,
    ErasureMethod,
    ErasureRecord,
    HubToken,
    RecyclingShipment,
    StorageMedium,
    TraineeSkill,
    WorkLog,
)
from digiketen.inventory.parsers.capture import parse_capture
from digiketen.organisations.models import Organisation
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


def _require(actor, perm: Perm, device: Device) -> None:
    if not permissions.has_perm(actor, perm, device):
        raise PermissionDenied


def next_asset_tag() -> str:
    """A new unique tag, e.g. DK-000042. Locks the counter row so two intakes never collide."""
    prefix = settings.ASSET_TAG_PREFIX
    counter, _created = AssetTagCounter.objects.select_for_update().get_or_create(prefix=prefix)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{prefix}-{counter.last_number:0{settings.ASSET_TAG_DIGITS}d}"


def _record(device: Device, *, from_state: str, actor, reason: str = "") -> None:
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
        _record(device, from_state="", actor=actor, reason=_("Ingenomen"))
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
        return _move(actor, device, S.PARTS_HARVESTED, reason)
    _move(actor, device, S.TRIAGED, _("Geschikt om op te knappen."))
    return _move(actor, device, S.AWAITING_ERASURE, "")


@transaction.atomic
def transition(*, actor, device_id: int, to_state: DeviceState, reason: str = "") -> Device:
    # Lock the row: two people pressing a button at once must not both move the device.
    device = Device.objects.select_for_update().get(pk=device_id)
    if _bound_to_application(device, DeviceState(to_state)):
        raise IllegalTransition(_("Deze stap gaat via de aanvraag van de inwoner."))
    return _move(actor, device, DeviceState(to_state), reason)


def move_for_application(actor, device: Device, to_state: DeviceState, reason: str) -> Device:
    """A step of a device that follows its application. The caller holds the device's row
    lock inside its transaction."""
    return _move(actor, device, to_state, reason, perm=Perm.HANDLE_APPLICATIONS)


def _bound_to_application(device: Device, to_state: DeviceState) -> bool:
    return to_state in BOUND_TO_APPLICATION or device.state in BOUND_TO_APPLICATION


def _move(
    actor, device: Device, to_state: DeviceState, reason: str, *, perm: Perm | None = None
) -> Device:
    """`perm` replaces the per-step permissions when the step follows a resident's
    application: whoever handles the application moves its device. Without an actor the step
    is taken by a scheduled job of the system (an expired invitation frees its device)."""
    if actor is not None:
        _require(actor, perm or Perm.WORK_ON_DEVICES, device)
    current = DeviceState(device.state)
    if to_state not in TRANSITIONS[current]:
        raise IllegalTransition(
            _("Deze stap kan niet: van '%(from)s' naar '%(to)s'.")
            % {"from": current.label, "to": to_state.label}
        )
    if perm is None and actor is not None:
        _require(actor, REQUIRED_PERM[to_state], device)
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
    _record(device, from_state=current, actor=actor, reason=reason)
    if to_state == S.ERASED:
        certificate = certificates.issue(device)
        audit.record(
            "device.certificate_issued",
            actor=actor,
            subject=device,
            after={"number": certificate.number, "sha256": certificate.sha256},
        )
    return device


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


@transaction.atomic
def record_erasure(*, actor, medium_id: int, data: dict) -> ErasureRecord:
    medium = StorageMedium.objects.select_related("device").get(pk=medium_id)
    _require(actor, Perm.WORK_ON_DEVICES, medium.device)
    device = Device.objects.select_for_update().get(pk=medium.device_id)
    if device.state != S.AWAITING_ERASURE:
        raise IllegalTransition(_("Dit apparaat wacht niet op wissen."))
    method = ErasureMethod(data["method"])
    if data["level"] == ErasureLevel.DESTROY:
        if method != ErasureMethod.SHRED:
            raise IllegalTransition(_("Kies bij vernietigen de methode 'Fysiek vernietigen'."))
    elif method not in METHODS_FOR_MEDIUM[medium.kind]:
        raise IllegalTransition(
            _("Deze methode past niet bij dit soort opslag (%(kind)s).")
            % {"kind": medium.get_kind_display()}
        )
    evidence = data.get("evidence", "")
    record = ErasureRecord(
        medium=medium,
        operator=actor,
        evidence_sha256=hashlib.sha256(evidence.encode()).hexdigest() if evidence else "",
        **data,
    )
    record.full_clean(exclude=["operator", "medium"])
    record.save()
    audit.record(
        "device.erasure_recorded",
        actor=actor,
        subject=device,
        after={"medium": str(medium), "method": record.method, "outcome": record.outcome},
    )
    return record


@transaction.atomic
def sign_off_erasure(*, actor, record_id: int) -> ErasureRecord:
    """A supervisor approves an erasure someone else did (four eyes)."""
    record = (
        ErasureRecord.objects.select_for_update().select_related("medium__device").get(pk=record_id)
    )
    _require(actor, Perm.SUPERVISE_DEVICES, record.medium.device)
    if record.operator_id == actor.pk:
        raise IllegalTransition(_("U kunt uw eigen wisactie niet goedkeuren."))
    if record.verified_by_id is not None:
        raise IllegalTransition(_("Deze wisactie is al goedgekeurd."))
    record.verified_by, record.verified_at = actor, timezone.now()
    record.save(update_fields=["verified_by", "verified_at"])
    audit.record(
        "device.erasure_signed_off",
        actor=actor,
        subject=record.medium.device,
        after={"medium": str(record.medium), "outcome": record.outcome},
    )
    return record


@transaction.atomic
def update_device(*, actor, device_id: int, data: dict) -> Device:
    """Details and specs (by hand). The state only changes through `transition`."""
    device = Device.objects.select_for_update().get(pk=device_id)
    _require(actor, Perm.WORK_ON_DEVICES, device)
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
    _require(actor, Perm.WORK_ON_DEVICES, device)
    medium = StorageMedium.objects.create(device=device, **data)
    audit.record("device.medium_added", actor=actor, subject=device, after={"medium": str(medium)})
    return medium


def next_states(device: Device, actor) -> list[DeviceState]:
    """The steps this user may take now, for the buttons on the device page."""
    return [
        state
        for state in TRANSITIONS[DeviceState(device.state)]
        if permissions.has_perm(actor, REQUIRED_PERM[state], device)
        and not _bound_to_application(device, state)
    ]


@transaction.atomic
def create_hub_token(*, hub, name: str) -> tuple[HubToken, str]:
    """A new upload key for a hub. Returns the key once; only its hash is kept."""
    secret = secrets.token_urlsafe(32)
    token = HubToken.objects.create(
        hub=hub, name=name, key_sha256=hashlib.sha256(secret.encode()).hexdigest()
    )
    audit.record(
        "device.hub_token_created",
        actor_label="manage.py",
        subject=hub,
        organisation=hub.organisation,
        after={"name": name},
    )
    return token, secret


@transaction.atomic
def record_capture(*, token: HubToken, device_id: int, files: dict[str, str]):
    """Keep the raw capture unchanged, then fill the device's specs and storage media from it.
    Returns the capture and the warnings of parts that could not be read."""
    device = Device.objects.select_for_update().get(pk=device_id)
    if device.hub_id != token.hub_id:
        raise PermissionDenied
    raw = json.dumps(files, sort_keys=True).encode()
    capture = Capture.objects.create(
        device=device,
        files=files,
        sha256=hashlib.sha256(raw).hexdigest(),
        uploaded_by=f"hub token: {token}",
    )
    warnings: list[str] = []
    try:
        specs = parse_capture(files)
    except (ValueError, KeyError) as exc:
        warnings.append(_("Kon de meting niet lezen: %(error)s") % {"error": exc})
        return capture, warnings
    _apply_specs(device, specs)
    known = {m.serial for m in device.media.all() if m.serial}
    for medium in specs.media:
        if medium.serial and medium.serial in known:
            continue
        StorageMedium.objects.create(
            device=device,
            kind=medium.kind or "other",
            model=medium.model[:150],
            serial=medium.serial[:100],
            capacity_bytes=medium.capacity_bytes,
            smart_passed=medium.smart_passed,
            power_on_hours=medium.power_on_hours,
        )
    audit.record(
        "device.capture_uploaded",
        actor_label=capture.uploaded_by,
        subject=device,
        after={"sha256": capture.sha256, "media": len(specs.media)},
    )
    return capture, warnings


def _apply_specs(device: Device, specs) -> None:
    """Fill what the capture knows; keep what staff typed where the capture knows nothing."""
    identity, cpu = specs.identity, specs.cpu
    values = {
        "brand": identity.manufacturer,
        "model": identity.model,
        "serial": identity.serial,
        "cpu_model": cpu.model if cpu else "",
        "cpu_cores": cpu.cores if cpu else None,
        "ram_mb": specs.ram_mb,
        "has_wifi": specs.has_wifi,
        "has_webcam": specs.has_webcam,
    }
    if specs.battery:
        values |= {
            "battery_design_wh": specs.battery.design_capacity_wh,
            "battery_full_wh": specs.battery.full_capacity_wh,
            "battery_cycles": specs.battery.cycle_count,
        }
    if specs.screen:
        values["screen_inch"] = specs.screen.diagonal_inch
        if specs.screen.width_px:
            values["screen_resolution"] = f"{specs.screen.width_px}x{specs.screen.height_px}"
    for field, value in values.items():
        if value not in (None, ""):
            setattr(device, field, value)
    device.save()


@transaction.atomic
def log_work(*, actor, device_id: int, task, minutes: int, parts_used: str = "", notes: str = ""):
    """Record work on a device that is being refurbished (or checked)."""
    device = Device.objects.select_for_update().get(pk=device_id)
    _require(actor, Perm.WORK_ON_DEVICES, device)
    if device.state not in (S.REFURBISHING, S.QUALITY_CHECK):
        raise IllegalTransition(_("Werk vastleggen kan als het apparaat wordt opgeknapt."))
    if task is not None and task.device_type != device.type:
        raise IllegalTransition(_("Deze taak hoort bij een ander soort apparaat."))
    log = WorkLog(
        device=device, worker=actor, task=task, minutes=minutes, parts_used=parts_used, notes=notes
    )
    log.full_clean(exclude=["device", "worker", "task"])
    log.save()
    audit.record(
        "device.work_logged",
        actor=actor,
        subject=device,
        after={"task": str(task or ""), "minutes": minutes, "parts": parts_used},
    )
    return log


@transaction.atomic
def sign_off_skill(*, actor, trainee, skill) -> TraineeSkill:
    """A supervisor of the trainee's organisation confirms a skill."""
    organisations = set(
        trainee.memberships.filter(role="technician_trainee").values_list(
            "organisation_id", flat=True
        )
    )
    allowed = permissions.organisation_ids(actor, Perm.SUPERVISE_DEVICES)
    if not organisations or (allowed is not None and not organisations & allowed):
        raise PermissionDenied
    signed, created = TraineeSkill.objects.get_or_create(
        trainee=trainee, skill=skill, defaults={"signed_off_by": actor}
    )
    if created:
        audit.record(
            "trainee.skill_signed_off",
            actor=actor,
            subject=trainee,
            organisation=Organisation.objects.get(pk=min(organisations)),
            after={"skill": skill.name},
        )
    return signed


NOT_TRANSFERABLE = {S.RESERVED, S.HANDED_OUT, S.PARTS_HARVESTED, S.RECYCLED, S.LOST}


@transaction.atomic
def transfer_device(*, actor, device_id: int, to_hub) -> Device:
    """Move a device to another hub of the same cyberbank."""
    device = Device.objects.select_for_update().get(pk=device_id)
    _require(actor, Perm.RECEIVE_DEVICES, device)
    if not permissions.has_perm(actor, Perm.RECEIVE_DEVICES, to_hub):
        raise PermissionDenied
    if to_hub.organisation_id != device.organisation_id:
        raise IllegalTransition(
            _("Verplaatsen kan alleen naar een uitgiftepunt van dezelfde cyberbank.")
        )
    if device.state in NOT_TRANSFERABLE or to_hub.pk == device.hub_id:
        raise IllegalTransition(_("Dit apparaat kan nu niet verplaatst worden."))
    DeviceTransfer.objects.create(device=device, from_hub=device.hub, to_hub=to_hub, actor=actor)
    audit.record(
        "device.transferred",
        actor=actor,
        subject=device,
        before={"hub": str(device.hub)},
        after={"hub": str(to_hub)},
    )
    device.hub = to_hub
    device.save(update_fields=["hub", "updated_at"])
    return device


@transaction.atomic
def ship_for_recycling(
    *, actor, organisation, device_ids: list[int], data: dict
) -> RecyclingShipment:
    """Hand devices (or what is left of them) to a recycler; they leave the stock for good."""
    if not permissions.has_perm(actor, Perm.RECEIVE_DEVICES, organisation):
        raise PermissionDenied
    devices = list(
        Device.objects.select_for_update().filter(pk__in=device_ids, organisation=organisation)
    )
    if not devices or len(devices) != len(set(device_ids)):
        raise IllegalTransition(_("Kies apparaten van uw eigen cyberbank."))
    shipment = RecyclingShipment(organisation=organisation, **data)
    shipment.full_clean(exclude=["organisation"])
    shipment.save()
    reason = _("Naar recycler %(name)s") % {"name": shipment.recycler}
    for device in devices:
        _move(actor, device, S.RECYCLED, reason)
    shipment.devices.set(devices)
    audit.record(
        "device.recycling_shipped",
        actor=actor,
        subject=organisation,
        after={
            "recycler": shipment.recycler,
            "devices": len(devices),
            "weee_certificate": shipment.weee_certificate,
        },
    )
    return shipment


@transaction.atomic
def save_code_lists(*, actor, formsets: dict) -> None:
    """Save the cyberbank's checklist, skills and impact factors, with an audit event per list."""
    if not permissions.has_perm(actor, Perm.SUPERVISE_DEVICES):
        raise PermissionDenied
    for name, formset in formsets.items():
        if formset.has_changed():
            saved = formset.save()
            audit.record(
                "inventory.code_list_changed",
                actor=actor,
                after={"list": name, "changed": [str(obj) for obj in saved]},
            )
