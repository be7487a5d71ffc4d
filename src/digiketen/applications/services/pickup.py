import secrets
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.applications import selectors
from digiketen.applications.models import (
    NO_CATEGORY_RANK,
    Application,
    DistributionPolicy,
    HubCapacity,
    NoShowAction,
    PickupSlot,
    Status,
)
from digiketen.applications.services.common import (
    Refused,
    locked,
    neutral_reason,
    release_device,
)
from digiketen.applications.workflow import WORKFLOW, Step
from digiketen.core import audit, calendar
from digiketen.core.workflow import By
from digiketen.inventory import services as inventory
from digiketen.inventory.models import Device, DeviceState
from digiketen.organisations.models import Location
from digiketen.permissions import Perm


@transaction.atomic
def reserve(*, actor, application_id: int, device_id: int, reason: str = "") -> Application:
    """Reserve a ready device for the resident and invite them to choose a pickup time.

    Both rows are locked, the application first; a device can be reserved once, and the
    unique constraint on held devices catches anything that slips past."""
    application = locked(application_id)
    move = WORKFLOW.begin(application, Step.RESERVE, actor=actor)
    place, _length = selectors.queue_position(application)
    if place > 1 and not reason.strip():
        # Passing someone on the list is a choice staff must explain, like moving up.
        raise Refused(
            _("Deze aanvraag staat op plaats %(place)s. Schrijf op waarom zij nu voorgaat.")
            % {"place": place}
        )
    device = Device.objects.select_for_update().get(pk=device_id)
    if device.state != DeviceState.READY:
        raise Refused(_("Dit apparaat is niet meer vrij. Kies een ander apparaat."))
    if device.hub_id != application.hub_id:
        raise Refused(_("Dit apparaat staat bij een ander uitgiftepunt."))
    inventory.move_for_application(actor, device, DeviceState.RESERVED, neutral_reason())
    application.device = device
    application.invitation_token = secrets.token_urlsafe(32)
    application.invited_at = timezone.now()
    application.deposit_cents = DistributionPolicy.current().deposit_cents
    try:
        with transaction.atomic():
            return WORKFLOW.finish(
                application,
                move,
                actor=actor,
                after={"device": str(device), "place": place, "reason": reason},
            )
    except IntegrityError as exc:
        raise Refused(_("Dit apparaat is niet meer vrij. Kies een ander apparaat.")) from exc


@transaction.atomic
def book_slot(*, application_id: int, slot_id: int, actor=None) -> Application:
    """The resident (through the invitation) or staff choose a pickup time."""
    application = locked(application_id)
    move = WORKFLOW.begin(application, Step.BOOK, actor=actor)
    # The hub row is the lock for its monthly capacity: bookings in different slots of the
    # same month wait for each other.
    Location.objects.select_for_update().get(pk=application.hub_id)
    slot = PickupSlot.objects.select_for_update().get(pk=slot_id, hub=application.hub_id)
    if slot.starts_at <= timezone.now():
        raise Refused(_("Deze tijd is al voorbij. Kies een andere tijd."))
    if slot.pk != application.slot_id:
        if selectors.bookings(slot).count() >= slot.capacity:
            raise Refused(_("Deze tijd is net vol geraakt. Kies een andere tijd."))
        if selectors.handouts_in_month(
            application.hub, slot.starts_at, exclude=application
        ) >= selectors.month_capacity(application.hub):
            raise Refused(
                _("In die maand zijn alle laptops al vergeven. Kies een tijd in een andere maand.")
            )
    application.slot = slot
    application.reminder_sent_at = None
    return WORKFLOW.finish(application, move, actor=actor, after={"slot": str(slot)})


@transaction.atomic
def create_slots(
    *, actor, hub, day: date, first: str, last: str, minutes: int, capacity: int
) -> tuple[list[PickupSlot], int]:
    """A series of pickup slots on one day, e.g. every 15 minutes from 13:00 to 16:00, while
    the hub is open. Returns the slots made and how many were left out as closed."""
    if not permissions.has_perm(actor, Perm.HANDLE_APPLICATIONS, hub):
        raise PermissionDenied
    existing = set(
        PickupSlot.objects.filter(hub=hub, starts_at__date=day).values_list("starts_at", flat=True)
    )
    open_slots, closed = calendar.open_series(hub, day, first, last, minutes)
    created = [
        PickupSlot.objects.create(hub=hub, starts_at=start, ends_at=end, capacity=capacity)
        for start, end in open_slots
        if start not in existing
    ]
    audit.record(
        "application.slots_created",
        actor=actor,
        subject=hub,
        after={"day": day.isoformat(), "count": len(created)},
    )
    return created, closed


