"""Every change to an application goes through here, inside a transaction, with an audit
event. Devices and pickup slots are locked while they are given to someone."""

import re
import secrets
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.applications import notifications, selectors
from digiketen.applications.fingerprints import pass_hash
from digiketen.applications.models import (
    NO_CATEGORY_RANK,
    POLICY_FIELDS,
    Application,
    CashCount,
    Channel,
    DepositEntry,
    DeviceHandover,
    DistributionPolicy,
    HubCapacity,
    InternetProvision,
    LedgerKind,
    NoShowAction,
    NotificationKind,
    PickupSlot,
    Route,
    Status,
)
from digiketen.core import audit, calendar
from digiketen.inventory import services as inventory
from digiketen.inventory.models import Device, DeviceState
from digiketen.organisations.models import Location
from digiketen.permissions import Perm


class Refused(Exception):
    """The step cannot be taken now; the message says why, in words for the user."""


APPLICATION_FIELDS = [
    "hub",
    "wants_device",
    "wants_internet",
    "purposes",
    "large_screen",
    "household_size",
    "school_children",
    "alone_75",
    "first_name",
    "last_name",
    "postcode",
    "house_number",
    "street",
    "city",
    "contact_by",
    "email",
    "phone",
    "route",
    "referred_by",
]


def _locked(actor, application_id: int) -> Application:
    """The application, row-locked, if `actor` may handle it (404 semantics otherwise)."""
    application = Application.objects.select_for_update().get(pk=application_id)
    if not permissions.has_perm(actor, Perm.HANDLE_APPLICATIONS, application):
        raise Application.DoesNotExist
    return application


def _require_status(application: Application, *allowed: Status) -> None:
    if application.status not in allowed:
        raise Refused(
            _("Dit kan niet bij een aanvraag met status '%(status)s'.")
            % {"status": application.get_status_display()}
        )


@transaction.atomic
def submit_application(*, data: dict, channel: Channel, language: str, actor=None) -> Application:
    """One application, whether typed in by the resident, at a desk or by a partner."""
    if actor is not None and not permissions.has_perm(actor, Perm.HANDLE_APPLICATIONS, data["hub"]):
        raise PermissionDenied
    application = Application.objects.create(
        **{name: data[name] for name in APPLICATION_FIELDS if name in data},
        organisation=data["hub"].organisation,
        channel=channel,
        language=language,
        consent_at=timezone.now(),
        created_by=actor,
    )
    audit.record(
        "application.submitted",
        actor=actor,
        actor_label="" if actor else _("inwoner"),
        subject=application,
        after={"channel": channel},
    )
    notifications.notify(application, NotificationKind.RECEIVED)
    return application


def suggested_category(application: Application):
    """The first priority group whose signal matches what the resident told us."""
    signals = {
        "school_children": application.school_children > 0,
        "job_seeking": "job_seeking" in application.purposes,
        "alone_75": application.alone_75,
    }
    for category in selectors.active_categories():
        if category.signal and signals.get(category.signal):
            return category
    return None


@transaction.atomic
def decide_eligibility(
    *,
    actor,
    application_id: int,
    eligible: bool,
    route: str = "",
    pass_number: str = "",
    pass_valid_until: date | None = None,
    income_seen: bool = False,
    referred_by=None,
    category=None,
    household_note: str = "",
    reason: str = "",
) -> Application:
    """Staff decide whether the resident qualifies. Only the outcome of checking a pass or an
    income statement is kept, never the document or the pass number itself."""
    application = _locked(actor, application_id)
    _require_status(application, Status.SUBMITTED)
    policy = DistributionPolicy.current()
    if eligible:
        problems = route_problems(
            policy,
            route=route,
            pass_number=pass_number,
            pass_valid_until=pass_valid_until,
            income_seen=income_seen,
            referred_by=referred_by,
        )
        if problems:
            raise Refused(next(iter(problems.values())))
        fingerprint = pass_hash(pass_number) if route == Route.PASS else ""
        if selectors.possible_duplicates(application, fingerprint) and not household_note:
            raise Refused(
                _(
                    "Er lijkt al een apparaat in dit huishouden te zijn. "
                    "Schrijf op waarom u toch toekent."
                )
            )
        application.route = route
        application.pass_hash = fingerprint
        application.pass_valid_until = pass_valid_until if route == Route.PASS else None
        application.income_seen = route == Route.INCOME
        application.referred_by = referred_by if route == Route.REFERRAL else None
        application.category = category
        application.queue_rank = category.rank if category else NO_CATEGORY_RANK
        application.household_note = household_note
        application.queued_at = timezone.now()
        application.status = Status.WAITING if application.wants_device else Status.APPROVED
        kind = NotificationKind.WAITING if application.wants_device else NotificationKind.APPROVED
    else:
        if not reason:
            raise Refused(_("Schrijf op waarom de aanvraag wordt afgewezen."))
        application.status = Status.REJECTED
        kind = NotificationKind.REJECTED
    application.decision_reason = reason
    application.checked_by = actor
    application.checked_at = timezone.now()
    application.save()
    audit.record(
        "application.eligibility_decided",
        actor=actor,
        subject=application,
        after={
            "status": application.status,
            "route": application.route,
            "category": str(category or ""),
            "household_note": household_note,
            "reason": reason,
        },
    )
    notifications.notify(application, kind, reason=reason)
    return application


