from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.inventory.models import Device, ErasureRecord, StorageMedium
from digiketen.inventory.parsers.nwipe import parse_nwipe_log
from digiketen.tests.factories import LocationFactory, OrganisationFactory

LOG = (Path(__file__).parent / "fixtures" / "nwipe-sda.log").read_text()
AMS = ZoneInfo("Europe/Amsterdam")


def test_nwipe_log_gives_method_rounds_times_verification_and_result():
    result = parse_nwipe_log(LOG, tzinfo=AMS)
    assert result.method_name == "DoD Short"
    assert result.passes == 1
    assert result.started_at == datetime(2026, 11, 27, 9, 2, 11, tzinfo=AMS)
    assert result.ended_at - result.started_at == timedelta(hours=1, minutes=3, seconds=20)
    assert result.verified is True
    assert result.erased is True
    assert result.version == "0.36"


def test_failed_wipe_is_read_as_not_erased():
    failed = LOG.replace("| Erased |", "| FAILED |").replace(
        "Verified that", "Verification failed on"
    )
    result = parse_nwipe_log(failed, tzinfo=AMS)
    assert result.erased is False
    assert result.verified is False
    assert parse_nwipe_log("", tzinfo=AMS).erased is None


def test_uploading_the_log_fills_the_erasure_record(staff_client, db):
    hub = LocationFactory(organisation=OrganisationFactory(type="refurbisher"))
    device = Device.objects.create(
        asset_tag="DK-5",
        organisation=hub.organisation,
        hub=hub,
        type="laptop",
        state="awaiting_erasure",
    )
    medium = StorageMedium.objects.create(device=device, kind="hdd")
    client, _ = staff_client(Role.TECHNICIAN_TRAINEE, hub.organisation)
    response = client.post(
        reverse("inventory:erasure-create", args=[medium.pk]),
        {
            "level": "clear",
            "method": "overwrite",
            "nwipe_log": SimpleUploadedFile("nwipe.log", LOG.encode()),
        },
    )
    assert response.status_code == 302
    record = ErasureRecord.objects.get()
    assert (record.tool, record.tool_version, record.passes) == ("nwipe (DoD Short)", "0.36", 1)
    assert record.outcome == "erased" and record.verification_passed
    assert record.evidence == LOG and len(record.evidence_sha256) == 64


def test_without_log_the_times_and_outcome_are_asked_for(staff_client, db):
    hub = LocationFactory(organisation=OrganisationFactory(type="refurbisher"))
    device = Device.objects.create(
        asset_tag="DK-6",
        organisation=hub.organisation,
        hub=hub,
        type="laptop",
        state="awaiting_erasure",
    )
    medium = StorageMedium.objects.create(device=device, kind="hdd")
    client, _ = staff_client(Role.TECHNICIAN_TRAINEE, hub.organisation)
    response = client.post(
        reverse("inventory:erasure-create", args=[medium.pk]),
        {"level": "clear", "method": "overwrite"},
    )
    assert "Vul dit in, of upload het nwipe-logboek." in response.text
    assert not ErasureRecord.objects.exists()


def two_disk_log(second_status: str) -> str:
    """The fixture with a second disk in the summary table, as nwipe prints when wiping two."""
    second = f"  sdb    | {second_status} |  80 MB/s | 01:01:02 | Samsung SSD 850/REDACTED654321\n"
    marker = "  sda    | Erased |"
    head, tail = LOG.split(marker)
    return head + second + marker + tail


def test_a_failed_or_aborted_disk_next_to_an_erased_one_is_not_erased():
    assert parse_nwipe_log(two_disk_log("Erased"), tzinfo=AMS).erased is True
    for status in ("FAILED", "Failed", "Aborted", "UABORTED"):
        result = parse_nwipe_log(two_disk_log(status), tzinfo=AMS)
        assert result.erased is False, status


def test_only_the_verify_lines_decide_verification():
    noisy = LOG.replace(
        "Opened entropy source '/dev/urandom'.",
        "error: could not read SMART data from /dev/sda, carrying on.",
    )
    assert parse_nwipe_log(noisy, tzinfo=AMS).verified is True
    verify_error = LOG.replace("Verified that /dev/sda is empty.", "Verify error on /dev/sda.")
    assert parse_nwipe_log(verify_error, tzinfo=AMS).verified is False
    unverified = "\n".join(line for line in LOG.splitlines() if "Verif" not in line)
    assert parse_nwipe_log(unverified, tzinfo=AMS).verified is None


def test_a_log_without_method_or_version_leaves_them_empty():
    bare = "\n".join(
        line for line in LOG.splitlines() if "Invoking method" not in line and "version" not in line
    )
    result = parse_nwipe_log(bare, tzinfo=AMS)
    assert (result.method_name, result.version) == ("", "")
    assert result.erased is True
