import datetime
import re

import pytest
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.inventory import services
from digiketen.inventory.models import Device, ImpactFactor, RecyclingShipment
from digiketen.inventory.services import IllegalTransition
from digiketen.tests.factories import LocationFactory, OrganisationFactory


@pytest.fixture
def cyberbank(db):
    return OrganisationFactory(name="Cyberbank", type="refurbisher")


def device(hub, state="ready", type_="laptop", tag=None):
    return Device.objects.create(
        asset_tag=tag or f"DK-{Device.objects.count():06d}",
        organisation=hub.organisation,
        hub=hub,
        type=type_,
        state=state,
        triage_reason="x" if state in ("parts_harvested", "recycled") else "",
    )


def test_stock_per_hub_and_impact_with_the_source_named(staff_client, cyberbank):
    north, south = (
        LocationFactory(organisation=cyberbank, name="Noord"),
        LocationFactory(organisation=cyberbank, name="Zuid"),
    )
    for _ in range(3):
        device(north)
    device(south, state="awaiting_erasure")
    device(north, state="handed_out")
    device(north, state="handed_out", type_="desktop")
    client, _ = staff_client(Role.HUB_STAFF, cyberbank)
    page = client.get(reverse("inventory:stock"))
    text = page.text
    cells = [c.strip() for c in re.findall(r'<td class="utrecht-table__cell">([^<]*)</td>', text)]
    assert cells[cells.index("Klaar voor uitgifte") + 2] == "3"
    laptop = ImpactFactor.objects.get(device_type="laptop")
    desktop = ImpactFactor.objects.get(device_type="desktop")
    ewaste = laptop.ewaste_kg + desktop.ewaste_kg
    assert f"{ewaste:.0f} kg e-waste vermeden" in text
    assert "Bron:" in text and laptop.source in text


def test_devices_move_between_hubs_of_the_same_cyberbank(cyberbank):
    north, south = LocationFactory(organisation=cyberbank), LocationFactory(organisation=cyberbank)
    staff = make_staff(Role.HUB_STAFF, cyberbank)
    moved = services.transfer_device(actor=staff, device_id=device(north).pk, to_hub=south)
    assert moved.hub == south and moved.transfers.count() == 1
    elsewhere = LocationFactory(organisation=OrganisationFactory(type="refurbisher"))
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.transfer_device(actor=staff, device_id=moved.pk, to_hub=elsewhere)
    with pytest.raises(IllegalTransition):
        services.transfer_device(
            actor=staff, device_id=device(north, state="handed_out").pk, to_hub=south
        )


def test_shipment_to_the_recycler_takes_devices_out_of_stock(staff_client, cyberbank):
    hub = LocationFactory(organisation=cyberbank)
    parts = [device(hub, state="parts_harvested") for _ in range(2)]
    client, _ = staff_client(Role.HUB_STAFF, cyberbank)
    response = client.post(
        reverse("inventory:shipment-create"),
        {
            "recycler": "Renewi",
            "weight_kg": "12.5",
            "weee_certificate": "WEEE-2026-001",
            "shipped_on": "2026-11-27",
            "devices": [d.pk for d in parts],
        },
    )
    assert response["Location"] == reverse("inventory:stock")
    shipment = RecyclingShipment.objects.get()
    assert shipment.devices.count() == 2
    assert set(
        Device.objects.filter(pk__in=[d.pk for d in parts]).values_list("state", flat=True)
    ) == {"recycled"}
    assert shipment.shipped_on == datetime.date(2026, 11, 27)
    assert "Renewi" in client.get(reverse("inventory:stock")).text