def route_problems(
    policy, *, route, pass_number="", pass_valid_until=None, income_seen=False, referred_by=None
) -> dict[str, str]:
    """What is wrong with the proof staff checked, per form field; empty when it is fine."""
    accepted = {
        Route.PASS: policy.accept_pass,
        Route.REFERRAL: policy.accept_referral,
        Route.INCOME: policy.accept_income,
    }
    if not accepted.get(route):
        return {"route": _("Kies welk bewijs u heeft gecontroleerd.")}
    problems = {}
    if route == Route.PASS:
        if not re.fullmatch(policy.pass_number_pattern, re.sub(r"\s", "", pass_number)):
            problems["pass_number"] = _("Dit pasnummer heeft niet de goede vorm.")
        if pass_valid_until is None:
            problems["pass_valid_until"] = _("Vul in tot wanneer de pas geldig is.")
        elif pass_valid_until < timezone.localdate():
            problems["pass_valid_until"] = _("Deze pas is verlopen.")
    if route == Route.INCOME and not income_seen:
        problems["income_seen"] = _("Kruis aan dat u de verklaring heeft gezien.")
    if route == Route.REFERRAL and referred_by is None:
        problems["referred_by"] = _("Kies de organisatie die doorverwees.")
    return problems


@transaction.atomic
def move_up(*, actor, application_id: int, position: int, reason: str) -> Application:
    """Put an application at `position` of its hub's waiting list. Always with a reason, and
    visible in the audit log: the list is fair only when every exception is explained."""
    application = _locked(actor, application_id)
    _require_status(application, Status.WAITING)
    if not reason.strip():
        raise Refused(_("Schrijf op waarom deze aanvraag naar voren gaat."))
    # Lock the whole queue of the hub: two moves at once must not interleave.
    queue = list(selectors.waiting_list(application.hub).select_for_update())
    before = queue.index(application) + 1
    if not 1 <= position < before:
        raise Refused(_("Kies een plaats vóór de huidige plaats (%(place)s).") % {"place": before})
    ahead = queue[position - 1]
    # Make room: those of the same group ahead of that place move two microseconds earlier
    # (their order stays), then the application goes just before the one now at that place.
    Application.objects.filter(
        pk__in=[a.pk for a in queue[: position - 1] if a.queue_rank == ahead.queue_rank]
    ).update(queued_at=F("queued_at") - timedelta(microseconds=2))
    application.queue_rank = ahead.queue_rank
    application.queued_at = ahead.queued_at - timedelta(microseconds=1)
    application.moved_up = True
    application.save(update_fields=["queue_rank", "queued_at", "moved_up", "updated_at"])
    audit.record(
        "application.moved_up",
        actor=actor,
        subject=application,
        before={"position": before},
        after={"position": position, "reason": reason},
    )
    return application


@transaction.atomic
def reserve(*, actor, application_id: int, device_id: int, reason: str = "") -> Application:
    """Reserve a ready device for the resident and invite them to choose a pickup time.

    Both rows are locked, the application first; a device can be reserved once, and the
    unique constraint on held devices catches anything that slips past."""
    application = _locked(actor, application_id)
    _require_status(application, Status.WAITING)
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


