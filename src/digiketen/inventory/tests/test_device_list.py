"""The device list: paged, searched by asset tag or serial number, in a fixed number of queries."""

import re

import pytest
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.inventory.models import Device
from digiketen.tests.factories import LocationFactory, OrganisationFactory

URL = reverse("inventory:device-list")


@pytest.fixture
def hub(db):
    return LocationFactory(organisation=OrganisationFactory(name="Cyberbank", type="refurbisher"))


def add_devices(hub, count: int, start: int = 0) -> list[str]:
    Device.objects.bulk_create(
        Device(
            asset_tag=f"DK-{n:06d}",
            serial=f"PF{n:04d}XK",
            organisation=hub.organisation,
            hub=hub,
            type="laptop",
        )
        for n in range(start, start + count)
    )
    return [f"DK-{n:06d}" for n in range(start, start + count)]


def tags(response) -> list[str]:
    return re.findall(r">(DK-\d+)</a>", response.text)


def test_the_list_shows_the_newest_first_and_pages_on(staff_client, hub):
    client, _ = staff_client(Role.HUB_STAFF, hub.organisation)
    added = add_devices(hub, 60)
    first = client.get(URL)
    assert tags(first) == added[::-1][:50]
    assert "Pagina 1 van 2 (60 resultaten)" in first.text
    second = client.get(URL, {"page": 2})
    assert tags(second) == added[9::-1]
    assert 'rel="prev" href="?page=1"' in second.text and 'rel="next"' not in second.text
    assert tags(client.get(URL, {"page": 5})) == added[9::-1]  # past the end: the last page


def test_search_finds_a_device_by_part_of_its_tag_or_serial(staff_client, hub):
    client, _ = staff_client(Role.HUB_STAFF, hub.organisation)
    add_devices(hub, 60)
    assert tags(client.get(URL, {"q": "dk-000042"})) == ["DK-000042"]
    assert tags(client.get(URL, {"q": "00004"})) == [
        *(f"DK-00004{n}" for n in range(9, -1, -1)),
        "DK-000004",
    ]
    assert tags(client.get(URL, {"q": "pf0017x"})) == ["DK-000017"]
    assert "Geen apparaten gevonden." in client.get(URL, {"q": "onbekend"}).text


def test_search_and_state_filter_together(staff_client, hub):
    client, _ = staff_client(Role.HUB_STAFF, hub.organisation)
    add_devices(hub, 20)
    Device.objects.filter(asset_tag__in=["DK-000011", "DK-000003"]).update(state="ready")
    assert tags(client.get(URL, {"status": "ready"})) == ["DK-000011", "DK-000003"]
    assert tags(client.get(URL, {"status": "ready", "q": "11"})) == ["DK-000011"]


@pytest.mark.parametrize("params", [{}, {"page": 2}, {"status": "received"}, {"q": "DK-0000"}])
def test_the_list_takes_the_same_queries_for_60_or_160_devices(
    staff_client, hub, params, django_assert_num_queries
):
    client, _ = staff_client(Role.HUB_STAFF, hub.organisation)
    add_devices(hub, 60)
    client.get(URL, params)  # the session and the site settings are cached after this
    # The same 5 however many devices (the session and user are read in two since issue 10).
    with django_assert_num_queries(5) as few:
        client.get(URL, params)
    add_devices(hub, 100, start=60)
    with django_assert_num_queries(len(few)):
        client.get(URL, params)