@transaction.atomic
def record_no_show(*, actor, application_id: int) -> Application:
    """The resident did not come to the chosen pickup time."""
    application = locked(application_id)
    missed = str(application.slot or "")
    return _missed(application, actor=actor, by=By.STAFF, after={"slot": missed}, reason="")


def expire_invitations(*, now: datetime | None = None) -> int:
    """Invitations without a chosen time expire after the configured days and count as not
    coming; otherwise a reserved device would wait for ever (run daily)."""
    now = now or timezone.now()
    days = DistributionPolicy.current().invitation_days
    count = 0
    for application_id in selectors.expired_invitations(now - timedelta(days=days)):
        with transaction.atomic():
            application = locked(application_id)
            if application.status != Status.INVITED:
                continue
            _missed(
                application,
                actor=None,
                by=By.SYSTEM,
                after={"invitation_expired": True},
                reason=_("U heeft geen tijd gekozen om op te halen."),
            )
            count += 1
    return count


def _missed(application: Application, *, actor, by: By, after: dict, reason: str) -> Application:
    """After the configured number of misses the policy decides: back on the waiting list (at
    the end of the group) or closed. Before that, the resident is invited again."""
    policy = DistributionPolicy.current()
    if application.no_shows + 1 < policy.no_show_limit:
        step = Step.MISS
    elif policy.no_show_action == NoShowAction.CLOSE:
        step = Step.CLOSE_AFTER_MISSES
    else:
        step = Step.REQUEUE
    move = WORKFLOW.begin(application, step, actor=actor, by=by)
    application.no_shows += 1
    if step == Step.MISS:
        application.slot = None
        application.invited_at = timezone.now()
    else:
        release_device(actor, application)
    if step == Step.CLOSE_AFTER_MISSES:
        application.decision_reason = _("Te vaak niet gekomen.")
    if step == Step.REQUEUE:
        # At the end of their own group: a place once given by hand does not come back.
        application.queued_at = timezone.now()
        application.queue_rank = (
            application.category.rank if application.category else NO_CATEGORY_RANK
        )
        application.moved_up = False
    return WORKFLOW.finish(
        application,
        move,
        actor=actor,
        by=by,
        after=after | {"no_shows": application.no_shows},
        reason=reason or application.decision_reason,
    )


@transaction.atomic
def release_reservation(*, actor, application_id: int, reason: str) -> Application:
    """The reserved device cannot go to this resident after all (broken, lost at the hub).
    The device is free again and the resident keeps their place on the waiting list."""
    application = locked(application_id)
    move = WORKFLOW.begin(application, Step.RELEASE, actor=actor)
    if not reason.strip():
        raise Refused(_("Schrijf op waarom de reservering vervalt."))
    release_device(actor, application)
    return WORKFLOW.finish(application, move, actor=actor, after={"reason": reason})


def send_pickup_reminders(*, now: datetime | None = None) -> int:
    """Remind residents the day before their pickup (run daily, e.g. at 10:00)."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    count = 0
    for application_id in selectors.due_reminders(tomorrow).values_list("pk", flat=True):
        with transaction.atomic():
            application = locked(application_id)
            if application.reminder_sent_at or application.status != Status.SCHEDULED:
                continue
            if application.contact_by == "letter":
                continue  # a letter would not arrive before tomorrow
            move = WORKFLOW.begin(application, Step.REMIND, by=By.SYSTEM)
            application.reminder_sent_at = now
            WORKFLOW.finish(application, move, by=By.SYSTEM, after={"slot": str(application.slot)})
            count += 1
    return count


@transaction.atomic
def set_month_capacity(*, actor, hub, monthly: int) -> None:
    if not permissions.has_perm(actor, Perm.HANDLE_APPLICATIONS, hub):
        raise PermissionDenied
    HubCapacity.objects.update_or_create(hub=hub, defaults={"monthly": monthly})
    audit.record("application.policy_changed", actor=actor, subject=hub, after={"monthly": monthly})
