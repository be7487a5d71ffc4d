from datetime import timedelta

import pytest
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.applications import services
from digiketen.applications.models import PickupSlot
from digiketen.conftest import make_staff
from digiketen.inventory.models import Device
from digiketen.tests.factories import (
    ApplicationFactory,
    LocationFactory,
    OrganisationFactory,
    ServiceAtLocationFactory,
)


def handout_hub(**location_fields):
    """A location that offers device handout in the finder, so residents can choose it."""
    location = LocationFactory(
        organisation=OrganisationFactory(type="refurbisher"), **location_fields
    )
    ServiceAtLocationFactory(
        service__organisation=location.organisation,
        service__type="device_handout",
        location=location,
    )
    return location


@pytest.fixture
def hub(db):
    return handout_hub(name="Cyberbank")


@pytest.fixture
def staff(hub):
    return make_staff(Role.HUB_STAFF, hub.organisation)


@pytest.fixture
def ready_device(hub):
    def make(**specs):
        return Device.objects.create(
            asset_tag=f"DK-{Device.objects.count() + 1:06d}",
            organisation=hub.organisation,
            hub=hub,
            type="laptop",
            state="ready",
            **specs,
        )

    return make


@pytest.fixture
def waiting(hub, staff):
    """An application on the waiting list, checked by staff with a valid pass."""

    def make(**fields):
        application = ApplicationFactory(hub=hub, **fields)
        return services.decide_eligibility(
            actor=staff,
            application_id=application.pk,
            eligible=True,
            route="pass",
            pass_number=f"{application.pk:010d}",
            pass_valid_until=timezone.localdate() + timedelta(days=90),
            household_note="test",
        )

    return make


@pytest.fixture
def slot(hub):
    def make(days: int = 2, capacity: int = 1, hour: int = 14):
        start = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
        start += timedelta(days=days)
        return PickupSlot.objects.create(
            hub=hub, starts_at=start, ends_at=start + timedelta(minutes=15), capacity=capacity
        )

    return make


@pytest.fixture
def invited(waiting, ready_device, staff):
    def make(**fields):
        application = waiting(**fields)
        return services.reserve(
            actor=staff,
            application_id=application.pk,
            device_id=ready_device().pk,
            reason="Past het best bij de laptop",  # when others wait longer
        )

    return make
