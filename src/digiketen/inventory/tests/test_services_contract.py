"""What each inventory service leaves behind (state, history, audit event) and whom it
refuses. The refusals change nothing: no row, no audit event (assert_refused)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.core.models import AuditEvent
from digiketen.inventory import services
from digiketen.inventory.models import (
    DeviceState,
    DeviceTransfer,
    RecyclingShipment,
    RefurbishTask,
    Skill,
    StorageMedium,
    TraineeSkill,
)
from digiketen.inventory.services import IllegalTransition
from digiketen.permissions import Perm
from digiketen.tests.audit import assert_audited, assert_refused
from digiketen.tests.factories import ERASURE, DeviceFactory, HubFactory, staff_of

S = DeviceState
pytestmark = pytest.mark.django_db


@pytest.fixture
def hub():
    return HubFactory(name="Noord")


@pytest.fixture
def staff(hub):
    return staff_of(hub.organisation, Role.HUB_STAFF)


@pytest.fixture
def trainee(hub):
    return staff_of(hub.organisation, Role.TECHNICIAN_TRAINEE)


@pytest.fixture
def supervisor(hub):
    return staff_of(hub.organisation, Role.TECHNICIAN_SUPERVISOR)


@pytest.fixture
def outsider():
    """A supervisor of another cyberbank: every right, but not here."""
    return make_staff(Role.TECHNICIAN_SUPERVISOR, HubFactory().organisation)


def erasure(**changes):
    now = timezone.now()
    return ERASURE | {"started_at": now - timedelta(hours=1), "ended_at": now} | changes


# -- intake, triage, moves -------------------------------------------------------------------


def test_intake_records_where_each_device_came_from(hub, staff, settings):
    settings.ASSET_TAG_PREFIX, settings.ASSET_TAG_DIGITS = "DK", 4
    first, second = services.receive_devices(
        actor=staff, hub=hub, count=2, type="tablet", brand="Apple"
    )
    assert (first.asset_tag, second.asset_tag) == ("DK-0001", "DK-0002")
    assert (first.hub, first.organisation, first.type, first.brand) == (
        hub,
        hub.organisation,
        "tablet",
        "Apple",
    )
    assert_audited(
        "device.state_changed",
        actor=staff,
        subject=second,
        organisation=hub.organisation,
        before={"state": ""},
        after={"state": "received", "reason": "Ingenomen"},
    )
    assert services.next_asset_tag() == "DK-0003"  # the counter went on


def test_intake_is_refused_to_a_trainee_and_another_cyberbank(hub, trainee, outsider):
    for actor in (trainee, outsider):
        assert_refused(services.receive_devices, actor=actor, hub=hub, count=1, type="laptop")


def test_triage_age_limit_counts_whole_years(hub, staff, settings):
    settings.DEVICE_AGE_LIMIT_YEARS = 6
    year = timezone.localdate().year
    at_limit = DeviceFactory(hub=hub, year=year - 6)
    over = DeviceFactory(hub=hub, year=year - 7)
    assert services.triage_reason(at_limit) == ""
    assert services.triage_reason(over) == "Ouder dan 6 jaar."
    assert services.triage_reason(DeviceFactory(hub=hub)) == ""  # unknown year: fine
    day = timezone.localdate().replace(year=year + 1)
    assert services.triage_reason(at_limit, today=day) == "Ouder dan 6 jaar."


def test_triage_records_both_steps_with_the_reason(hub, staff):
    device = DeviceFactory(hub=hub)
    moved = services.triage(actor=staff, device_id=device.pk)
    assert moved.state == S.AWAITING_ERASURE
    assert list(moved.transitions.values_list("to_state", "reason").order_by("pk")) == [
        ("received", "Ingenomen"),
        ("triaged", "Geschikt om op te knappen."),
        ("awaiting_erasure", ""),
    ]


def test_a_locked_device_goes_to_parts_with_the_reason(hub, staff):
    device = DeviceFactory(hub=hub, locked=True)
    moved = services.triage(actor=staff, device_id=device.pk)
    assert moved.state == S.PARTS_HARVESTED
    assert moved.triage_reason.startswith("Vergrendeld")
    assert_audited(
        "device.state_changed",
        subject=device,
        count=2,
        after={"state": "parts_harvested", "reason": moved.triage_reason},
    )


def test_triage_and_moves_are_refused_outside_the_role(hub, trainee, outsider):
    device = DeviceFactory(hub=hub)
    assert_refused(services.triage, actor=trainee, device_id=device.pk)
    assert_refused(services.triage, actor=outsider, device_id=device.pk)
    assert_refused(
        services.transition, actor=outsider, device_id=device.pk, to_state=S.LOST, reason="x"
    )


def test_a_trainee_may_refurbish_but_not_erase_or_release(hub, trainee, supervisor):
    device = DeviceFactory(hub=hub, awaiting_erasure=True, media=0)
    assert_refused(services.transition, actor=trainee, device_id=device.pk, to_state=S.ERASED)
    services.transition(actor=supervisor, device_id=device.pk, to_state=S.ERASED)
    services.transition(actor=trainee, device_id=device.pk, to_state=S.REFURBISHING)
    services.transition(actor=trainee, device_id=device.pk, to_state=S.QUALITY_CHECK)
    assert_refused(services.transition, actor=trainee, device_id=device.pk, to_state=S.READY)
    device.refresh_from_db()
    assert set(services.next_states(device, trainee)) == {S.REFURBISHING}
    assert set(services.next_states(device, supervisor)) == {
        S.READY,
        S.REFURBISHING,
        S.PARTS_HARVESTED,
        S.RECYCLED,
        S.LOST,
    }


def test_a_device_that_follows_an_application_is_moved_by_whoever_handles_it(hub, staff):
    device = DeviceFactory(hub=hub, ready=True)
    supervisor = staff_of(hub.organisation, Role.TECHNICIAN_SUPERVISOR)
    assert_refused(
        services.move_for_application,
        actor=supervisor,
        device=device,
        to_state=S.RESERVED,
        reason="",
    )
    services.move_for_application(staff, device, S.RESERVED, "Voor een aanvraag")
    device.refresh_from_db()
    assert device.state == S.RESERVED
    assert services.next_states(device, supervisor) == []  # only through the application


def test_the_shared_mover_and_its_permission_check_refuse_outside_the_role(hub, trainee, outsider):
    """Both are used by the other inventory services (erasure, stock, workshop)."""
    device = DeviceFactory(hub=hub)
    assert_refused(services.move, actor=outsider, device=device, to_state=S.LOST, reason="x")
    assert_refused(services.move, actor=trainee, device=device, to_state=S.TRIAGED, reason="")
    assert_refused(services.require_perm, actor=trainee, perm=Perm.RECEIVE_DEVICES, device=device)
    services.require_perm(trainee, Perm.WORK_ON_DEVICES, device)  # no refusal


def test_an_exit_keeps_the_triage_reason_when_none_is_given(hub, staff):
    device = DeviceFactory(hub=hub, locked=True)
    services.triage(actor=staff, device_id=device.pk)
    recycled = services.transition(actor=staff, device_id=device.pk, to_state=S.RECYCLED)
    assert recycled.triage_reason.startswith("Vergrendeld")
    with pytest.raises(IllegalTransition, match="Geef een reden op"):
        services.transition(
            actor=staff, device_id=DeviceFactory(hub=hub).pk, to_state=S.PARTS_HARVESTED
        )


def test_an_illegal_step_names_both_states(hub, staff):
    device = DeviceFactory(hub=hub)
    with pytest.raises(IllegalTransition) as refused:
        services.transition(actor=staff, device_id=device.pk, to_state=S.READY)
    assert str(refused.value) == "Deze stap kan niet: van 'Ontvangen' naar 'Klaar voor uitgifte'."


# -- erasure ---------------------------------------------------------------------------------


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
    with pytest.raises(IllegalTransition, match="al goedgekeurd"):
        services.sign_off_erasure(
            actor=staff_of(hub.organisation, Role.SYSTEM_ADMIN), record_id=record.pk
        )
    services.transition(actor=supervisor, device_id=device.pk, to_state=S.ERASED)
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


# -- details, media, captures ----------------------------------------------------------------


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


# -- refurbishing, skills --------------------------------------------------------------------


def test_work_is_logged_with_its_task_and_audited(hub, trainee, outsider):
    device = DeviceFactory(hub=hub, quality_check=True)
    task = RefurbishTask.objects.filter(device_type="laptop").first()
    log = services.log_work(
        actor=trainee, device_id=device.pk, task=task, minutes=30, parts_used="accu", notes="ok"
    )
    assert (log.worker, log.task, log.minutes, log.parts_used, log.notes) == (
        trainee,
        task,
        30,
        "accu",
        "ok",
    )
    assert_audited(
        "device.work_logged",
        actor=trainee,
        subject=device,
        after={"task": str(task), "minutes": 30, "parts": "accu"},
    )
    desktop_task = RefurbishTask.objects.filter(device_type="desktop").first()
    with pytest.raises(IllegalTransition, match="ander soort apparaat"):
        services.log_work(actor=trainee, device_id=device.pk, task=desktop_task, minutes=5)
    assert_refused(services.log_work, actor=outsider, device_id=device.pk, task=None, minutes=5)
    with pytest.raises(IllegalTransition, match="opgeknapt"):
        services.log_work(
            actor=trainee, device_id=DeviceFactory(hub=hub, ready=True).pk, task=None, minutes=5
        )


def test_a_skill_is_signed_off_once_by_a_supervisor_of_the_trainee(hub, trainee, supervisor):
    skill = Skill.objects.first()
    signed = services.sign_off_skill(actor=supervisor, trainee=trainee, skill=skill)
    assert signed.signed_off_by == supervisor
    assert_audited(
        "trainee.skill_signed_off",
        actor=supervisor,
        subject=trainee,
        organisation=hub.organisation,
        after={"skill": skill.name},
    )
    again = services.sign_off_skill(
        actor=staff_of(hub.organisation, Role.SYSTEM_ADMIN), trainee=trainee, skill=skill
    )
    assert again.signed_off_by == supervisor
    assert_audited("trainee.skill_signed_off", subject=trainee)  # still one


def test_a_skill_is_refused_for_a_non_trainee_and_by_another_cyberbank(
    hub, staff, trainee, outsider, supervisor
):
    skill = Skill.objects.first()
    assert_refused(services.sign_off_skill, actor=outsider, trainee=trainee, skill=skill)
    assert_refused(services.sign_off_skill, actor=supervisor, trainee=staff, skill=skill)
    assert_refused(services.sign_off_skill, actor=trainee, trainee=trainee, skill=skill)
    admin = make_staff(Role.SYSTEM_ADMIN)
    services.sign_off_skill(actor=admin, trainee=trainee, skill=skill)  # all organisations
    assert TraineeSkill.objects.get().signed_off_by == admin


# -- transfers, recycling, code lists --------------------------------------------------------


def test_a_transfer_is_audited_with_both_hubs(hub, staff):
    south = HubFactory(organisation=hub.organisation, name="Zuid")
    device = DeviceFactory(hub=hub, ready=True)
    moved = services.transfer_device(actor=staff, device_id=device.pk, to_hub=south)
    moved.refresh_from_db()
    assert moved.hub == south
    transfer = DeviceTransfer.objects.get()
    assert (transfer.from_hub, transfer.to_hub, transfer.actor) == (hub, south, staff)
    assert_audited(
        "device.transferred",
        actor=staff,
        subject=device,
        before={"hub": str(hub)},
        after={"hub": str(south)},
    )
    with pytest.raises(IllegalTransition, match="nu niet verplaatst"):
        services.transfer_device(actor=staff, device_id=device.pk, to_hub=south)


def test_a_transfer_is_refused_across_cyberbanks_and_for_devices_on_their_way_out(
    hub, staff, trainee, outsider
):
    south = HubFactory(organisation=hub.organisation)
    device = DeviceFactory(hub=hub)
    assert_refused(services.transfer_device, actor=outsider, device_id=device.pk, to_hub=south)
    assert_refused(services.transfer_device, actor=trainee, device_id=device.pk, to_hub=south)
    elsewhere = HubFactory()
    assert_refused(services.transfer_device, actor=staff, device_id=device.pk, to_hub=elsewhere)
    admin = make_staff(Role.SYSTEM_ADMIN)
    with pytest.raises(IllegalTransition, match="dezelfde cyberbank"):
        services.transfer_device(actor=admin, device_id=device.pk, to_hub=elsewhere)
    for state in ("reserved", "handed_out", "parts_harvested", "recycled", "lost"):
        gone = DeviceFactory(hub=hub, state=state)
        with pytest.raises(IllegalTransition):
            services.transfer_device(actor=staff, device_id=gone.pk, to_hub=south)
    for state in ("received", "awaiting_erasure", "ready"):
        here = DeviceFactory(hub=hub, state=state)
        assert services.transfer_device(actor=staff, device_id=here.pk, to_hub=south).hub == south


SHIPMENT = {"recycler": "Renewi", "weight_kg": "12.5", "shipped_on": "2026-11-27"}


def test_a_shipment_to_the_recycler_is_audited(hub, staff):
    devices = [DeviceFactory(hub=hub, parts_harvested=True) for _ in range(2)]
    shipment = services.ship_for_recycling(
        actor=staff,
        organisation=hub.organisation,
        device_ids=[d.pk for d in devices],
        data=SHIPMENT | {"weee_certificate": "WEEE-1"},
    )
    assert set(shipment.devices.all()) == set(devices)
    for device in devices:
        device.refresh_from_db()
        assert device.state == S.RECYCLED
        assert device.transitions.latest("created_at", "pk").reason == "Naar recycler Renewi"
    assert_audited(
        "device.recycling_shipped",
        actor=staff,
        subject=hub.organisation,
        after={"recycler": "Renewi", "devices": 2, "weee_certificate": "WEEE-1"},
    )


def test_a_shipment_takes_only_own_devices(hub, staff, trainee, outsider):
    own = DeviceFactory(hub=hub, parts_harvested=True)
    theirs = DeviceFactory(parts_harvested=True)
    args = {"organisation": hub.organisation, "data": SHIPMENT}
    assert_refused(services.ship_for_recycling, actor=outsider, device_ids=[own.pk], **args)
    assert_refused(services.ship_for_recycling, actor=trainee, device_ids=[own.pk], **args)
    for ids in ([], [own.pk, theirs.pk], [theirs.pk]):
        with pytest.raises(IllegalTransition, match="eigen cyberbank"):
            services.ship_for_recycling(actor=staff, device_ids=ids, **args)
    with pytest.raises(ValidationError):
        services.ship_for_recycling(
            actor=staff, device_ids=[own.pk], **args | {"data": {"recycler": "Renewi"}}
        )
    assert not RecyclingShipment.objects.exists()
    # The same device twice is still one device.
    shipment = services.ship_for_recycling(actor=staff, device_ids=[own.pk, own.pk], **args)
    assert shipment.devices.count() == 1


class FakeFormset:
    def __init__(self, changed, saved=()):
        self.changed, self.saved = changed, list(saved)

    def has_changed(self):
        return self.changed

    def save(self):
        return self.saved


def test_code_lists_audit_each_changed_list_and_need_a_supervisor(hub, staff, supervisor):
    task = RefurbishTask.objects.first()
    services.save_code_lists(
        actor=supervisor,
        formsets={"tasks": FakeFormset(True, [task]), "skills": FakeFormset(False)},
    )
    assert_audited(
        "inventory.code_list_changed",
        actor=supervisor,
        after={"list": "tasks", "changed": [str(task)]},
    )
    assert_refused(
        services.save_code_lists, actor=staff, formsets={"tasks": FakeFormset(True, [task])}
    )


def test_permission_denied_is_not_an_illegal_transition():
    """The views tell the two apart: a refusal is 403, an illegal step a message."""
    assert not issubclass(IllegalTransition, PermissionDenied)
