"""Moving and recycling stock: the refusals word for word (the page shows them as they are),
who is named, and that another cyberbank cannot pull a device over to its own hub. Written
to kill mutants that survived (docs/mutation-report.md)."""

import pytest
from django.core.exceptions import PermissionDenied

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.inventory import services
from digiketen.inventory.models import DeviceTransfer, DeviceTransition
from digiketen.inventory.services import IllegalTransition
from digiketen.tests.audit import assert_audited
from digiketen.tests.factories import DeviceFactory, HubFactory

pytestmark = pytest.mark.django_db
SHIPMENT = {"recycler": "Renewi", "weight_kg": "12.5", "shipped_on": "2026-11-27"}


def refusal(call, **kwargs) -> str:
    with pytest.raises(IllegalTransition) as refused:
        call(**kwargs)
    return str(refused.value)


def test_another_cyberbank_cannot_move_a_device_to_its_own_hub(hub, outsider):
    device = DeviceFactory(hub=hub)
    theirs = outsider.memberships.get().organisation
    with pytest.raises(PermissionDenied):
        services.transfer_device(
            actor=outsider, device_id=device.pk, to_hub=HubFactory(organisation=theirs)
        )
    device.refresh_from_db()
    assert device.hub == hub and not DeviceTransfer.objects.exists()


def test_the_transfer_refusals_read_in_full(hub, staff):
    device = DeviceFactory(hub=hub)
    admin = make_staff(Role.SYSTEM_ADMIN)
    elsewhere = HubFactory()
    across = refusal(services.transfer_device, actor=admin, device_id=device.pk, to_hub=elsewhere)
    assert across == "Verplaatsen kan alleen naar een uitgiftepunt van dezelfde cyberbank."
    here = refusal(services.transfer_device, actor=staff, device_id=device.pk, to_hub=hub)
    assert here == "Dit apparaat kan nu niet verplaatst worden."


def test_recycling_names_who_shipped_and_refuses_others_devices_in_full(hub, staff, outsider):
    device = DeviceFactory(hub=hub, state="parts_harvested")
    args = {"organisation": hub.organisation, "data": SHIPMENT}
    with pytest.raises(PermissionDenied):  # before looking at which devices were chosen
        services.ship_for_recycling(actor=outsider, device_ids=[], **args)
    stranger = DeviceFactory(hub=HubFactory(), state="parts_harvested")
    message = refusal(services.ship_for_recycling, actor=staff, device_ids=[stranger.pk], **args)
    assert message == "Kies apparaten van uw eigen cyberbank."
    services.ship_for_recycling(actor=staff, device_ids=[device.pk], **args)
    last = DeviceTransition.objects.filter(device=device).latest("pk")
    assert (last.to_state, last.actor, last.reason) == ("recycled", staff, "Naar recycler Renewi")


def test_a_new_upload_key_is_named_and_logged_for_the_hubs_cyberbank(hub):
    token, secret = services.create_hub_token(hub=hub, name="stick 1")
    token.refresh_from_db()
    assert token.name == "stick 1" and len(secret) >= 43
    assert_audited(
        "device.hub_token_created",
        subject=hub,
        organisation=hub.organisation,
        actor_label="manage.py",
        after={"name": "stick 1"},
    )
