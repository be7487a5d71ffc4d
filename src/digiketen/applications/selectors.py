"""Reads for applications, always scoped to what the user's organisation may see."""

import difflib
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.applications.models import (
    Application,
    DepositEntry,
    DeviceHandover,
    DistributionPolicy,
    HubCapacity,
    InternetProvision,
    LedgerKind,
    PaymentMethod,
    PickupSlot,
    PriorityCategory,
    Purpose,
    Status,
)
from digiketen.core import ratelimit
from digiketen.directory.models import ServiceType
from digiketen.inventory.models import Device, DeviceState, DeviceType
from digiketen.organisations.models import Location
from digiketen.permissions import Perm


@dataclass(frozen=True)
class StatusMatch:
    """What a status lookup read: whether the code and postcode belong to one application,
    and the failed lookups that each limit counted so far (in their order)."""

    found: bool
    failures: tuple[int, ...]


def status_match(*, reference: str, postcode: str, failures: list[ratelimit.Limit]) -> StatusMatch:
    """Whether an application has this code and postcode, read in the statement that reads
    (without counting) each of `failures`: one round trip for applications.status_lookup."""
    ops = connection.ops
    quote = ops.quote_name
    # Only the quoted names of our own table and columns are put in; values are parameters.
    match = (
        f"EXISTS (SELECT 1 FROM {quote(Application._meta.db_table)} "  # noqa: S608
        f"WHERE {quote('reference')} = %s AND {quote('postcode')} = %s)"
    )
    found, *counts = ratelimit.select(
        (match, [reference, postcode]), *(ratelimit.used_sql(limit) for limit in failures)
    )
    return StatusMatch(found=bool(found), failures=tuple(counts))


def handled_applications(*, user) -> QuerySet[Application]:
    return permissions.scope_queryset(
        user, Perm.HANDLE_APPLICATIONS, Application.objects.all(), "organisation"
    ).select_related("hub", "category", "device", "slot")


def application_list(*, user, status: str = "", query: str = "") -> QuerySet[Application]:
    """The staff list, newest first: by status (an unknown one is ignored) and by code, name
    or postcode. The order matches the index application_list(_status); the name search has
    trigram indexes on PostgreSQL."""
    applications = permissions.scope_queryset(
        user, Perm.HANDLE_APPLICATIONS, Application.objects.all(), "organisation"
    ).select_related("hub")
    if status in Status.values:
        applications = applications.filter(status=status)
    if query:
        applications = applications.filter(
            Q(reference__iexact=query)
            | Q(last_name__icontains=query)
            | Q(first_name__icontains=query)
            | Q(postcode=query.replace(" ", "").upper())
        )
    return applications.order_by("-created_at", "-pk")


def handout_hubs(*, user=None) -> QuerySet[Location]:
    """Hubs where residents pick up devices: the locations that offer device handout in the
    public finder. All of them, or those of the organisations the user works for."""
    hubs = Location.objects.filter(
        is_active=True,
        organisation__is_active=True,
        services__service__type=ServiceType.DEVICE_HANDOUT,
        services__service__is_active=True,
    ).select_related("organisation")
    if user is not None:
        hubs = permissions.scope_queryset(user, Perm.HANDLE_APPLICATIONS, hubs, "organisation")
    return hubs.distinct().order_by("name")


def active_categories() -> QuerySet[PriorityCategory]:
    return PriorityCategory.objects.filter(is_active=True)


def waiting_list(hub) -> QuerySet[Application]:
    """The hub's queue: priority group first, then first come, first served."""
    return Application.objects.filter(hub=hub, status=Status.WAITING).order_by(
        "queue_rank", "queued_at", "pk"
    )


def queue_position(application: Application) -> tuple[int, int]:
    """(place, length) of the application in its hub's waiting list."""
    queue = waiting_list(application.hub_id)
    ahead = queue.filter(
        Q(queue_rank__lt=application.queue_rank)
        | Q(queue_rank=application.queue_rank, queued_at__lt=application.queued_at)
        | Q(
            queue_rank=application.queue_rank,
            queued_at=application.queued_at,
            pk__lt=application.pk,
        )
    ).count()
    return ahead + 1, queue.count()


def estimated_weeks(place: int, monthly_capacity: int) -> int:
    """A rough estimate: the hub hands out `monthly_capacity` devices a month."""
    return max(1, math.ceil(place / max(monthly_capacity, 1) * 52 / 12))


