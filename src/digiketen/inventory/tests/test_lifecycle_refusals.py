"""What staff see when the lifecycle refuses a step, word for word (the page shows the
refusal as it is), and who is named for a step. Written to kill mutants that survived
(docs/mutation-report.md)."""

import pytest

from digiketen.core.models import AuditEvent
from digiketen.inventory import services
from digiketen.inventory.models import DeviceState, DeviceTransition, StorageMedium
from digiketen.inventory.services import IllegalTransition
from digiketen.tests.factories import DeviceFactory, HubFactory

S = DeviceState
pytestmark = pytest.mark.django_db


def refusal(call, **kwargs) -> str:
    with pytest.raises(IllegalTransition) as refused:
        call(**kwargs)
    return str(refused.value)


def test_an_exit_without_any_reason_asks_for_one(hub, staff):
    device = DeviceFactory(hub=hub)
    message = refusal(
        services.transition, actor=staff, device_id=device.pk, to_state=S.PARTS_HARVESTED
    )
    assert message == "Geef een reden op."


def test_erased_before_every_medium_is_released_names_the_medium(hub, staff, supervisor):
    device = DeviceFactory(hub=hub)
    StorageMedium.objects.create(device=device, kind="ssd", model="KINGSTON SA400")
    services.triage(actor=staff, device_id=device.pk)
    message = refusal(services.transition, actor=supervisor, device_id=device.pk, to_state=S.ERASED)
    assert message.startswith("Nog niet elk opslagmedium is gewist en goedgekeurd: ")
    assert message.endswith("KINGSTON SA400")


def test_a_step_of_an_application_is_refused_on_the_device_page(hub, staff):
    device = DeviceFactory(hub=hub, state=S.READY)
    message = refusal(services.transition, actor=staff, device_id=device.pk, to_state=S.RESERVED)
    assert message == "Deze stap gaat via de aanvraag van de inwoner."


def test_another_cyberbank_sees_no_step_buttons(hub, staff, outsider):
    device = DeviceFactory(hub=hub)
    assert services.next_states(device, staff)  # the own staff may triage it
    assert services.next_states(device, outsider) == []


def test_triage_names_who_did_it_on_every_step(hub, staff):
    device = DeviceFactory(hub=hub)
    seen = DeviceTransition.objects.count(), AuditEvent.objects.count()
    services.triage(actor=staff, device_id=device.pk)
    steps = DeviceTransition.objects.filter(device=device).order_by("pk")[seen[0] :]
    assert [(t.to_state, t.actor) for t in steps] == [
        (S.TRIAGED, staff),
        (S.AWAITING_ERASURE, staff),
    ]
    events = AuditEvent.objects.filter(action="device.state_changed").order_by("pk")[seen[1] :]
    assert [e.actor for e in events] == [staff, staff]


def test_a_device_that_cannot_be_refurbished_goes_to_parts_in_the_name_of_staff(hub, staff):
    device = DeviceFactory(hub=hub, locked=True)
    services.triage(actor=staff, device_id=device.pk)
    last = DeviceTransition.objects.filter(device=device).latest("pk")
    assert (last.to_state, last.actor) == (S.PARTS_HARVESTED, staff)


def test_editing_details_cannot_move_a_device_to_another_cyberbank(hub, staff):
    device = DeviceFactory(hub=hub)
    elsewhere = HubFactory()
    services.update_device(
        actor=staff,
        device_id=device.pk,
        data={"brand": "Dell", "organisation": elsewhere.organisation, "hub": elsewhere},
    )
    device.refresh_from_db()
    assert (device.brand, device.organisation, device.hub) == ("Dell", hub.organisation, hub)
