from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.core import audit
from digiketen.core.errors import IllegalTransition, Refused
from digiketen.inventory import certificates, history
from digiketen.inventory.history import Note
from digiketen.inventory.models import (
    AssetTagCounter,
    Device,
    DeviceState,
    DeviceTransition,
    ErasureRecord,
    RefurbishTask,
    StorageMedium,
)
from digiketen.permissions import Perm

S = DeviceState


# Allowed next states, and who may take the step.
TRANSITIONS: dict[DeviceState, set[DeviceState]] = {
    S.RECEIVED: {S.TRIAGED, S.PARTS_HARVESTED, S.RECYCLED, S.LOST},
    S.TRIAGED: {S.AWAITING_ERASURE, S.PARTS_HARVESTED, S.RECYCLED, S.LOST},
    # Back to received: a supervisor undoes a triage (see UNDOES_TRIAGE).
    S.AWAITING_ERASURE: {S.ERASED, S.PARTS_HARVESTED, S.RECYCLED, S.LOST, S.RECEIVED},
    S.ERASED: {S.REFURBISHING, S.PARTS_HARVESTED, S.RECYCLED, S.LOST},
    S.REFURBISHING: {S.QUALITY_CHECK, S.PARTS_HARVESTED, S.RECYCLED, S.LOST},
    S.QUALITY_CHECK: {S.READY, S.REFURBISHING, S.PARTS_HARVESTED, S.RECYCLED, S.LOST},
    S.READY: {S.RESERVED, S.REFURBISHING, S.LOST},
    S.RESERVED: {S.READY, S.HANDED_OUT, S.LOST},
    S.HANDED_OUT: {S.RETURNED, S.LOST},
    S.RETURNED: {S.AWAITING_ERASURE},
    S.PARTS_HARVESTED: {S.RECYCLED, S.RECEIVED},
    S.RECYCLED: set(),
    S.LOST: set(),
}


