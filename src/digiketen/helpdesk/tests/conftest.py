from datetime import timedelta

import pytest
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.helpdesk import services
from digiketen.helpdesk.models import Agency, Theme
from digiketen.tests.factories import LocationFactory, OrganisationFactory


@pytest.fixture
def library(db):
    return LocationFactory(organisation=OrganisationFactory(type="library"), name="Bieb Centrum")


@pytest.fixture
def helper(library):
    return make_staff(Role.HELP_POINT_STAFF, library.organisation)


@pytest.fixture
def theme():
    return lambda name: Theme.objects.get(name=name)


@pytest.fixture
def agency():
    return lambda name: Agency.objects.get(name=name)


@pytest.fixture
def visit(library, helper, theme):
    """Register a visit: visit(questions=[(theme name, outcome, [agency names])], **fields)."""

    def make(questions=(("DigiD activeren", "a", ()),), at=None, location=None, **fields):
        data = {
            "location": location or library,
            "channel": "walk_in",
            "question_type": "government",
            "started_at": at or timezone.now(),
            "minutes": 15,
        } | fields
        return services.register_visit(
            actor=helper,
            data=data,
            questions=[
                {
                    "theme": theme(name),
                    "outcome": outcome,
                    "agencies": list(Agency.objects.filter(name__in=agencies)),
                }
                for name, outcome, agencies in questions
            ],
        )

    return make


@pytest.fixture
def make_slots(library, helper):
    """Appointment times of the helper at the library: make_slots(days ahead, first, last)."""

    def make(days=2, first="10:00", last="10:30", minutes=30) -> int:
        return services.create_slots(
            actor=helper,
            location=library,
            helper=helper,
            day=timezone.localdate() + timedelta(days=days),
            first=first,
            last=last,
            minutes=minutes,
        )

    return make
