"""Twenty staff members reserve the same laptop at the same moment: the row locks must give it
to exactly one resident, and tell the others clearly that it is gone."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.applications import services
from digiketen.applications.models import Application, Status
from digiketen.conftest import make_staff
from digiketen.core.models import AuditEvent, Message
from digiketen.inventory.models import Device, DeviceState, DeviceTransition
from digiketen.tests.factories import ApplicationFactory, LocationFactory, OrganisationFactory

RESIDENTS = 20


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_twenty_staff_reserving_one_laptop_at_once_give_it_to_exactly_one_resident():
    hub = LocationFactory(organisation=OrganisationFactory(type="refurbisher"))
    device = Device.objects.create(
        asset_tag="DK-CONC-1",
        organisation=hub.organisation,
        hub=hub,
        type="laptop",
        state=DeviceState.READY,
    )
    applications = [
        ApplicationFactory(hub=hub, status=Status.WAITING, queued_at=timezone.now())
        for _n in range(RESIDENTS)
    ]
    staff = [make_staff(Role.HUB_STAFF, hub.organisation) for _n in range(RESIDENTS)]
    barrier = threading.Barrier(RESIDENTS)

    def reserve(actor, application_id: int) -> str:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.reserve(
                actor=actor, application_id=application_id, device_id=device.pk, reason="test"
            )
            return "reserved"
        except services.Refused as refusal:
            return str(refusal)
        finally:
            thread_connection.close()

    # Any other exception in a thread is raised here by result().
    with ThreadPoolExecutor(max_workers=RESIDENTS) as pool:
        futures = [
            pool.submit(reserve, actor, application.pk)
            for actor, application in zip(staff, applications, strict=True)
        ]
        outcomes = [future.result(timeout=60) for future in futures]

    assert outcomes.count("reserved") == 1
    refusals = [outcome for outcome in outcomes if outcome != "reserved"]
    assert len(refusals) == RESIDENTS - 1
    assert set(refusals) == {"Dit apparaat is niet meer vrij. Kies een ander apparaat."}

    device.refresh_from_db()
    assert device.state == DeviceState.RESERVED
    winner = applications[outcomes.index("reserved")]
    [holder] = Application.objects.filter(device=device)
    assert holder.pk == winner.pk
    assert holder.status == Status.INVITED and holder.invitation_token
    others = Application.objects.exclude(pk=winner.pk)
    assert set(others.values_list("status", flat=True)) == {Status.WAITING}
    assert not others.filter(device__isnull=False).exists()
    # One step in the device's history, one audit event and one invitation to the resident.
    assert (
        DeviceTransition.objects.filter(device=device, to_state=DeviceState.RESERVED).count() == 1
    )
    assert AuditEvent.objects.filter(action="application.device_reserved").count() == 1
    assert list(Message.objects.filter(kind="invited").values_list("about_id", flat=True)) == [
        winner.pk
    ]
