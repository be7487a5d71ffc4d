"""What each inventory service leaves behind (state, history, audit event) and whom it
refuses. The refusals change nothing: no row, no audit event (assert_refused)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.inventory import services
from digiketen.inventory.models import (
    DeviceState,
    DeviceTransfer,
    ImpactFactor,
    RecyclingShipment,
    RefurbishTask,
    Skill,
    TraineeSkill,
)
from digiketen.inventory.services import IllegalTransition
from digiketen.permissions import Perm
from digiketen.tests.audit import assert_audited, assert_refused
from digiketen.tests.factories import DeviceFactory, HubFactory, OrganisationFactory, staff_of

S = DeviceState
pytestmark = pytest.mark.django_db


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
    for task in services.open_tasks(device):
        services.log_work(actor=trainee, device_id=device.pk, task=task, minutes=10)
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
    device = DeviceFactory(hub=hub, locked=True, media=0)
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


# -- refurbishing, skills --------------------------------------------------------------------


def test_work_is_logged_with_its_task_and_audited(hub, trainee, outsider):
    device = DeviceFactory(hub=hub, refurbishing=True)
    task = RefurbishTask.objects.filter(organisation=hub.organisation, device_type="laptop").first()
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
    desktop_task = RefurbishTask.objects.filter(
        organisation=hub.organisation, device_type="desktop"
    ).first()
    with pytest.raises(IllegalTransition, match="ander soort apparaat"):
        services.log_work(actor=trainee, device_id=device.pk, task=desktop_task, minutes=5)
    other_cyberbanks_task = RefurbishTask.objects.exclude(organisation=hub.organisation).get(
        device_type="laptop", name=task.name
    )
    with pytest.raises(IllegalTransition, match="andere cyberbank"):
        services.log_work(actor=trainee, device_id=device.pk, task=other_cyberbanks_task, minutes=5)
    assert_refused(services.log_work, actor=outsider, device_id=device.pk, task=None, minutes=5)
    with pytest.raises(IllegalTransition, match="opgeknapt"):
        services.log_work(
            actor=trainee, device_id=DeviceFactory(hub=hub, ready=True).pk, task=None, minutes=5
        )


def test_a_skill_is_signed_off_once_by_a_supervisor_of_the_trainee(hub, trainee, supervisor):
    skill = Skill.objects.filter(organisation=hub.organisation).first()
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
    skill = Skill.objects.filter(organisation=hub.organisation).first()
    assert_refused(services.sign_off_skill, actor=outsider, trainee=trainee, skill=skill)
    # Nor a skill of another cyberbank's list, even by a supervisor of the trainee.
    theirs = Skill.objects.filter(organisation=outsider.memberships.get().organisation).first()
    assert_refused(services.sign_off_skill, actor=supervisor, trainee=trainee, skill=theirs)
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

    def save(self, commit=True):
        return self.saved


class SavingFormset(FakeFormset):
    def save(self, commit=True):
        for item in self.saved:
            item.save()
        return self.saved


def test_code_lists_audit_each_changed_list_with_the_owner_and_need_its_supervisor(
    hub, staff, supervisor, outsider
):
    task = RefurbishTask.objects.filter(organisation=hub.organisation).first()
    task.name = "Scharnieren controleren"
    services.save_code_lists(
        actor=supervisor,
        organisation=hub.organisation,
        formsets={"tasks": FakeFormset(True, [task]), "skills": FakeFormset(False)},
    )
    assert RefurbishTask.objects.get(pk=task.pk).name == "Scharnieren controleren"
    assert_audited(
        "inventory.code_list_changed",
        actor=supervisor,
        organisation=hub.organisation,
        after={"list": "tasks", "changed": [str(task)]},
    )
    lists = {"tasks": FakeFormset(True, [task])}
    assert_refused(
        services.save_code_lists, actor=staff, organisation=hub.organisation, formsets=lists
    )
    assert_refused(
        services.save_code_lists, actor=outsider, organisation=hub.organisation, formsets=lists
    )
    # A supervisor's own organisation with another cyberbank's item in the list.
    theirs = outsider.memberships.get().organisation
    assert_refused(services.save_code_lists, actor=outsider, organisation=theirs, formsets=lists)
    assert_audited("inventory.code_list_changed", count=1)


def test_impact_factors_are_changed_by_the_coordinator_for_the_municipality(supervisor):
    municipality = OrganisationFactory(type="municipality")
    coordinator = make_staff(Role.COORDINATOR, municipality)
    laptop = ImpactFactor.objects.get(device_type="laptop")
    old_co2 = str(laptop.co2_kg)
    laptop.co2_kg = "180.0"
    formset = SavingFormset(True, [laptop])
    assert_refused(services.save_impact_factors, actor=supervisor, formset=formset)
    services.save_impact_factors(actor=coordinator, formset=formset)
    assert str(ImpactFactor.objects.get(device_type="laptop").co2_kg) == "180.0"
    event = assert_audited(
        "inventory.impact_factors_changed", actor=coordinator, organisation=municipality
    )
    assert event.before["laptop"][1] == old_co2
    assert event.after["laptop"][1] == "180.0"


def test_permission_denied_is_not_an_illegal_transition():
    """The views tell the two apart: a refusal is 403, an illegal step a message."""
    assert not issubclass(IllegalTransition, PermissionDenied)
