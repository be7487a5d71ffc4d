"""Erasing storage, its sign-off and certificate, device details and captures: what each
service leaves behind (state, history, audit event) and whom it refuses."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.core.models import AuditEvent
from digiketen.inventory import services
from digiketen.inventory.models import (
    DeviceState,
    StorageMedium,
)
from digiketen.inventory.services import IllegalTransition
from digiketen.tests.audit import assert_audited, assert_refused
from digiketen.tests.factories import ERASURE, DeviceFactory, HubFactory, staff_of

S = DeviceState
pytestmark = pytest.mark.django_db


def erasure(**changes):
    now = timezone.now()
    return ERASURE | {"started_at": now - timedelta(hours=1), "ended_at": now} | changes


def test_erasing_is_recorded_signed_off_and_certified(hub, trainee, supervisor):
    device = DeviceFactory(hub=hub, awaiting_erasure=True, media=0)
    medium = StorageMedium.objects.create(device=device, kind="ssd", serial="S3TZ1")
    record = services.record_erasure(actor=trainee, medium_id=medium.pk, data=erasure())
    assert record.operator == trainee and record.verified_by is None
    assert_audited(
        "device.erasure_recorded",
        actor=trainee,
        subject=device,
        after={"medium": str(medium), "method": "ata_secure_erase", "outcome": "erased"},
    )
    with pytest.raises(IllegalTransition, match="opslagmedium"):
        services.transition(actor=supervisor, device_id=device.pk, to_state=S.ERASED)
    signed = services.sign_off_erasure(actor=supervisor, record_id=record.pk)
    assert signed.verified_by == supervisor
    assert abs(signed.verified_at - timezone.now()) < timedelta(minutes=1)
    assert_audited(
        "device.erasure_signed_off",
        actor=supervisor,
        subject=device,
        after={"medium": str(medium), "outcome": "erased"},
    )
    with pytest.raises(IllegalTransition, match=r"^Deze wisactie is al goedgekeurd\.$"):
        services.sign_off_erasure(
            actor=staff_of(hub.organisation, Role.SYSTEM_ADMIN), record_id=record.pk
        )
    # The last approval leaves one way forward: the device is erased at once, in the same step.
    device.refresh_from_db()
    assert device.state == S.ERASED
    last = device.transitions.latest("created_at", "pk")
    assert (last.from_state, last.actor, last.reason) == (
        S.AWAITING_ERASURE,
        supervisor,
        "Alle opslag is gewist en goedgekeurd.",
    )
    assert_audited(
        "device.state_changed",
        actor=supervisor,
        subject=device,
        before={"state": "awaiting_erasure"},
        after={"state": "erased", "reason": "Alle opslag is gewist en goedgekeurd."},
        count=4,
    )
    certificate = device.certificates.get()
    assert_audited(
        "device.certificate_issued",
        actor=supervisor,
        subject=device,
        after={"number": certificate.number, "sha256": certificate.sha256},
    )


def test_the_evidence_is_fingerprinted_and_no_evidence_leaves_none(hub, trainee):
    import hashlib

    device = DeviceFactory(hub=hub, awaiting_erasure=True, media=2)
    first, second = device.media.order_by("pk")
    with_log = services.record_erasure(actor=trainee, medium_id=first.pk, data=erasure())
    assert with_log.evidence_sha256 == hashlib.sha256(ERASURE["evidence"].encode()).hexdigest()
    without = services.record_erasure(actor=trainee, medium_id=second.pk, data=erasure(evidence=""))
    assert without.evidence_sha256 == ""


def test_erasure_rules_refuse_with_their_reason(hub, trainee, outsider):
    device = DeviceFactory(hub=hub, awaiting_erasure=True, media=0)
    hdd = StorageMedium.objects.create(device=device, kind="hdd")
    with pytest.raises(IllegalTransition, match="Fysiek vernietigen"):
        services.record_erasure(actor=trainee, medium_id=hdd.pk, data=erasure(level="destroy"))
    shredded = services.record_erasure(
        actor=trainee, medium_id=hdd.pk, data=erasure(level="destroy", method="shred")
    )
    assert shredded.method == "shred"
    with pytest.raises(IllegalTransition, match=r"soort opslag \(HDD\)"):
        services.record_erasure(
            actor=trainee, medium_id=hdd.pk, data=erasure(method="nvme_sanitize")
        )
    with pytest.raises(ValidationError):
        services.record_erasure(
            actor=trainee,
            medium_id=hdd.pk,
            data=erasure(ended_at=timezone.now() - timedelta(days=1)),
        )
    assert_refused(
        services.record_erasure, actor=outsider, medium_id=hdd.pk, data=erasure(method="shred")
    )
    ready = DeviceFactory(hub=hub, ready=True)
    with pytest.raises(IllegalTransition, match="wacht niet op wissen"):
        services.record_erasure(
            actor=trainee, medium_id=ready.media.get().pk, data=erasure(method="overwrite")
        )


def test_signing_off_needs_a_supervisor_of_the_cyberbank_and_someone_else(
    hub, staff, trainee, supervisor, outsider
):
    device = DeviceFactory(hub=hub, awaiting_erasure=True)
    record = services.record_erasure(
        actor=supervisor, medium_id=device.media.get().pk, data=erasure()
    )
    assert_refused(services.sign_off_erasure, actor=staff, record_id=record.pk)
    assert_refused(services.sign_off_erasure, actor=outsider, record_id=record.pk)
    with pytest.raises(IllegalTransition, match="eigen wisactie"):
        services.sign_off_erasure(actor=supervisor, record_id=record.pk)
    assert AuditEvent.objects.filter(action="device.erasure_signed_off").count() == 0


def test_an_erasure_before_the_return_does_not_count(hub, staff, supervisor):
    device = DeviceFactory(hub=hub, returned=True)
    services.move_for_application(staff, device, S.AWAITING_ERASURE, "")
    assert services.media_not_released(device) == list(device.media.all())
    with pytest.raises(IllegalTransition, match="opslagmedium"):
        services.transition(actor=supervisor, device_id=device.pk, to_state=S.ERASED)


def test_a_failed_or_unverified_erasure_does_not_release(hub, trainee, supervisor):
    device = DeviceFactory(hub=hub, awaiting_erasure=True, media=0)
    medium = StorageMedium.objects.create(device=device, kind="ssd")
    for data in (erasure(verification_passed=False), erasure(outcome="not_erased")):
        record = services.record_erasure(actor=trainee, medium_id=medium.pk, data=data)
        services.sign_off_erasure(actor=supervisor, record_id=record.pk)
    assert services.media_not_released(device) == [medium]
    services.record_erasure(actor=trainee, medium_id=medium.pk, data=erasure())  # not signed
    assert services.media_not_released(device) == [medium]


def test_updating_details_is_audited_and_cannot_touch_the_state(hub, trainee, outsider):
    device = DeviceFactory(hub=hub, refurbishing=True, brand="Dell")
    updated = services.update_device(
        actor=trainee,
        device_id=device.pk,
        data={"brand": "Lenovo", "ram_mb": 8192, "state": "ready", "asset_tag": "X-1"},
    )
    updated.refresh_from_db()
    assert (updated.brand, updated.ram_mb, updated.state) == ("Lenovo", 8192, S.REFURBISHING)
    assert updated.asset_tag == device.asset_tag
    assert_audited(
        "device.updated",
        actor=trainee,
        subject=device,
        before={"brand": "Dell", "ram_mb": None},
        after={"brand": "Lenovo", "ram_mb": 8192},
    )
    services.update_device(actor=trainee, device_id=device.pk, data={"brand": "Lenovo"})
    assert_audited("device.updated", subject=device)  # still one: nothing changed
    assert_refused(
        services.update_device, actor=outsider, device_id=device.pk, data={"brand": "HP"}
    )


def test_updating_details_cannot_move_the_device_to_another_cyberbank_or_hub(hub, trainee):
    device = DeviceFactory(hub=hub, refurbishing=True, brand="Dell")
    elsewhere = HubFactory()
    services.update_device(
        actor=trainee,
        device_id=device.pk,
        data={"brand": "Lenovo", "organisation": elsewhere.organisation, "hub": elsewhere},
    )
    device.refresh_from_db()
    assert (device.brand, device.organisation, device.hub) == ("Lenovo", hub.organisation, hub)
    assert_audited(
        "device.updated", subject=device, before={"brand": "Dell"}, after={"brand": "Lenovo"}
    )


def test_adding_a_medium_is_audited(hub, trainee, outsider):
    device = DeviceFactory(hub=hub, media=0)
    medium = services.add_medium(
        actor=trainee, device_id=device.pk, data={"kind": "nvme", "serial": "N1"}
    )
    assert medium.device == device and medium.kind == "nvme"
    assert_audited(
        "device.medium_added", actor=trainee, subject=device, after={"medium": str(medium)}
    )
    assert_refused(services.add_medium, actor=outsider, device_id=device.pk, data={"kind": "hdd"})


def test_an_upload_key_is_shown_once_and_kept_as_a_hash(hub):
    import hashlib

    token, secret = services.create_hub_token(hub=hub, name="stick 1")
    assert token.key_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    assert len(secret) >= 40 and secret not in token.key_sha256
    assert_audited(
        "device.hub_token_created",
        actor=None,
        actor_label="manage.py",
        subject=hub,
        organisation=hub.organisation,
        after={"name": "stick 1"},
    )


CAPTURE = {
    "dmidecode.txt": (
        "Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\n"
        "\tManufacturer: LENOVO\n\tProduct Name: 20HD\n\tSerial Number: PF0ABCDE\n"
    ),
    "lsblk.json": (
        '{"blockdevices": [{"name": "mmcblk0", "type": "disk", "size": 32000000000, '
        '"rota": false, "tran": null, "model": "' + "M" * 200 + '", "serial": "E1"}]}'
    ),
}


def test_a_capture_fills_the_specs_adds_media_once_and_is_audited(hub, outsider):
    device = DeviceFactory(hub=hub, media=0, cpu_model="typed by staff")
    token, _secret = services.create_hub_token(hub=hub, name="stick")
    capture, warnings = services.record_capture(token=token, device_id=device.pk, files=CAPTURE)
    assert warnings == []
    device.refresh_from_db()
    assert (device.brand, device.model, device.serial) == ("LENOVO", "20HD", "PF0ABCDE")
    assert device.cpu_model == "typed by staff"  # the capture knew nothing about the CPU
    medium = device.media.get()
    assert (medium.kind, medium.serial, len(medium.model)) == ("emmc", "E1", 150)
    assert_audited(
        "device.capture_uploaded",
        actor=None,
        actor_label=f"hub token: {token}",
        subject=device,
        after={"sha256": capture.sha256, "media": 1},
    )
    services.record_capture(token=token, device_id=device.pk, files=CAPTURE)
    assert device.media.count() == 1
    elsewhere, _ = services.create_hub_token(hub=HubFactory(), name="other")
    assert_refused(services.record_capture, token=elsewhere, device_id=device.pk, files=CAPTURE)


def test_an_unreadable_capture_is_kept_with_a_warning(hub):
    device = DeviceFactory(hub=hub, media=0)
    token, _secret = services.create_hub_token(hub=hub, name="stick")
    capture, warnings = services.record_capture(
        token=token, device_id=device.pk, files={"smartctl.json": "geen json"}
    )
    assert capture.files == {"smartctl.json": "geen json"}
    assert len(warnings) == 1 and warnings[0].startswith("Kon de meting niet lezen: ")
    assert not AuditEvent.objects.filter(action="device.capture_uploaded").exists()
