import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.inventory.models import Device, ErasureRecord, StorageMedium
from digiketen.tests.factories import LocationFactory, OrganisationFactory


@pytest.fixture
def hub(db):
    return LocationFactory(organisation=OrganisationFactory(name="Cyberbank", type="refurbisher"))


def test_staff_take_in_devices_and_open_the_page(staff_client, hub):
    client, _ = staff_client(Role.HUB_STAFF, hub.organisation)
    response = client.post(
        reverse("inventory:device-intake"),
        {"hub": hub.pk, "type": "laptop", "count": 3, "brand": "Lenovo", "year": 2016},
    )
    assert response["Location"].startswith(reverse("inventory:device-list") + "?labels=")
    assert Device.objects.filter(hub=hub, brand="Lenovo").count() == 3
    listing = client.get(response["Location"])
    assert "DK-000001" in listing.text and "DK-000003" in listing.text
    assert "A4-vel" in listing.text


def test_triage_shows_its_decision_and_why_before_it_is_written(staff_client, hub, settings):
    settings.DEVICE_AGE_LIMIT_YEARS = 5
    client, _ = staff_client(Role.HUB_STAFF, hub.organisation)
    client.post(
        reverse("inventory:device-intake"),
        {"hub": hub.pk, "type": "laptop", "count": 1, "year": 2010},
    )
    device = Device.objects.get()
    url = reverse("inventory:device-triage", args=[device.pk])
    preview = client.get(url)
    age = timezone.localdate().year - 2010
    assert f"Bouwjaar 2010: {age} jaar oud. De grens is 5 jaar." in preview.text
    assert "Niet op te knappen: gebruiken voor onderdelen." in preview.text
    assert "Ouder dan 5 jaar." in preview.text
    device.refresh_from_db()
    assert device.state == "received"  # looking writes nothing
    # A press without the confirmed decision, or after the year changed, writes nothing.
    client.post(url)
    client.post(url, {"besluit": "awaiting_erasure"})
    device.refresh_from_db()
    assert device.state == "received"
    client.post(url, {"besluit": "parts_harvested"})
    page = client.get(device.get_absolute_url())
    assert "Gebruikt voor onderdelen" in page.text
    assert "Ouder dan 5 jaar." in page.text


def test_an_illegal_step_shows_a_clear_message(staff_client, hub):
    client, _ = staff_client(Role.HUB_STAFF, hub.organisation)
    device = Device.objects.create(
        asset_tag="DK-1", organisation=hub.organisation, hub=hub, type="laptop"
    )
    response = client.post(
        reverse("inventory:device-transition", args=[device.pk]), {"to_state": "ready"}, follow=True
    )
    assert (
        "Deze stap kan niet: van &#x27;Ontvangen&#x27; naar &#x27;Klaar voor uitgifte&#x27;."
        in response.text
    )
    device.refresh_from_db()
    assert device.state == "received"


def test_recording_and_signing_off_an_erasure_through_the_pages(staff_client, hub, client):
    from digiketen.conftest import login_verified, make_staff

    trainee_client, trainee = staff_client(Role.TECHNICIAN_TRAINEE, hub.organisation)
    device = Device.objects.create(
        asset_tag="DK-2",
        organisation=hub.organisation,
        hub=hub,
        type="laptop",
        state="awaiting_erasure",
    )
    medium = StorageMedium.objects.create(device=device, kind="hdd")
    now = timezone.localtime()
    response = trainee_client.post(
        reverse("inventory:erasure-create", args=[medium.pk]),
        {
            "level": "clear",
            "method": "overwrite",
            "tool": "nwipe",
            "passes": 1,
            "started_at": (now - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "ended_at": now.strftime("%Y-%m-%dT%H:%M"),
            "verification_passed": "on",
            "outcome": "erased",
            "evidence": "nwipe: pass 1/1 ... Erased",
        },
    )
    assert response.status_code == 302
    record = ErasureRecord.objects.get()
    assert record.operator == trainee
    supervisor = make_staff(Role.TECHNICIAN_SUPERVISOR, hub.organisation)
    trainee_client.logout()
    login_verified(trainee_client, supervisor)
    trainee_client.post(reverse("inventory:erasure-sign-off", args=[record.pk]))
    record.refresh_from_db()
    assert record.verified_by == supervisor


def test_another_organisations_devices_are_not_found(staff_client, hub):
    client, _ = staff_client(Role.TECHNICIAN_SUPERVISOR)
    device = Device.objects.create(
        asset_tag="DK-3", organisation=hub.organisation, hub=hub, type="laptop"
    )
    medium = StorageMedium.objects.create(device=device, kind="ssd")
    for name, pk in [
        ("inventory:device-detail", device.pk),
        ("inventory:device-update", device.pk),
        ("inventory:medium-create", device.pk),
        ("inventory:erasure-create", medium.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    assert (
        client.post(
            reverse("inventory:device-transition", args=[device.pk]), {"to_state": "lost"}
        ).status_code
        == 404
    )
    assert "DK-3" not in client.get(reverse("inventory:device-list")).text


def test_device_list_queries_stay_flat(staff_client, hub, django_assert_max_num_queries):
    client, _ = staff_client(Role.HUB_STAFF, hub.organisation)
    for n in range(60):
        Device.objects.create(
            asset_tag=f"DK-{n:04d}", organisation=hub.organisation, hub=hub, type="laptop"
        )
    with django_assert_max_num_queries(13):  # 12 before the page's keys were read apart
        response = client.get(reverse("inventory:device-list"))
    assert "Pagina 1 van 2" in response.text


@pytest.mark.parametrize("label_format", ["a4", "62mm"])
def test_labels_carry_the_asset_tag(staff_client, hub, tmp_path, label_format):
    import subprocess

    client, _ = staff_client(Role.HUB_STAFF, hub.organisation)
    devices = [
        Device.objects.create(
            asset_tag=f"DK-00000{n}", organisation=hub.organisation, hub=hub, type="laptop"
        )
        for n in range(1, 4)
    ]
    ids = ",".join(str(d.pk) for d in devices)
    response = client.get(reverse("inventory:labels"), {"ids": ids, "formaat": label_format})
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "labels.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert all(d.asset_tag in text for d in devices)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages == (1 if label_format == "a4" else 3)
    assert client.get(reverse("inventory:labels"), {"ids": "999999"}).status_code == 404


def test_sending_the_intake_twice_takes_the_devices_in_once(staff_client, hub):
    client, _ = staff_client(Role.HUB_STAFF, hub.organisation)
    key = client.get(reverse("inventory:device-intake")).context["once"]
    data = {"hub": hub.pk, "type": "laptop", "count": 2, "once": key}
    first = client.post(reverse("inventory:device-intake"), data)
    second = client.post(reverse("inventory:device-intake"), data)
    assert Device.objects.count() == 2
    assert second["Location"] == first["Location"]