def neutral_reason() -> str:
    # The device's history is read by trainees: it names no resident and no application code.
    return _("Voor een aanvraag van een inwoner")


def _release_device(actor, application: Application) -> None:
    device = Device.objects.select_for_update().get(pk=application.device_id)
    if device.state == DeviceState.RESERVED:
        inventory.move_for_application(actor, device, DeviceState.READY, neutral_reason())
    application.device = None
    application.slot = None
    application.invitation_token = None
    application.invited_at = None


@transaction.atomic
def book_slot(*, application_id: int, slot_id: int, actor=None) -> Application:
    """The resident (through the invitation) or staff choose a pickup time."""
    if actor is None:
        application = Application.objects.select_for_update().get(pk=application_id)
    else:
        application = _locked(actor, application_id)
    _require_status(application, Status.INVITED, Status.SCHEDULED)
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
    application = _locked(actor, application_id)
    _require_status(application, Status.SCHEDULED)
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
        _release_device(actor, application)
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
    application = _locked(actor, application_id)
    _require_status(application, Status.INVITED, Status.SCHEDULED)
    if not reason.strip():
        raise Refused(_("Schrijf op waarom de reservering vervalt."))
    _release_device(actor, application)
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


@transaction.atomic
def report_lost(*, actor, application_id: int, reason: str, now: datetime | None = None):
    """A handed-out device is lost or stolen: it leaves the stock, an unpaid-back deposit is
    forfeited, and the application closes."""
    now = now or timezone.now()
    application = _locked(actor, application_id)
    _require_status(application, Status.HANDED_OUT)
    if not reason.strip():
        raise Refused(_("Schrijf op wat er is gebeurd."))
    handover = DeviceHandover.objects.select_for_update().get(application=application)
    device = Device.objects.select_for_update().get(pk=handover.device_id)
    inventory.move_for_application(actor, device, DeviceState.LOST, neutral_reason())
    if paid := _unsettled_deposit(handover):
        _ledger(handover, LedgerKind.FORFEITED, paid.amount_cents, "", actor, now)
    application.status = Status.CLOSED
    application.decision_reason = reason
    application.save()
    audit.record(
        "application.device_lost", actor=actor, subject=application, after={"reason": reason}
    )
    return application


@transaction.atomic
def hand_over(
    *,
    actor,
    application_id: int,
    signed_on: str,
    signed_name: str = "",
    agreed: bool = False,
    method: str = "",
    course_wanted: bool = False,
    now: datetime | None = None,
) -> DeviceHandover:
    """Give the device, with the signed agreement and the deposit in the ledger."""
    now = now or timezone.now()
    application = _locked(actor, application_id)
    _require_status(application, Status.INVITED, Status.SCHEDULED)
    policy = DistributionPolicy.current()
    if signed_on == "screen" and not (signed_name.strip() and agreed):
        raise Refused(_("Laat de inwoner de naam typen en het vakje aankruisen."))
    deposit = selectors.deposit_due(application)
    if deposit and not method:
        raise Refused(_("Kies hoe het statiegeld is betaald."))
    device = Device.objects.select_for_update().get(pk=application.device_id)
    inventory.move_for_application(actor, device, DeviceState.HANDED_OUT, neutral_reason())
    handover = DeviceHandover.objects.create(
        application=application,
        device=device,
        form=policy.handout_form,
        signed_on=signed_on,
        signed_name=signed_name.strip(),
        deposit_cents=deposit,
        refund_until=add_years(timezone.localdate(now), policy.refund_years) if deposit else None,
        course_wanted=course_wanted,
        handed_by=actor,
        handed_at=now,
    )
    if deposit:
        _ledger(handover, LedgerKind.PAID, deposit, method, actor, now)
    application.status = Status.HANDED_OUT
    application.invitation_token = None
    application.save(update_fields=["status", "invitation_token", "updated_at"])
    audit.record(
        "application.handed_over",
        actor=actor,
        subject=application,
        after={
            "device": str(device),
            "form": handover.form,
            "deposit_cents": handover.deposit_cents,
        },
    )
    return handover


