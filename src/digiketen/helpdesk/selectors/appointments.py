"""Reads for appointments, at a help point and at a hub (one booking mechanism, the purpose
tells them apart): the staff's lists scoped to their places, and the free times a resident can
book at /afspraak."""

from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from digiketen import permissions
from digiketen.accounts.roles import Role
from digiketen.helpdesk.models import Appointment, AppointmentSlot, Purpose
from digiketen.helpdesk.purposes import KINDS
from digiketen.organisations.models import Location
from digiketen.permissions import Perm


def helpers_at(*, user) -> QuerySet:
    """Colleagues who register help at the user's organisations: whose times can be planned."""
    from digiketen.accounts.models import User

    organisations = permissions.organisation_ids(user, Perm.REGISTER_HELP)
    membership = Q(memberships__role=Role.HELP_POINT_STAFF)
    if organisations is not None:
        # One filter call: both conditions hold for the same membership.
        membership &= Q(memberships__organisation__in=organisations)
    return (
        User.objects.filter(membership, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def open_slots(*, user, days: int = 28) -> QuerySet[AppointmentSlot]:
    """Free appointment times in the coming weeks at the user's locations."""
    now = timezone.now()
    return (
        permissions.scope_queryset(
            user,
            Perm.REGISTER_HELP,
            AppointmentSlot.objects.filter(purpose=Purpose.HELP),
            "location__organisation",
        )
        .filter(starts_at__gt=now, starts_at__lt=now + timedelta(days=days))
        .exclude(Exists(_active_appointments().filter(slot=OuterRef("pk"))))
        .select_related("location", "helper")
        .order_by("starts_at", "pk")
    )


def _active_appointments() -> QuerySet[Appointment]:
    return Appointment.objects.exclude(status="cancelled")


def appointments(*, user, purpose: str = Purpose.HELP) -> QuerySet[Appointment]:
    """The appointments of one purpose at the user's places: a help point's staff see its
    help appointments, a hub's staff its eligibility checks (helpdesk.purposes)."""
    return permissions.scope_queryset(
        user,
        KINDS[purpose].perm,
        Appointment.objects.filter(slot__purpose=purpose),
        "slot__location__organisation",
    ).select_related("slot__location", "slot__helper", "theme")


def check_appointments(*, user, hub, days: int = 28) -> QuerySet[Appointment]:
    """A hub's eligibility checks from today on, booked or done, with their application."""
    start = datetime.combine(timezone.localdate(), time(), timezone.get_current_timezone())
    return (
        appointments(user=user, purpose=Purpose.ELIGIBILITY)
        .filter(
            slot__location=hub,
            slot__starts_at__gte=start,
            slot__starts_at__lt=start + timedelta(days=days),
        )
        .exclude(status="cancelled")
        .select_related("application")
        .order_by("slot__starts_at", "pk")
    )


def free_check_times(*, hub, days: int = 28) -> int:
    """How many eligibility-check times at the hub are still free in the coming weeks."""
    now = timezone.now()
    return (
        AppointmentSlot.objects.filter(
            purpose=Purpose.ELIGIBILITY,
            location=hub,
            starts_at__gt=now,
            starts_at__lt=now + timedelta(days=days),
        )
        .exclude(Exists(_active_appointments().filter(slot=OuterRef("pk"))))
        .count()
    )


def check_appointment_of(application) -> Appointment | None:
    """The resident's coming eligibility check, for their status page."""
    return (
        Appointment.objects.filter(
            application=application,
            slot__purpose=Purpose.ELIGIBILITY,
            status="booked",
            slot__ends_at__gt=timezone.now(),
        )
        .select_related("slot__location")
        .order_by("slot__starts_at")
        .first()
    )


def day_list(*, user, helper, day: date) -> QuerySet[AppointmentSlot]:
    """A helper's times on one day, with the appointment if booked."""
    return (
        permissions.scope_queryset(
            user,
            Perm.REGISTER_HELP,
            AppointmentSlot.objects.filter(purpose=Purpose.HELP),
            "location__organisation",
        )
        .filter(helper=helper, starts_at__date=day)
        .select_related("location")
        .prefetch_related(
            Prefetch(
                "appointments",
                queryset=_active_appointments().select_related("theme"),
                to_attr="active",
            )
        )
        .order_by("starts_at")
    )


# Residents book online from two hours ahead, so the helper sees the booking in time.
BOOK_AHEAD = timedelta(hours=2)
BOOKABLE_DAYS = 28


def bookable_slots(
    now: datetime | None = None, *, purpose: str = Purpose.HELP
) -> QuerySet[AppointmentSlot]:
    """Free times of one purpose a resident can book at /afspraak, at active places."""
    now = now or timezone.now()
    return AppointmentSlot.objects.filter(
        purpose=purpose,
        starts_at__gte=now + BOOK_AHEAD,
        starts_at__lt=now + timedelta(days=BOOKABLE_DAYS),
        location__is_active=True,
        location__organisation__is_active=True,
    ).exclude(Exists(_active_appointments().filter(slot=OuterRef("pk"))))


def bookable_places(
    now: datetime | None = None, *, purpose: str = Purpose.HELP
) -> QuerySet[Location]:
    """Places with a free time of this purpose, with their opening hours for the page."""
    return (
        Location.objects.filter(
            Exists(bookable_slots(now, purpose=purpose).filter(location=OuterRef("pk")))
        )
        .prefetch_related("opening_hours")
        .order_by("name")
    )


def bookable_days(location, now: datetime | None = None, *, purpose: str = Purpose.HELP):
    slots = bookable_slots(now, purpose=purpose).filter(location=location)
    starts = slots.values_list("starts_at", flat=True)
    return sorted({timezone.localdate(start) for start in starts})


def bookable_times(
    location, day: date, now: datetime | None = None, *, purpose: str = Purpose.HELP
) -> list[tuple]:
    """(start, end) of each free time that day; two helpers free at 10:00 are one time."""
    slots = bookable_slots(now, purpose=purpose).filter(location=location, starts_at__date=day)
    times = {}
    for start, end in slots.order_by("starts_at").values_list("starts_at", "ends_at"):
        times.setdefault(start, end)
    return list(times.items())


def managed_appointment(token: str) -> Appointment | None:
    """The online booking behind the link in its confirmation."""
    return (
        Appointment.objects.select_related("slot__location")
        .prefetch_related("slot__location__opening_hours")
        .filter(manage_token=token)
        .first()
    )
