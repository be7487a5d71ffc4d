"""The factories build the states the services would: history, records and audit events."""

import pytest

from digiketen.applications.models import DepositEntry, Status
from digiketen.inventory.models import DeviceState
from digiketen.tests.factories import ApplicationFactory, DeviceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", list(DeviceState))
def test_a_device_factory_trait_walks_the_device_there(state):
    device = DeviceFactory(**{state.value: True})
    device.refresh_from_db()
    assert device.state == state
    assert device.transitions.order_by("-created_at", "-pk").first().to_state == state


def test_a_ready_device_was_erased_signed_off_and_certified():
    device = DeviceFactory(ready=True, media=2)
    assert [t.to_state for t in device.transitions.order_by("created_at", "pk")] == [
        "received",
        "triaged",
        "awaiting_erasure",
        "erased",
        "refurbishing",
        "quality_check",
        "ready",
    ]
    for medium in device.media.all():
        assert medium.erasures.get().verified_by is not None
    assert device.certificates.count() == 1


def test_a_handed_out_application_has_its_device_handover_and_deposit():
    application = ApplicationFactory(handed_out=True)
    assert application.status == Status.HANDED_OUT
    assert application.device.state == DeviceState.HANDED_OUT
    assert application.handover.deposit_cents == 2000
    assert DepositEntry.objects.get(handover=application.handover).amount_cents == 2000


def test_a_returned_application_sends_its_device_back_to_erasure():
    application = ApplicationFactory(returned=True)
    assert application.status == Status.RETURNED
    assert application.device.state == DeviceState.AWAITING_ERASURE
