import secrets
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.applications import notifications, selectors
from digiketen.applications.models import (
    NO_CATEGORY_RANK,
    Application,
    DistributionPolicy,
    HubCapacity,
    NoShowAction,
    NotificationKind,
    PickupSlot,
    Status,
)
from digiketen.applications.services.common import (
    Refused,
    locked,
    neutral_reason,
    release_device,
    require_status,
)
from digiketen.core import audit, calendar
from digiketen.inventory import services as inventory
from digiketen.inventory.models import Device, DeviceState
from digiketen.organisations.models import Location
from digiketen.permissions import Perm


@transaction.atomic
def reserve(*, actor, application_id: int, device_id: int, reason: str = "") -> Application:
    """Reserve a ready device for the resident and invite them to choose a pickup time.

    Both rows are locked, the application first; a device can be reserved once, and the
    unique constraint on held devices catches anything that slips past."""
    application = locked(actor, application_id)
    require_status(application, Status.WAITING)
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
    application.status = Status.INVITED
    application.invitation_token = secrets.token_urlsafe(32)
    application.invited_at = timezone.now()
    application.deposit_cents = DistributionPolicy.current().deposit_cents
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        raise Refused(_("Dit apparaat is niet meer vrij. Kies een ander apparaat.")) from exc
    audit.record(
        "application.device_reserved",
        actor=actor,
        subject=application,
        after={"device": str(device), "place": place, "reason": reason},
    )
    notifications.notify(application, NotificationKind.INVITED)
    return application


@transaction.atomic
def book_slot(*, application_id: int, slot_id: int, actor=None) -> Application:
    """The resident (through the invitation) or staff choose a pickup time."""
    if actor is None:
        application = Application.objects.select_for_update().get(pk=application_id)
    else:
        application = locked(actor, application_id)
    require_status(application, Status.INVITED, Status.SCHEDULED)
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
    application.status = Status.SCHEDULED
    application.reminder_sent_at = None
    application.save(update_fields=["slot", "status", "reminder_sent_at", "updated_at"])
    audit.record(
        "application.slot_booked",
        actor=actor,
        actor_label="" if actor else _("inwoner"),
        subject=application,
        after={"slot": str(slot)},
    )
    notifications.notify(application, NotificationKind.SCHEDULED)
    return application


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
    application = locked(actor, application_id)
    require_status(application, Status.SCHEDULED)
    if application.slot.starts_at > timezone.now():
        raise Refused(_("De afspraak is nog niet begonnen."))
    missed = str(application.slot)
    _missed(actor, application, reason="")
    audit.record(
        "application.no_show",
        actor=actor,
        subject=application,
        after={"slot": missed, "no_shows": application.no_shows, "status": application.status},
    )
    return application


def expire_invitations(*, now: datetime | None = None) -> int:
    """Invitations without a chosen time expire after the configured days and count as not
    coming; otherwise a reserved device would wait for ever (run daily)."""
    now = now or timezone.now()
    days = DistributionPolicy.current().invitation_days
    count = 0
    for application_id in selectors.expired_invitations(now - timedelta(days=days)):
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=application_id)
            if application.status != Status.INVITED:
                continue
            _missed(None, application, reason=_("U heeft geen tijd gekozen om op te halen."))
            audit.record(
                "application.no_show",
                actor_label=_("systeem"),
                subject=application,
                after={"invitation_expired": True, "no_shows": application.no_shows},
            )
            count += 1
    return count


def _missed(actor, application: Application, *, reason: str) -> None:
    """After the configured number of misses the policy decides: back on the waiting list (at
    the end of the group) or closed. Before that, the resident is invited again."""
    policy = DistributionPolicy.current()
    application.no_shows += 1
    if application.no_shows >= policy.no_show_limit:
        release_device(actor, application)
        if policy.no_show_action == NoShowAction.CLOSE:
            application.status = Status.CLOSED
            application.decision_reason = _("Te vaak niet gekomen.")
            kind = NotificationKind.CLOSED
        else:
            # At the end of their own group: a place once given by hand does not come back.
            application.status = Status.WAITING
            application.queued_at = timezone.now()
            application.queue_rank = (
                application.category.rank if application.category else NO_CATEGORY_RANK
            )
            application.moved_up = False
            kind = NotificationKind.REQUEUED
    else:
        application.slot = None
        application.status = Status.INVITED
        application.invited_at = timezone.now()
        kind = NotificationKind.MISSED
    application.save()
    notifications.notify(application, kind, reason=reason or application.decision_reason)


@transaction.atomic
def release_reservation(*, actor, application_id: int, reason: str) -> Application:
    """The reserved device cannot go to this resident after all (broken, lost at the hub).
    The device is free again and the resident keeps their place on the waiting list."""
    application = locked(actor, application_id)
    require_status(application, Status.INVITED, Status.SCHEDULED)
    if not reason.strip():
        raise Refused(_("Schrijf op waarom de reservering vervalt."))
    release_device(actor, application)
    application.status = Status.WAITING
    application.save()
    audit.record(
        "application.reservation_released",
        actor=actor,
        subject=application,
        after={"reason": reason},
    )
    notifications.notify(application, NotificationKind.RELEASED)
    return application


def send_pickup_reminders(*, now: datetime | None = None) -> int:
    """Remind residents the day before their pickup (run daily, e.g. at 10:00)."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    count = 0
    for application_id in selectors.due_reminders(tomorrow).values_list("pk", flat=True):
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=application_id)
            if application.reminder_sent_at or application.status != Status.SCHEDULED:
                continue
            if application.contact_by == "letter":
                continue  # a letter would not arrive before tomorrow
            application.reminder_sent_at = now
            application.save(update_fields=["reminder_sent_at"])
            notifications.notify(application, NotificationKind.REMINDER)
            count += 1
    return count


@transaction.atomic
def set_month_capacity(*, actor, hub, monthly: int) -> None:
    if not permissions.has_perm(actor, Perm.HANDLE_APPLICATIONS, hub):
        raise PermissionDenied
    HubCapacity.objects.update_or_create(hub=hub, defaults={"monthly": monthly})
    audit.record("application.policy_changed", actor=actor, subject=hub, after={"monthly": monthly})
