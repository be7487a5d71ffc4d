"""The erasure certificate is a formal document (issue 12, point 12): local time in words,
readable words instead of codes, serial and size of every medium, the site's own host, and one
way of writing a size on every page that shows one."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import translation

from digiketen.conftest import login_verified, pdf_text
from digiketen.inventory import certificates, services
from digiketen.inventory.formats import storage_size
from digiketen.inventory.models import ErasureRecord, StorageMedium
from digiketen.tests.factories import ERASURE, DeviceFactory

pytestmark = pytest.mark.django_db

SIZE = 274_877_906_944  # 274.88 GB: the device page said 274, the check page 275


@pytest.fixture
def certificate(hub, trainee, supervisor):
    device = DeviceFactory(hub=hub, awaiting_erasure=True, media=0)
    medium = StorageMedium.objects.create(
        device=device, kind="hdd", model="WDC WD3200", serial="WX41A", capacity_bytes=SIZE
    )
    record = ErasureRecord.objects.create(
        medium=medium,
        operator=trainee,
        **ERASURE
        | {
            "level": "clear",
            "method": "overwrite",
            # 13:00 and 14:00 in Amsterdam (winter time, UTC+1)
            "started_at": datetime(2026, 12, 1, 12, 0, tzinfo=UTC),
            "ended_at": datetime(2026, 12, 1, 13, 0, tzinfo=UTC),
        },
    )
    services.sign_off_erasure(actor=supervisor, record_id=record.pk)
    return device.certificates.get()


def test_the_pdf_speaks_in_words_local_time_serial_and_size(certificate, settings):
    settings.SITE_URL = "https://digiketen.maastricht.example"
    text = pdf_text(certificates.pdf(certificate))
    for expected in (
        "Van 1 december 2026, 13:00 tot 1 december 2026, 14:00",
        "Clear (overschrijven)",
        "Methode (IEEE 2883): Overschrijven",
        "Uitkomst: Gewist",
        "Serienummer: WX41A",
        "Grootte: 275 GB",
    ):
        assert expected in text, expected
    # The PDF may break the link over two lines.
    assert "https://digiketen.maastricht.example/certificaat/" in text.replace(" ", "")
    for code in ("2026-12-01T", "overwrite", "erased", "clear."):
        assert code not in text, code
    with translation.override("en"):
        english = pdf_text(certificates.pdf(certificate))
    assert "From 1 December 2026, 13:00 to 1 December 2026, 14:00" in english
    assert "Outcome: Erased" in english


def test_the_check_page_shows_the_same_words_and_size(client, certificate):
    page = client.get(reverse("certificates:verify", args=[certificate.number])).text
    assert "HDD 275 GB, serienummer WX41A: <strong>Gewist</strong>" in page
    assert "Clear (overschrijven), Overschrijven, 1 december 2026, 14:00" in page


def test_every_page_writes_a_size_the_same_way(client, certificate, supervisor):
    assert storage_size(SIZE) == "275 GB"
    assert storage_size(1_000_204_886_016) == "1 TB"
    assert storage_size(1_500_301_910_016) == "1,5 TB"
    assert storage_size(None) == ""
    login_verified(client, supervisor)
    device_page = client.get(certificate.device.get_absolute_url()).text
    assert "HDD 275 GB WDC WD3200" in device_page
    assert "274 GB" not in device_page
