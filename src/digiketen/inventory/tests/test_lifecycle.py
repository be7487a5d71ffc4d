import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff, pdf_text
from digiketen.core.models import AuditEvent
from digiketen.inventory import services
from digiketen.inventory.models import Device, DeviceState, DeviceType, StorageMedium
from digiketen.inventory.services import TRANSITIONS, IllegalTransition
from digiketen.tests.factories import LocationFactory, OrganisationFactory

S = DeviceState


@pytest.fixture
def hub(db):
    return LocationFactory(organisation=OrganisationFactory(name="Cyberbank", type="refurbisher"))


@pytest.fixture
def staff(hub):
    return make_staff(Role.HUB_STAFF, hub.organisation)


@pytest.fixture
def supervisor(hub):
    return make_staff(Role.TECHNICIAN_SUPERVISOR, hub.organisation)


@pytest.fixture
def trainee(hub):
    return make_staff(Role.TECHNICIAN_TRAINEE, hub.organisation)


def new_device(hub, staff, **details) -> Device:
    [device] = services.receive_devices(
        actor=staff, hub=hub, count=1, type=DeviceType.LAPTOP, **details
    )
    return device


ERASURE = {
    "level": "purge",
    "method": "ata_secure_erase",
    "tool": "nwipe",
    "tool_version": "0.36",
    "passes": 1,
    "verification_method": "steekproef 10%",
    "verification_passed": True,
    "outcome": "erased",
    "evidence": "nwipe log: ... Erased",
}


def erase_all(device, operator, supervisor):
    for medium in device.media.all():
        now = timezone.now()
        record = services.record_erasure(
            actor=operator,
            medium_id=medium.pk,
            data=ERASURE | {"started_at": now - timedelta(hours=1), "ended_at": now},
        )
        services.sign_off_erasure(actor=supervisor, record_id=record.pk)


def finish_checklist(device, trainee):
    for task in services.open_tasks(device):
        services.log_work(actor=trainee, device_id=device.pk, task=task, minutes=10)


def test_intake_gives_unique_zero_padded_asset_tags(hub, staff, settings):
    settings.ASSET_TAG_PREFIX = "MST"
    devices = services.receive_devices(actor=staff, hub=hub, count=3, type=DeviceType.LAPTOP)
    assert [d.asset_tag for d in devices] == ["MST-000001", "MST-000002", "MST-000003"]
    assert all(d.state == S.RECEIVED for d in devices)
    assert AuditEvent.objects.filter(action="device.state_changed").count() == 3


def test_triage_sends_old_or_locked_devices_to_parts_with_the_reason(hub, staff, settings):
    settings.DEVICE_AGE_LIMIT_YEARS = 5
    old = new_device(hub, staff, year=timezone.localdate().year - 8)
    locked = new_device(hub, staff, locked=True)
    fine = new_device(hub, staff, year=timezone.localdate().year - 2)
    assert services.triage(actor=staff, device_id=old.pk).state == S.PARTS_HARVESTED
    old.refresh_from_db()
    assert old.triage_reason == "Ouder dan 5 jaar."
    assert "Vergrendeld" in services.triage(actor=staff, device_id=locked.pk).triage_reason
    assert services.triage(actor=staff, device_id=fine.pk).state == S.AWAITING_ERASURE


def test_the_whole_path_to_ready(hub, staff, supervisor, trainee):
    device = new_device(hub, staff)
    StorageMedium.objects.create(device=device, kind="ssd", model="KINGSTON SA400")
    services.triage(actor=staff, device_id=device.pk)
    with pytest.raises(IllegalTransition, match="opslagmedium"):
        services.transition(actor=supervisor, device_id=device.pk, to_state=S.ERASED)
    erase_all(device, trainee, supervisor)
    device.refresh_from_db()
    assert device.state == S.ERASED  # approving the last erasure moved it on
    services.transition(actor=trainee, device_id=device.pk, to_state=S.REFURBISHING)
    finish_checklist(device, trainee)
    services.transition(actor=trainee, device_id=device.pk, to_state=S.QUALITY_CHECK)
    with pytest.raises(PermissionDenied):
        services.transition(actor=trainee, device_id=device.pk, to_state=S.READY)
    ready = services.transition(actor=supervisor, device_id=device.pk, to_state=S.READY)
    assert ready.state == S.READY
    assert [t.to_state for t in ready.transitions.all()] == [
        "received",
        "triaged",
        "awaiting_erasure",
        "erased",
        "refurbishing",
        "quality_check",
        "ready",
    ]