REQUIRED_PERM: dict[DeviceState, Perm] = {
    S.RECEIVED: Perm.SUPERVISE_DEVICES,
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


# The step staff usually take next: the primary button on the device page, the other allowed
# steps go under "other actions". A received device is triaged first (`triage`), which decides.
USUAL_NEXT: dict[DeviceState, DeviceState] = {
    S.TRIAGED: S.AWAITING_ERASURE,
    S.AWAITING_ERASURE: S.ERASED,
    S.ERASED: S.REFURBISHING,
    S.REFURBISHING: S.QUALITY_CHECK,
    S.QUALITY_CHECK: S.READY,
    S.READY: S.RESERVED,
    S.RESERVED: S.HANDED_OUT,
    S.HANDED_OUT: S.RETURNED,
    S.RETURNED: S.AWAITING_ERASURE,
    S.PARTS_HARVESTED: S.RECYCLED,
}


EXITS = {S.PARTS_HARVESTED, S.RECYCLED}

# The states a triage leaves a device in; from there a supervisor can set it back to received
# (wrong year, lock removed) as long as nothing happened to it since.
UNDOES_TRIAGE = {S.AWAITING_ERASURE: S.TRIAGED, S.PARTS_HARVESTED: S.RECEIVED}

# Storage is erased (or destroyed) while the device waits for it, or when it is kept for
# parts; nothing leaves for the recycler with data on it.
ERASABLE = {S.AWAITING_ERASURE, S.PARTS_HARVESTED}
NEEDS_RELEASED_MEDIA = {S.ERASED, S.READY, S.RECYCLED}


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


def record_move(device: Device, *, from_state: str, actor, reason: "str | Note" = "") -> None:
    """A history row. A Note of the system is kept as its code (shown in the reader's
    language) and in Dutch; a reason staff typed, as typed."""
    note = reason if isinstance(reason, Note) else None
    DeviceTransition.objects.create(
        device=device,
        from_state=from_state,
        to_state=device.state,
        actor=actor,
        reason=history.stored(reason),
        note_code=note.code if note else "",
        note_params=note.params if note else {},
    )
    audit.record(
        "device.state_changed",
        actor=actor,
        subject=device,
        before={"state": from_state},
        after={"state": device.state, "reason": history.stored(reason)},
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
        record_move(device, from_state="", actor=actor, reason=Note("received"))
        devices.append(device)
    return devices


@dataclass(frozen=True)
class TriageDecision:
    """What a triage will do and why, shown before staff confirm it."""

    to_state: DeviceState
    reason: str  # why the device cannot be refurbished; "" when it can
    facts: list[str]  # what the rules looked at, in words
    note: Note | None = None  # the reason, for the history


def triage_decision(device: Device, *, today: date | None = None) -> TriageDecision:
    """The outcome of the configured triage rules for this device, with the facts they used."""
    today = today or timezone.localdate()
    limit = settings.DEVICE_AGE_LIMIT_YEARS
    facts = []
    if device.year:
        facts.append(
            _("Bouwjaar %(year)s: %(age)s jaar oud. De grens is %(limit)s jaar.")
            % {"year": device.year, "age": today.year - device.year, "limit": limit}
        )
    else:
        facts.append(_("Bouwjaar onbekend: de leeftijd telt niet mee."))
    facts.append(_("Vergrendeld: ja.") if device.locked else _("Vergrendeld: nee."))
    note = triage_note(device, today=today)
    return TriageDecision(
        S.PARTS_HARVESTED if note else S.AWAITING_ERASURE, str(note or ""), facts, note
    )


def triage_note(device: Device, *, today: date | None = None) -> Note | None:
    """Why the device cannot be refurbished, per the configured rules; None when it can."""
    today = today or timezone.localdate()
    if device.locked:
        return Note("triage_locked")
    if device.year and today.year - device.year > settings.DEVICE_AGE_LIMIT_YEARS:
        return Note("triage_too_old", {"years": settings.DEVICE_AGE_LIMIT_YEARS})
    return None


def triage_reason(device: Device, *, today: date | None = None) -> str:
    """Why the device cannot be refurbished, in the active language; "" when it can."""
    return str(triage_note(device, today=today) or "")


@transaction.atomic
def triage(*, actor, device_id: int, expected: str | None = None) -> Device:
    """Apply the triage rules: fit devices go on to erasure, others to parts with the reason
    (their storage is still erased or destroyed there). `expected` is the outcome the person
    confirmed; when the device changed since (another year typed in), nothing happens."""
    device = Device.objects.select_for_update().get(pk=device_id)
    require_perm(actor, REQUIRED_PERM[S.TRIAGED], device)  # before anything is said about it
    _refuse_unless_allowed(device, S.TRIAGED)
    decision = triage_decision(device)
    if expected is not None and expected != decision.to_state:
        raise Refused(
            _("Bekijk eerst wat de beoordeling besluit, en bevestig dat dan.")
            if not expected
            else _("De gegevens zijn veranderd. Bekijk de beoordeling opnieuw.")
        )
    if decision.note:
        return move(actor, device, S.PARTS_HARVESTED, decision.note)
    move(actor, device, S.TRIAGED, Note("triage_fit"))
    return move(actor, device, S.AWAITING_ERASURE, "")


def triage_undoable(device: Device) -> bool:
    """True when the device's last step was its triage and nothing was done to it since: no
    erasure recorded, no work logged."""
    last = device.transitions.order_by("-created_at", "-pk").first()
    if last is None or UNDOES_TRIAGE.get(DeviceState(device.state)) != last.from_state:
        return False
    since = last.created_at
    return not (
        ErasureRecord.objects.filter(medium__device=device, created_at__gte=since).exists()
        or device.work_logs.filter(created_at__gte=since).exists()
    )


@transaction.atomic
def transition(*, actor, device_id: int, to_state: DeviceState, reason: str = "") -> Device:
    # Lock the row: two people pressing a button at once must not both move the device.
    device = Device.objects.select_for_update().get(pk=device_id)
    if bound_to_application(device, DeviceState(to_state)):
        raise IllegalTransition(_("Deze stap gaat via de aanvraag van de inwoner."))
    return move(actor, device, DeviceState(to_state), reason)


def move_for_application(
    actor, device: Device, to_state: DeviceState, reason: "str | Note"
) -> Device:
    """A step of a device that follows its application. The caller holds the device's row
    lock inside its transaction."""
    return move(actor, device, to_state, reason, perm=Perm.HANDLE_APPLICATIONS)


def bound_to_application(device: Device, to_state: DeviceState) -> bool:
    return to_state in BOUND_TO_APPLICATION or device.state in BOUND_TO_APPLICATION


def _refuse_unless_allowed(device: Device, to_state: DeviceState) -> None:
    current = DeviceState(device.state)
    if to_state not in TRANSITIONS[current]:
        raise IllegalTransition(
            _("Deze stap kan niet: van '%(from)s' naar '%(to)s'.")
            % {"from": current.label, "to": to_state.label}
        )


def move(
    actor,
    device: Device,
    to_state: DeviceState,
    reason: "str | Note",
    *,
    perm: Perm | None = None,
) -> Device:
    """`perm` replaces the per-step permissions when the step follows a resident's
    application: whoever handles the application moves its device. Without an actor the step
    is taken by a scheduled job of the system (an expired invitation frees its device)."""
    if actor is not None:
        require_perm(actor, perm or Perm.WORK_ON_DEVICES, device)
    current = DeviceState(device.state)
    _refuse_unless_allowed(device, to_state)
    if perm is None and actor is not None:
        require_perm(actor, REQUIRED_PERM[to_state], device)
    if to_state == S.RECEIVED:
        _refuse_undo_unless_allowed(device, reason)
    if to_state in EXITS and not (reason or device.triage_reason):
        raise IllegalTransition(_("Geef een reden op."))
    if to_state in NEEDS_RELEASED_MEDIA and (missing := media_not_released(device)):
        raise IllegalTransition(
            _("Nog niet elk opslagmedium is gewist en goedgekeurd: %(media)s")
            % {"media": ", ".join(str(m) for m in missing)}
        )
    if to_state == S.QUALITY_CHECK and (open_items := open_tasks(device)):
        raise IllegalTransition(
            _("Eerst de hele lijst afmaken. Nog open: %(tasks)s.")
            % {"tasks": ", ".join(task.name for task in open_items)}
        )
    if to_state in EXITS:
        device.triage_reason = history.stored(reason) or device.triage_reason
    elif to_state == S.RECEIVED:
        device.triage_reason = ""
    device.state = to_state
    device.save(update_fields=["state", "triage_reason", "updated_at"])
    record_move(device, from_state=current, actor=actor, reason=reason)
    if to_state == S.ERASED:
        issue_certificate(actor, device)
    return device


def _refuse_undo_unless_allowed(device: Device, reason: str) -> None:
    if not triage_undoable(device):
        raise IllegalTransition(
            _("Alleen een beoordeling waarna nog niets is gedaan, kan worden teruggedraaid.")
        )
    if not reason:
        raise IllegalTransition(_("Geef een reden op."))


def issue_certificate(actor, device: Device) -> None:
    """The erasure certificate of a device whose media were all erased or destroyed."""
    certificate = certificates.issue(device)
    audit.record(
        "device.certificate_issued",
        actor=actor,
        subject=device,
        after={"number": certificate.number, "sha256": certificate.sha256},
    )


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
    """The steps this user may take now, for the buttons on the device page. Undoing a
    triage (back to received) is offered apart, with its own question."""
    return [
        state
        for state in DeviceState  # in the order of the process, not of a set
        if state in TRANSITIONS[DeviceState(device.state)]
        and state != S.RECEIVED
        and permissions.has_perm(actor, REQUIRED_PERM[state], device)
        and not bound_to_application(device, state)
    ]


def erasure_round_start(device: Device):
    """When the device last came in for erasure: a returned device starts over, so earlier
    erasures and work do not count. None when it never did (received, or kept for parts)."""
    return (
        DeviceTransition.objects.filter(device=device, to_state=S.AWAITING_ERASURE)
        .order_by("-created_at", "-pk")
        .values_list("created_at", flat=True)
        .first()
    )


def media_not_released(device: Device) -> list[StorageMedium]:
    """Media without an accepted erasure since the device last came in for erasure."""
    since = erasure_round_start(device)
    missing = []
    for medium in device.media.all():
        records = medium.erasures.all()
        if since is not None:
            records = [r for r in records if r.created_at >= since]
        if not any(record.accepted for record in records):
            missing.append(medium)
    return missing


def open_tasks(device: Device) -> list[RefurbishTask]:
    """The tasks of the device's checklist nobody logged work for in this round."""
    since = erasure_round_start(device)
    logs = device.work_logs.all()
    done = {log.task_id for log in logs if since is None or log.created_at >= since}
    return [
        task
        for task in RefurbishTask.objects.filter(
            organisation=device.organisation_id, device_type=device.type, is_active=True
        )
        if task.pk not in done
    ]