@dataclass(frozen=True)
class Duplicate:
    application: Application
    reasons: list[str]
    visible: bool  # the user may open it; otherwise only the hub and date are shown


def _name(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def possible_duplicates(
    application: Application, pass_hash: str = "", *, user=None
) -> list[Duplicate]:
    """Other applications of what may be the same household within the configured years:
    the same pass or address (also after anonymisation, through their keyed hashes), or a
    similar name in the same postcode area."""
    since = timezone.now() - timedelta(days=365 * DistributionPolicy.current().household_years)
    counted = (
        Application.objects.exclude(pk=application.pk)
        .exclude(status__in=[Status.REJECTED, Status.CLOSED])
        .filter(Q(created_at__gte=since) | Q(handover__handed_at__gte=since))
        .select_related("hub")
    )
    exact = Q(address_hash=application.address_hash)
    if pass_hash:
        exact |= Q(pass_hash=pass_hash)
    candidates = {a.pk: a for a in counted.filter(exact)}
    # Similar names only among the most recent ones in the area: a short list to compare.
    nearby = counted.filter(
        postcode__startswith=application.postcode[:4], anonymised_at__isnull=True
    ).order_by("-created_at")[:200]
    candidates |= {a.pk: a for a in nearby}
    visible = (
        permissions.organisation_ids(user, Perm.HANDLE_APPLICATIONS) if user is not None else None
    )
    name = _name(application.full_name)
    found = []
    for other in sorted(candidates.values(), key=lambda a: a.created_at):
        reasons = []
        if pass_hash and other.pass_hash == pass_hash:
            reasons.append(_("zelfde pas"))
        if other.address_hash == application.address_hash:
            reasons.append(_("zelfde adres"))
        if other.anonymised_at is None and (
            difflib.SequenceMatcher(None, name, _name(other.full_name)).ratio() >= 0.85
        ):
            reasons.append(_("lijkende naam"))
        if reasons:
            shown = visible is None or other.organisation_id in visible
            found.append(Duplicate(other, reasons, shown))
    return found


@dataclass(frozen=True)
class Requirement:
    webcam: bool = False
    min_ram_mb: int = 0
    min_screen_inch: float = 0


NEEDS = {
    Purpose.SCHOOL: Requirement(webcam=True, min_ram_mb=8192),
    Purpose.WORK: Requirement(min_ram_mb=8192),
    Purpose.JOB_SEEKING: Requirement(webcam=True),
    Purpose.CONTACT: Requirement(webcam=True),
    Purpose.HEALTH: Requirement(webcam=True),
    Purpose.ADMINISTRATION: Requirement(),
}
LARGE_SCREEN_INCH = 15


def requirement(application: Application) -> Requirement:
    """What the device must have, from what the resident needs it for."""
    needs = [NEEDS[p] for p in application.purposes if p in NEEDS]
    return Requirement(
        webcam=any(n.webcam for n in needs),
        min_ram_mb=max((n.min_ram_mb for n in needs), default=0),
        min_screen_inch=LARGE_SCREEN_INCH if application.large_screen else 0,
    )


def describe(need: Requirement) -> list[str]:
    words = []
    if need.webcam:
        words.append(_("webcam"))
    if need.min_ram_mb:
        words.append(_("minstens %(gb)s GB geheugen") % {"gb": need.min_ram_mb // 1024})
    if need.min_screen_inch:
        words.append(_("scherm van minstens %(inch)s inch") % {"inch": need.min_screen_inch})
    return words


def shortfalls(device: Device, need: Requirement) -> list[str]:
    """What a device lacks of what the resident needs, in words."""
    lacking = []
    if need.webcam and not device.has_webcam:
        lacking.append(_("geen webcam"))
    if need.min_ram_mb and (device.ram_mb or 0) < need.min_ram_mb:
        lacking.append(_("minder dan %(gb)s GB geheugen") % {"gb": need.min_ram_mb // 1024})
    if need.min_screen_inch and (device.screen_inch or 0) < need.min_screen_inch:
        lacking.append(_("scherm kleiner dan %(inch)s inch") % {"inch": need.min_screen_inch})
    return lacking


def ready_devices(application: Application) -> tuple[list[Device], list[Device]]:
    """Ready laptops at the resident's hub: (meeting the requirement, the others)."""
    need = requirement(application)
    devices = Device.objects.filter(
        hub=application.hub_id, state=DeviceState.READY, type=DeviceType.LAPTOP
    ).order_by("grade", "-ram_mb", "asset_tag")
    suits = Q()
    if need.webcam:
        suits &= Q(has_webcam=True)
    if need.min_ram_mb:
        suits &= Q(ram_mb__gte=need.min_ram_mb)
    if need.min_screen_inch:
        suits &= Q(screen_inch__gte=need.min_screen_inch)
    matching = list(devices.filter(suits)[:20])
    others = list(devices.exclude(pk__in=[d.pk for d in matching])[:20])
    return matching, others


def bookings(slot: PickupSlot) -> QuerySet[Application]:
    return Application.objects.filter(slot=slot, status=Status.SCHEDULED)


def _month(when: datetime) -> tuple[date, date]:
    local = timezone.localdate(when)
    first = local.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1)


def handouts_in_month(hub, when: datetime, *, exclude: Application | None = None) -> int:
    """Pickups booked plus devices handed out in the month of `when`: against the capacity."""
    first, following = _month(when)
    booked = Application.objects.filter(
        hub=hub,
        status=Status.SCHEDULED,
        slot__starts_at__date__gte=first,
        slot__starts_at__date__lt=following,
    )
    if exclude is not None:
        booked = booked.exclude(pk=exclude.pk)
    handed = DeviceHandover.objects.filter(
        application__hub=hub, handed_at__date__gte=first, handed_at__date__lt=following
    )
    return booked.count() + handed.count()


def deposit_due(application: Application, policy: DistributionPolicy | None = None) -> int:
    """The deposit this resident pays: as promised in the invitation, else the current rule."""
    if application.deposit_cents is not None:
        return application.deposit_cents
    return (policy or DistributionPolicy.current()).deposit_cents


def month_capacity(hub) -> int:
    capacity = HubCapacity.objects.filter(hub=hub).values_list("monthly", flat=True).first()
    return (
        capacity if capacity is not None else DistributionPolicy.current().default_monthly_capacity
    )


def available_slots(
    hub, *, weeks: int = 6, application: Application | None = None
) -> list[PickupSlot]:
    """Free pickup times in the coming weeks, leaving out months that are full (not counting
    the resident's own booking, who may move it)."""
    now = timezone.now()
    slots = (
        PickupSlot.objects.filter(
            hub=hub, starts_at__gt=now, starts_at__lt=now + timedelta(weeks=weeks)
        )
        .annotate(booked=Count("bookings", filter=Q(bookings__status=Status.SCHEDULED)))
        .order_by("starts_at")
    )
    capacity = month_capacity(hub)
    full_months: dict[date, bool] = {}
    free = []
    for slot in slots:
        if slot.booked >= slot.capacity:
            continue
        month = _month(slot.starts_at)[0]
        if month not in full_months:
            taken = handouts_in_month(hub, slot.starts_at, exclude=application)
            full_months[month] = taken >= capacity
        if not full_months[month]:
            free.append(slot)
    return free


def day_list(hub, day: date) -> QuerySet[Application]:
    """Who comes to pick up at `hub` on `day`, in order."""
    return (
        Application.objects.filter(hub=hub, slot__starts_at__date=day)
        .exclude(status__in=[Status.CLOSED])
        .select_related("slot", "device")
        .order_by("slot__starts_at", "pk")
    )


def unsettled_deposits() -> QuerySet[DeviceHandover]:
    """Handovers still out whose paid deposit is neither refunded nor forfeited yet."""
    settled = DepositEntry.objects.filter(handover=OuterRef("pk")).exclude(kind=LedgerKind.PAID)
    return DeviceHandover.objects.filter(
        deposit_entries__kind=LedgerKind.PAID, returned_at__isnull=True
    ).exclude(Exists(settled))


@dataclass(frozen=True)
class Settled:
    """How the deposit of a returned device was settled, for the message to the resident."""

    refunded_cents: int
    kept_cents: int
    late: bool  # returned after the refund period: nothing back, whatever the condition


def deposit_settled(handover: DeviceHandover) -> Settled:
    amounts = {e.kind: e.amount_cents for e in handover.deposit_entries.all()}
    returned = timezone.localdate(handover.returned_at) if handover.returned_at else None
    return Settled(
        refunded_cents=amounts.get(LedgerKind.REFUNDED, 0),
        kept_cents=amounts.get(LedgerKind.FORFEITED, 0),
        late=bool(handover.refund_until and returned and returned > handover.refund_until),
    )


def expired_invitations(invited_before: datetime) -> QuerySet[Application]:
    return Application.objects.filter(
        status=Status.INVITED, invited_at__lt=invited_before
    ).values_list("pk", flat=True)


def _sum(entries, **filters) -> int:
    return entries.filter(**filters).aggregate(total=Sum("amount_cents"))["total"] or 0


def expected_cash(hub, day: date) -> int:
    """Cash the box should have gained on `day`: deposits paid minus deposits refunded."""
    entries = DepositEntry.objects.filter(hub=hub, business_date=day, method=PaymentMethod.CASH)
    return _sum(entries, kind=LedgerKind.PAID) - _sum(entries, kind=LedgerKind.REFUNDED)


@dataclass(frozen=True)
class LedgerTotals:
    paid: int
    refunded: int
    forfeited: int

    @property
    def held(self) -> int:
        return self.paid - self.refunded - self.forfeited


def ledger_totals(hub, *, until: date | None = None) -> LedgerTotals:
    entries = DepositEntry.objects.filter(hub=hub)
    if until is not None:
        entries = entries.filter(business_date__lte=until)
    return LedgerTotals(
        paid=_sum(entries, kind=LedgerKind.PAID),
        refunded=_sum(entries, kind=LedgerKind.REFUNDED),
        forfeited=_sum(entries, kind=LedgerKind.FORFEITED),
    )


def day_entries(hub, day: date) -> QuerySet[DepositEntry]:
    return DepositEntry.objects.filter(hub=hub, business_date=day).select_related(
        "handover__application", "handover__device", "actor"
    )


def due_reminders(day: date) -> QuerySet[Application]:
    return Application.objects.filter(
        status=Status.SCHEDULED, slot__starts_at__date=day, reminder_sent_at__isnull=True
    )


def internet_ending(until: date) -> QuerySet[InternetProvision]:
    return InternetProvision.objects.filter(
        ends_on__gte=timezone.localdate(), ends_on__lte=until
    ).select_related("application__hub")


def internet_provisions(*, user) -> QuerySet[InternetProvision]:
    return permissions.scope_queryset(
        user,
        Perm.HANDLE_APPLICATIONS,
        InternetProvision.objects.select_related("application__hub"),
        "application__organisation",
    ).order_by("ends_on", "pk")


def nearest_help(application: Application) -> list:
    """A basic course and a help point near the resident, from the public finder."""
    from digiketen.directory.needs import NEEDS as FINDER_NEEDS
    from digiketen.directory.selectors import FinderQuery, find

    found = []
    for slug in ("cursus", "digid"):
        need = next(n for n in FINDER_NEEDS if n.slug == slug)
        results, _by_distance = find(FinderQuery(need=need, postcode=application.postcode))
        if results:
            found.append((need, results[0]))
    return found


def upcoming_slots(hub, *, days: int = 28) -> QuerySet[PickupSlot]:
    now = timezone.now()
    return (
        PickupSlot.objects.filter(
            hub=hub, ends_at__gt=now, starts_at__lt=now + timedelta(days=days)
        )
        .annotate(booked=Count("bookings", filter=Q(bookings__status=Status.SCHEDULED)))
        .order_by("starts_at")
    )


def expired_applications(now: datetime) -> QuerySet[Application]:
    """Applications whose personal details are no longer needed: rejected or closed, returned,
    or given as a gift, longer ago than the retention period."""
    from django.conf import settings

    before = now - timedelta(days=30 * settings.APPLICATION_RETENTION_MONTHS)
    return (
        Application.objects.filter(anonymised_at__isnull=True)
        .filter(
            Q(status__in=[Status.REJECTED, Status.CLOSED], updated_at__lt=before)
            | Q(status=Status.RETURNED, handover__returned_at__lt=before)
            | Q(status=Status.HANDED_OUT, handover__form="gift", handover__handed_at__lt=before)
            | (
                Q(status=Status.APPROVED, internet_provisions__isnull=False)
                & ~Q(internet_provisions__ends_on__gte=before.date())
            )
        )
        .distinct()
    )
