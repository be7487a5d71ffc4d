"""The demo cyberbank's handout: pickup times for the coming two weeks and a few applications,
two of them on the waiting list."""

from datetime import timedelta

from django.utils import timezone

from digiketen.applications import codelists
from digiketen.applications.models import Application, PickupSlot, PriorityCategory
from digiketen.core import calendar
from digiketen.organisations import demo as organisations_demo

DEPENDS_ON = ("organisations", "accounts")

# (first name, last name, postcode, house number, purposes, school children, status)
APPLICANTS = [
    ("Samira", "Bakker", "6221AB", "4", ["school", "contact"], 2, "waiting"),
    ("Henk", "de Vries", "6212CD", "17", ["administration", "health"], 0, "waiting"),
    ("Lotte", "Peeters", "6217EF", "8", ["job_seeking"], 0, "submitted"),
]


def seed() -> None:
    codelists.load(PriorityCategory)
    hub = organisations_demo.location("uitgifte")
    now = timezone.now()
    today = timezone.localdate()
    # Pickup times in the hub's opening hours for the coming two weeks.
    for days in range(1, 15):
        day = today + timedelta(days=days)
        for start, end in calendar.open_series(hub, day, "10:00", "16:00", 20)[0]:
            PickupSlot.objects.get_or_create(hub=hub, starts_at=start, defaults={"ends_at": end})
    _check_times(hub)
    school = PriorityCategory.objects.filter(signal="school_children").first()
    for first, last, postcode, number, purposes, children, status in APPLICANTS:
        queued = status == "waiting"
        Application.objects.get_or_create(
            first_name=first,
            last_name=last,
            defaults={
                "organisation": hub.organisation,
                "hub": hub,
                "channel": "online",
                "status": status,
                "purposes": purposes,
                "household_size": 1 + children,
                "school_children": children,
                "postcode": postcode,
                "house_number": number,
                "contact_by": "email",
                "email": f"{first.lower()}@example.org",
                "route": "pass",
                "consent_at": now,
                "category": school if children and queued else None,
                "queue_rank": school.rank if children and queued and school else 1000,
                "queued_at": now if queued else None,
                "income_seen": False,
            },
        )


def _check_times(hub) -> None:
    """The demo hub works by appointment: residents book their eligibility check online
    (/afspraak/laptop), in afternoons of the coming two weeks when the hub is open."""
    from digiketen.accounts.models import User
    from digiketen.helpdesk import services as appointments
    from digiketen.helpdesk.models import Purpose

    if not hub.by_appointment:
        hub.by_appointment = True
        hub.save(update_fields=["by_appointment"])
    staff = User.objects.get(username="uitgifte")
    today = timezone.localdate()
    for days in range(1, 15):
        appointments.create_slots(
            actor=staff,
            location=hub,
            helper=staff,
            day=today + timedelta(days=days),
            first="13:00",
            last="15:00",
            minutes=20,
            purpose=Purpose.ELIGIBILITY,
        )
