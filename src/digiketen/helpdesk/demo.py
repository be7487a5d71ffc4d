"""The demo help point: a year and a bit of visits, so the figures have something to show."""

import random
from datetime import timedelta

from django.utils import timezone

from digiketen.accounts.models import User
from digiketen.helpdesk import codelists, services
from digiketen.helpdesk.models import Agency, HelpContact, Outcome, Theme
from digiketen.organisations import demo as organisations_demo

DEPENDS_ON = ("organisations", "accounts")


def seed() -> None:
    codelists.load(Theme, Agency, Outcome)
    location = organisations_demo.location("ceramique")
    helper = User.objects.get(username="informatiepunt")
    _bookable_times(location, helper)
    if HelpContact.objects.filter(location=location).exists():
        return
    rng = random.Random(2026)  # the same visits on every fresh demo
    themes = list(Theme.objects.all())
    agencies = list(Agency.objects.all())
    now = timezone.now()
    for _n in range(80):
        started = now - timedelta(days=rng.randint(1, 420), hours=rng.randint(0, 6))
        contact = services.register_visit(
            actor=helper,
            data={
                "location": location,
                "channel": rng.choice(["walk_in", "walk_in", "phone", "appointment"]),
                "question_type": "government",
                "started_at": started,
                "minutes": rng.randint(5, 45),
                "follow_up": rng.random() < 0.15,
            },
            questions=[
                {
                    "theme": rng.choice(themes),
                    "outcome": rng.choice("aaabcdex"),
                    "agencies": [rng.choice(agencies)],
                }
                for _q in range(rng.randint(1, 2))
            ],
        )
        if rng.random() < 0.4:
            services.answer_survey(
                code=contact.survey.code,
                data={
                    "helped": rng.choice(["yes", "yes", "partly", "no"]),
                    "mark": rng.randint(6, 10),
                    "would_return": rng.random() < 0.9,
                    "would_recommend": rng.random() < 0.85,
                },
            )


def _bookable_times(location, helper) -> None:
    """Times residents can book at /afspraak: mornings of the coming two weeks, on the days
    the place is open (create_slots leaves out the rest and what already exists)."""
    today = timezone.localdate()
    for days in range(1, 15):
        services.create_slots(
            actor=helper,
            location=location,
            helper=helper,
            day=today + timedelta(days=days),
            first="10:00",
            last="12:00",
            minutes=30,
        )
