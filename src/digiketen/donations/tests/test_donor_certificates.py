"""The donor's certificates PDF is public (behind the donation's secret link): a large donation
must not make a PDF that takes a worker past its timeout, the same PDF is made once, and one
address cannot keep asking for it."""

import subprocess
import tempfile

import pytest
from django.urls import reverse

from digiketen.conftest import pdf_text
from digiketen.inventory import certificates
from digiketen.inventory.models import Device, DeviceState, ErasureCertificate
from digiketen.tests.factories import DonationFactory, LocationFactory, OrganisationFactory

MEDIUM = {"kind": "ssd", "model": "SAMSUNG MZ7LN256", "serial": "S3TZ1", "level": "purge"}


def pages(content: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        info = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


@pytest.fixture
def donation(db):
    hub = LocationFactory(organisation=OrganisationFactory(type="refurbisher", name="Cyberbank"))
    return DonationFactory(organisation=hub.organisation, hub=hub, organisation_name="Woonpunt")


def erase(donation, count: int, start: int = 1) -> list[ErasureCertificate]:
    """`count` erased devices of the donation, each with its certificate."""
    devices = Device.objects.bulk_create(
        Device(
            asset_tag=f"DK-{n:06d}",
            organisation=donation.organisation,
            hub=donation.hub,
            donation=donation,
            type="laptop",
            state=DeviceState.ERASED,
            brand="Lenovo",
            model="ThinkPad T480",
            serial=f"PF{n:06d}",
        )
        for n in range(start, start + count)
    )
    return ErasureCertificate.objects.bulk_create(
        ErasureCertificate(
            number=f"WC-2026-TEST{device.pk:06d}",
            device=device,
            sha256="ab" * 32,
            content={
                "asset_tag": device.asset_tag,
                "device_type": "laptop",
                "brand": device.brand,
                "model": device.model,
                "serial": device.serial,
                "organisation": "Cyberbank",
                "media": [MEDIUM],
            },
        )
        for device in devices
    )


def url(donation) -> str:
    return reverse("donations:donor-certificates", args=[donation.token])


def test_150_devices_make_a_few_pages_with_every_certificate(client, donation):
    issued = erase(donation, 150)
    response = client.get(url(donation))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert pages(response.content) <= 6  # a page per device made 150, about 20 s of CPU
    text = pdf_text(response.content)
    assert all(c.number in text for c in issued)
    assert "DK-000150 Lenovo ThinkPad T480 PF000150" in text
    assert "SSD, serienummer S3TZ1, SAMSUNG MZ7LN256 (Purge" in text
    assert "Woonpunt" in text and "/certificaat/" in text


def test_the_same_certificates_are_made_into_a_pdf_once(client, donation, monkeypatch):
    erase(donation, 2)
    made = []
    real = certificates.render_pdf
    monkeypatch.setattr(certificates, "render_pdf", lambda *a, **k: made.append(1) or real(*a, **k))

    first = client.get(url(donation)).content
    assert client.get(url(donation)).content == first
    assert len(made) == 1

    [later] = erase(donation, 1, start=3)  # a third device erased: a new PDF
    assert later.number in pdf_text(client.get(url(donation)).content)
    assert len(made) == 2


def test_one_address_can_ask_for_the_certificates_a_few_times(client, donation):
    erase(donation, 1)
    for _n in range(10):
        assert client.get(url(donation)).status_code == 200
    limited = client.get(url(donation))
    assert limited.status_code == 429
    assert "Probeer het over een kwartier opnieuw" in limited.text
    assert limited["Retry-After"] == "900"
    other = client.get(url(donation), REMOTE_ADDR="192.0.2.7")  # another home
    assert other.status_code == 200
