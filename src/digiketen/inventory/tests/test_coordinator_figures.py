"""Issue 12, point 17: the municipal coordinator sees the cyberbanks' stock and impact as
counts — of every cyberbank — and still no device, donor or resident record."""

import pytest
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.conftest import login_verified, make_staff
from digiketen.inventory.models import Device
from digiketen.tests.factories import HubFactory

pytestmark = pytest.mark.django_db


def ready(hub, count):
    for n in range(count):
        Device.objects.create(
            asset_tag=f"{hub.name[-4:].upper()}-{n:04d}",
            organisation=hub.organisation,
            hub=hub,
            type="laptop",
            state="ready",
        )


def test_the_coordinator_sees_every_cyberbanks_stock_as_counts(client):
    west, east = HubFactory(name="Cyberbank West"), HubFactory(name="Cyberbank Oost")
    ready(west, 3)
    ready(east, 2)
    login_verified(client, make_staff(Role.COORDINATOR))
    page = client.get(reverse("inventory:stock"))
    assert page.status_code == 200
    rows = [
        " ".join(row.split())
        for row in page.content.decode().split("<tr")
        if "Cyberbank West" in row or "Cyberbank Oost" in row
    ]
    assert any("Cyberbank Oost" in r and ">2<" in r.replace(" ", "") for r in rows)
    assert any("Cyberbank West" in r and ">3<" in r.replace(" ", "") for r in rows)
    assert f'href="{reverse("inventory:device-list")}"' not in page.content.decode()
    # Counts, not records: the device list and a device stay closed.
    assert client.get(reverse("inventory:device-list")).status_code == 403
    device = Device.objects.first()
    assert client.get(reverse("inventory:device-detail", args=[device.pk])).status_code in (
        403,
        404,
    )


def test_hub_staff_still_see_only_their_own_cyberbank(client):
    west, east = HubFactory(name="Cyberbank West"), HubFactory(name="Cyberbank Oost")
    ready(west, 3)
    ready(east, 2)
    login_verified(client, make_staff(Role.HUB_STAFF, west.organisation))
    page = client.get(reverse("inventory:stock")).content.decode()
    assert "Cyberbank West" in page and "Cyberbank Oost" not in page