ILLEGAL = [(a, b) for a in S for b in S if b not in TRANSITIONS[a] and a != b]


@pytest.mark.parametrize(("from_state", "to_state"), ILLEGAL, ids=lambda s: str(s))
def test_every_illegal_transition_is_refused(hub, staff, supervisor, from_state, to_state):
    device = new_device(hub, staff)
    Device.objects.filter(pk=device.pk).update(state=from_state, triage_reason="test")
    boss = make_staff(Role.TECHNICIAN_SUPERVISOR, hub.organisation)
    with pytest.raises(IllegalTransition):
        services.transition(actor=boss, device_id=device.pk, to_state=to_state, reason="test")
    device.refresh_from_db()
    assert device.state == from_state


def test_a_returned_device_must_be_erased_again(hub, staff, supervisor, trainee):
    device = new_device(hub, staff)
    StorageMedium.objects.create(device=device, kind="hdd")
    services.triage(actor=staff, device_id=device.pk)
    erase_all(device, trainee, supervisor)
    for state in (S.REFURBISHING, S.QUALITY_CHECK, S.READY):
        if state == S.QUALITY_CHECK:
            finish_checklist(device, trainee)
        services.transition(actor=supervisor, device_id=device.pk, to_state=state)
    # Reserving, handing out and returning follow the resident's application.
    with pytest.raises(IllegalTransition, match="via de aanvraag"):
        services.transition(actor=supervisor, device_id=device.pk, to_state=S.RESERVED)
    for state in (S.RESERVED, S.HANDED_OUT, S.RETURNED, S.AWAITING_ERASURE):
        device.refresh_from_db()
        services.move_for_application(staff, device, state, "")
    with pytest.raises(IllegalTransition, match="opslagmedium"):
        services.transition(actor=supervisor, device_id=device.pk, to_state=S.ERASED)


def test_erasure_needs_someone_else_to_sign_off_and_a_fitting_method(hub, staff, supervisor):
    device = new_device(hub, staff)
    nvme = StorageMedium.objects.create(device=device, kind="nvme")
    services.triage(actor=staff, device_id=device.pk)
    now = timezone.now()
    times = {"started_at": now - timedelta(hours=1), "ended_at": now}
    unsuitable = (
        r"^ATA Secure Erase past niet bij dit soort opslag \(NVMe\)\. "
        r"Kies voor deze schijf: NVMe Sanitize"
    )
    with pytest.raises(IllegalTransition, match=unsuitable):
        services.record_erasure(actor=supervisor, medium_id=nvme.pk, data=ERASURE | times)
    record = services.record_erasure(
        actor=supervisor, medium_id=nvme.pk, data=ERASURE | times | {"method": "nvme_sanitize"}
    )
    assert len(record.evidence_sha256) == 64
    with pytest.raises(IllegalTransition, match="eigen wisactie"):
        services.sign_off_erasure(actor=supervisor, record_id=record.pk)
    with pytest.raises(PermissionDenied):
        services.sign_off_erasure(actor=staff, record_id=record.pk)


def test_a_failed_medium_must_be_destroyed_before_the_device_goes_on(
    hub, staff, supervisor, trainee
):
    device = new_device(hub, staff)
    disk = StorageMedium.objects.create(device=device, kind="hdd", smart_passed=False)
    services.triage(actor=staff, device_id=device.pk)
    now = timezone.now()
    times = {"started_at": now - timedelta(hours=1), "ended_at": now}
    failed = services.record_erasure(
        actor=trainee,
        medium_id=disk.pk,
        data=ERASURE
        | times
        | {"method": "overwrite", "outcome": "not_erased", "verification_passed": False},
    )
    services.sign_off_erasure(actor=supervisor, record_id=failed.pk)
    with pytest.raises(IllegalTransition):
        services.transition(actor=supervisor, device_id=device.pk, to_state=S.ERASED)
    destroyed = services.record_erasure(
        actor=trainee,
        medium_id=disk.pk,
        data=ERASURE | times | {"level": "destroy", "method": "shred", "outcome": "erased"},
    )
    services.sign_off_erasure(actor=supervisor, record_id=destroyed.pk)
    device.refresh_from_db()
    assert device.state == S.ERASED