def _ledger(handover, kind, amount, method, actor, now) -> DepositEntry:
    return DepositEntry.objects.create(
        hub=handover.application.hub,
        handover=handover,
        kind=kind,
        amount_cents=amount,
        method=method if kind != LedgerKind.FORFEITED else "",
        actor=actor,
        created_at=now,
        business_date=timezone.localdate(now),
    )


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _unsettled_deposit(handover: DeviceHandover) -> DepositEntry | None:
    """The paid deposit entry, while it is neither refunded nor forfeited."""
    entries = list(handover.deposit_entries.all())
    paid = next((e for e in entries if e.kind == LedgerKind.PAID), None)
    settled = any(e.kind != LedgerKind.PAID for e in entries)
    return None if settled else paid


def refund_due(handover: DeviceHandover, now: datetime | None = None) -> bool:
    """Is the deposit paid back if the device comes back now? Up to and including the date
    on the agreement, fixed at handover."""
    today = timezone.localdate(now or timezone.now())
    return (
        _unsettled_deposit(handover) is not None
        and handover.refund_until is not None
        and today <= handover.refund_until
    )


@transaction.atomic
def register_return(
    *,
    actor,
    application_id: int,
    condition: str,
    notes: str = "",
    method: str = "",
    now: datetime | None = None,
) -> DeviceHandover:
    """The device comes back: it is erased again before anyone else gets it. The deposit is
    paid back within the period and forfeited after it."""
    now = now or timezone.now()
    application = _locked(actor, application_id)
    _require_status(application, Status.HANDED_OUT)
    handover = DeviceHandover.objects.select_for_update().get(application=application)
    paid = _unsettled_deposit(handover)
    refund = refund_due(handover, now)
    if refund and not method:
        raise Refused(_("Kies hoe het statiegeld wordt terugbetaald."))
    device = Device.objects.select_for_update().get(pk=handover.device_id)
    inventory.move_for_application(actor, device, DeviceState.RETURNED, condition)
    inventory.move_for_application(actor, device, DeviceState.AWAITING_ERASURE, "")
    if paid is not None:
        kind = LedgerKind.REFUNDED if refund else LedgerKind.FORFEITED
        _ledger(handover, kind, paid.amount_cents, method, actor, now)
    handover.returned_at = now
    handover.return_condition = condition
    handover.return_notes = notes
    handover.save(update_fields=["returned_at", "return_condition", "return_notes"])
    application.status = Status.RETURNED
    application.save(update_fields=["status", "updated_at"])
    audit.record(
        "application.returned",
        actor=actor,
        subject=application,
        after={"device": str(device), "condition": condition, "refunded": refund},
    )
    return handover


@transaction.atomic
def forfeit_expired_deposits(*, now: datetime | None = None) -> int:
    """Deposits of devices kept past the refund period are forfeited (run daily)."""
    now = now or timezone.now()
    count = 0
    for handover in selectors.unsettled_deposits().select_for_update():
        if handover.refund_until and timezone.localdate(now) > handover.refund_until:
            paid = handover.deposit_entries.get(kind=LedgerKind.PAID)
            _ledger(handover, LedgerKind.FORFEITED, paid.amount_cents, "", None, now)
            count += 1
    return count


@transaction.atomic
def record_cash_count(
    *, actor, hub, business_date: date, counted_cents: int, note: str = ""
) -> CashCount:
    if not permissions.has_perm(actor, Perm.HANDLE_APPLICATIONS, hub):
        raise PermissionDenied
    expected = selectors.expected_cash(hub, business_date)
    if counted_cents != expected and not note.strip():
        raise Refused(_("Het getelde bedrag wijkt af. Schrijf op waardoor."))
    count, _created = CashCount.objects.update_or_create(
        hub=hub,
        business_date=business_date,
        defaults={
            "expected_cents": expected,
            "counted_cents": counted_cents,
            "note": note,
            "counted_by": actor,
        },
    )
    audit.record(
        "deposit.cash_counted",
        actor=actor,
        subject=hub,
        after={"date": business_date.isoformat(), "expected": expected, "counted": counted_cents},
    )
    return count


