"""The people of one cyberbank that the inventory's service tests act as, and an outsider."""

import pytest

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.tests.factories import HubFactory, staff_of


@pytest.fixture
def hub():
    return HubFactory(name="Noord")


@pytest.fixture
def staff(hub):
    return staff_of(hub.organisation, Role.HUB_STAFF)


@pytest.fixture
def trainee(hub):
    return staff_of(hub.organisation, Role.TECHNICIAN_TRAINEE)


@pytest.fixture
def supervisor(hub):
    return staff_of(hub.organisation, Role.TECHNICIAN_SUPERVISOR)


@pytest.fixture
def outsider():
    """A supervisor of another cyberbank: every right, but not here."""
    return make_staff(Role.TECHNICIAN_SUPERVISOR, HubFactory().organisation)
