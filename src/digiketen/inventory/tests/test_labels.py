import re
import subprocess

import pytest
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.conftest import pdf_text
from digiketen.inventory.models import Device
from digiketen.tests.factories import LocationFactory, OrganisationFactory


def pages(content: bytes, tmp_path) -> int:
    path = tmp_path / "labels.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


@pytest.mark.parametrize(("label_format", "page_count"), [("a4", 10), ("62mm", 240)])
def test_the_largest_batch_of_labels_prints_every_tag(
    staff_client, tmp_path, label_format, page_count
):
    # 240 is the most one intake takes in; bench/labels.py times it (it used to take 40 s).
    hub = LocationFactory(organisation=OrganisationFactory(type="refurbisher"))
    client, _ = staff_client(Role.HUB_STAFF, hub.organisation)
    devices = Device.objects.bulk_create(
        Device(asset_tag=f"DK-{n:06d}", organisation=hub.organisation, hub=hub, type="laptop")
        for n in range(1, 241)
    )
    ids = ",".join(str(d.pk) for d in devices)
    response = client.get(reverse("inventory:labels"), {"ids": ids, "formaat": label_format})
    assert response.status_code == 200
    words = pdf_text(response.content).split()
    assert sorted(w for w in words if w.startswith("DK-")) == [d.asset_tag for d in devices]
    assert pages(response.content, tmp_path) == page_count


def test_a_label_qr_image_holds_the_modules_of_the_device_address():
    import base64
    import zlib

    import qrcode

    from digiketen.accounts.qr import qr_png_img

    address = "https://digiketen.example/werkplaats/apparaten/7/"
    img = qr_png_img(address, label="DK-000007")
    assert 'alt="DK-000007"' in img
    png = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', img).group(1))
    # A PNG of one greyscale byte per module; IDAT follows the 25-byte signature and IHDR.
    size = int.from_bytes(png[16:20], "big")
    length = int.from_bytes(png[33:37], "big")
    raw = zlib.decompress(png[41 : 41 + length])
    rows = [raw[r * (size + 1) + 1 : (r + 1) * (size + 1)] for r in range(size)]
    expected = qrcode.QRCode(border=2, mask_pattern=0)
    expected.add_data(address)
    expected.make(fit=True)
    assert [[byte == 0 for byte in row] for row in rows] == expected.get_matrix()


@pytest.fixture
def batch(db):
    """A hub with 240 devices, and label PDFs made instantly (only the throttle is tested)."""
    hub = LocationFactory(organisation=OrganisationFactory(type="refurbisher"))
    devices = Device.objects.bulk_create(
        Device(asset_tag=f"DK-{n:06d}", organisation=hub.organisation, hub=hub, type="laptop")
        for n in range(1, 241)
    )
    return hub, [d.pk for d in devices]


def print_labels(client, ids):
    return client.get(reverse("inventory:labels"), {"ids": ",".join(map(str, ids))})


@pytest.fixture
def instant_pdfs(monkeypatch):
    from digiketen.inventory import labels

    monkeypatch.setattr(labels, "pdf", lambda devices, label_format: b"%PDF-1.7 labels")


def test_one_volunteer_makes_one_large_print_a_minute(staff_client, batch, instant_pdfs):
    import time_machine
    from django.utils import timezone

    hub, ids = batch
    client, _ = staff_client(Role.HUB_STAFF, hub.organisation)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert print_labels(client, ids).status_code == 200
        again = print_labels(client, ids)  # a second tab or a double click
        assert again.status_code == 429 and again["Retry-After"] == "60"
        assert "Probeer het over een minuut opnieuw" in again.text
        assert print_labels(client, ids[:48]).status_code == 200  # two sheets: no wait
        clock.shift(61)
        assert print_labels(client, ids).status_code == 200


def test_at_most_two_large_prints_start_across_the_site_in_ten_seconds(batch, instant_pdfs):
    import time_machine
    from django.test import Client
    from django.utils import timezone

    from digiketen.conftest import login_verified, make_staff

    hub, ids = batch
    clients = [Client() for _n in range(4)]
    for client in clients:
        login_verified(client, make_staff(Role.HUB_STAFF, hub.organisation))
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert [print_labels(c, ids).status_code for c in clients[:3]] == [200, 200, 429]
        clock.shift(11)
        assert print_labels(clients[3], ids).status_code == 200