@transaction.atomic
def add_internet(*, actor, application_id: int, data: dict) -> InternetProvision:
    """Record social home internet; the eligibility check of the application covers it."""
    application = _locked(actor, application_id)
    if not application.wants_internet:
        raise Refused(_("Deze aanvraag vraagt geen internet thuis."))
    if application.status in (Status.SUBMITTED, Status.REJECTED, Status.CLOSED):
        raise Refused(_("Controleer eerst of de inwoner in aanmerking komt."))
    provision = InternetProvision.objects.create(application=application, created_by=actor, **data)
    audit.record(
        "application.internet_added",
        actor=actor,
        subject=application,
        after={"provider": provision.provider, "ends_on": provision.ends_on.isoformat()},
    )
    return provision


@transaction.atomic
def close(*, actor, application_id: int, reason: str) -> Application:
    """Stop an application (withdrawn, moved away); a reserved device becomes free again."""
    application = _locked(actor, application_id)
    _require_status(
        application,
        Status.SUBMITTED,
        Status.WAITING,
        Status.APPROVED,
        Status.INVITED,
        Status.SCHEDULED,
    )
    if not reason.strip():
        raise Refused(_("Schrijf op waarom de aanvraag stopt."))
    if application.device_id:
        _release_device(actor, application)
    application.status = Status.CLOSED
    application.decision_reason = reason
    application.save()
    audit.record("application.closed", actor=actor, subject=application, after={"reason": reason})
    notifications.notify(application, NotificationKind.CLOSED, reason=reason)
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


def remind_internet_endings(*, today: date | None = None) -> int:
    """Tell the hub's staff that a resident's home internet ends soon (run daily)."""
    today = today or timezone.localdate()
    days = DistributionPolicy.current().internet_reminder_days
    count = 0
    for provision in selectors.internet_ending(today + timedelta(days=days)).filter(
        reminder_sent_at__isnull=True
    ):
        with transaction.atomic():
            notifications.tell_staff_internet_ends(provision)
            InternetProvision.objects.filter(pk=provision.pk).update(
                reminder_sent_at=timezone.now()
            )
            count += 1
    return count


@transaction.atomic
def set_month_capacity(*, actor, hub, monthly: int) -> None:
    if not permissions.has_perm(actor, Perm.HANDLE_APPLICATIONS, hub):
        raise PermissionDenied
    HubCapacity.objects.update_or_create(hub=hub, defaults={"monthly": monthly})
    audit.record("application.policy_changed", actor=actor, subject=hub, after={"monthly": monthly})


@transaction.atomic
def save_policy(*, actor, policy: DistributionPolicy, categories: list) -> None:
    """Save the rules and priority groups; waiting applications follow a changed rank."""
    if not permissions.has_perm(actor, Perm.CONFIGURE_DISTRIBUTION):
        raise PermissionDenied
    before = audit.snapshot(DistributionPolicy.current(), POLICY_FIELDS)
    policy.save()
    for category in categories:
        category.save()
        # Applications moved up by hand keep the place they were given.
        Application.objects.filter(category=category, status=Status.WAITING, moved_up=False).update(
            queue_rank=category.rank if category.is_active else NO_CATEGORY_RANK
        )
    audit.record(
        "application.policy_changed",
        actor=actor,
        subject=policy,
        before=before,
        after=audit.snapshot(policy, POLICY_FIELDS) | {"categories": [str(c) for c in categories]},
    )


PERSONAL_FIELDS = ["first_name", "last_name", "house_number", "street", "city", "email", "phone"]


def anonymise_expired(*, now: datetime | None = None) -> int:
    """Make applications anonymous once they are done (run daily): the name, address and
    contact details go; the postcode area, the pass fingerprint and the figures stay, so the
    household rule and the council's figures keep working."""
    now = now or timezone.now()
    count = 0
    for application_id in selectors.expired_applications(now).values_list("pk", flat=True):
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=application_id)
            for name in PERSONAL_FIELDS:
                setattr(application, name, "")
            application.decision_reason = application.household_note = ""
            application.postcode = application.postcode[:4]
            application.anonymised_at = now
            application.save()
            DeviceHandover.objects.filter(application=application).update(
                signed_name="", return_notes=""
            )
            application.notifications.update(body="", last_error="")
            count += 1
    return count