def test_another_organisations_device_cannot_be_touched(hub, staff):
    device = new_device(hub, staff)
    outsider = make_staff(Role.TECHNICIAN_SUPERVISOR)
    with pytest.raises(PermissionDenied):
        services.transition(actor=outsider, device_id=device.pk, to_state=S.TRIAGED)


def test_exits_need_a_reason(hub, staff):
    device = new_device(hub, staff)
    with pytest.raises(IllegalTransition, match="reden"):
        services.transition(actor=staff, device_id=device.pk, to_state=S.RECYCLED)
    recycled = services.transition(
        actor=staff, device_id=device.pk, to_state=S.RECYCLED, reason="Scherm gebroken"
    )
    assert recycled.triage_reason == "Scherm gebroken"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_staff_cannot_push_one_device_into_an_inconsistent_state():
    hub = LocationFactory(organisation=OrganisationFactory(type="refurbisher"))
    first = make_staff(Role.HUB_STAFF, hub.organisation)
    second = make_staff(Role.HUB_STAFF, hub.organisation)
    device = new_device(hub, first)
    services.triage(actor=first, device_id=device.pk)
    outcomes, barrier = [], threading.Barrier(2)

    def act(actor, to_state):
        from django.db import connection as thread_connection

        barrier.wait()
        try:
            services.transition(actor=actor, device_id=device.pk, to_state=to_state, reason="x")
            outcomes.append(to_state)
        except IllegalTransition:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=act, args=(first, S.LOST)),
        threading.Thread(target=act, args=(second, S.RECYCLED)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    device.refresh_from_db()
    assert sorted(map(str, outcomes)).count("refused") == 1
    assert device.transitions.count() == 4  # received, triaged, awaiting_erasure, one exit
    assert device.state in (S.LOST, S.RECYCLED)


def test_erasing_issues_a_certificate_anyone_can_verify(
    client, hub, staff, supervisor, trainee, tmp_path
):

    from django.urls import reverse

    from digiketen.conftest import login_verified
    from digiketen.inventory import certificates

    device = new_device(hub, staff, brand="Lenovo", model="T470", serial="PF0ABCDE")
    StorageMedium.objects.create(
        device=device, kind="ssd", model="SAMSUNG MZ7LN256", serial="S3TZ1"
    )
    services.triage(actor=staff, device_id=device.pk)
    erase_all(device, trainee, supervisor)
    certificate = device.certificates.get()
    assert certificate.number.startswith("WC-")
    assert certificates.is_intact(certificate)

    page = client.get(reverse("certificates:verify", args=[certificate.number]))
    assert page.status_code == 200
    assert "is geldig" in page.text
    assert str(trainee) not in page.text  # no personal data on the public page
    altered = certificate.number[:-1] + ("A" if certificate.number[-1] != "A" else "B")
    wrong = client.get(reverse("certificates:verify", args=[altered]))
    assert wrong.status_code == 404
    assert "niet geldig" in wrong.text

    certificate.content["media"][0]["outcome"] = "erased"
    certificate.content["media"][0]["serial"] = "ANDERS"
    certificate.save()
    tampered = client.get(reverse("certificates:verify", args=[certificate.number]))
    assert "niet geldig" in tampered.text

    login_verified(client, supervisor)
    certificate.content["media"][0]["serial"] = "S3TZ1"
    certificate.save()
    pdf = client.get(reverse("inventory:certificate-pdf", args=[certificate.number]))
    text = pdf_text(pdf.content)
    for expected in (
        certificate.number,
        "S3TZ1",
        "Purge (volledig wissen)",
        "ATA Secure Erase",
        "Gewist",
        str(trainee),
        str(supervisor),
        certificate.sha256[:20],
    ):
        assert expected in text, expected
