"""The device workflow, checked against the policy as the cyberbank wrote it down, not
against services.TRANSITIONS: a wrong edge added to the table makes these tests fail."""

import itertools

import pytest

from digiketen.accounts.roles import Role
from digiketen.inventory import services
from digiketen.inventory.models import DeviceState as S
from digiketen.inventory.models import DeviceTransition
from digiketen.inventory.services import IllegalTransition
from digiketen.tests.audit import assert_audited
from digiketen.tests.factories import DeviceFactory, HubFactory, staff_of

pytestmark = pytest.mark.django_db

# Nothing is handed out unless it was triaged, erased, refurbished and passed the quality
# check; a returned device is erased again. Until it is ready, a device can always go to
# parts, to the recycler or be reported lost.
EXITS = {S.PARTS_HARVESTED, S.RECYCLED, S.LOST}
POLICY = (
    {
        (S.RECEIVED, S.TRIAGED),
        (S.TRIAGED, S.AWAITING_ERASURE),
        (S.AWAITING_ERASURE, S.ERASED),
        (S.ERASED, S.REFURBISHING),
        (S.REFURBISHING, S.QUALITY_CHECK),
        (S.QUALITY_CHECK, S.READY),
        (S.QUALITY_CHECK, S.REFURBISHING),  # failed the check: back to the workbench
        (S.READY, S.RESERVED),
        (S.READY, S.REFURBISHING),  # a fault found on the shelf
        (S.READY, S.LOST),
        (S.RESERVED, S.READY),  # reservation released
        (S.RESERVED, S.HANDED_OUT),
        (S.RESERVED, S.LOST),
        (S.HANDED_OUT, S.RETURNED),
        (S.HANDED_OUT, S.LOST),
        (S.RETURNED, S.AWAITING_ERASURE),
        (S.PARTS_HARVESTED, S.RECYCLED),
        # A supervisor undoes a triage (a typo'd year) before anything else happened.
        (S.AWAITING_ERASURE, S.RECEIVED),
        (S.PARTS_HARVESTED, S.RECEIVED),
    }
    | {
        (source, exit_)
        for source in (S.RECEIVED, S.TRIAGED, S.AWAITING_ERASURE, S.ERASED, S.REFURBISHING)
        for exit_ in EXITS
    }
    | {(S.QUALITY_CHECK, exit_) for exit_ in EXITS}
)
# These follow the resident's application; staff never take them on the device page.
WITH_APPLICATION = {S.RESERVED, S.HANDED_OUT, S.RETURNED}


def test_the_policy_never_skips_erasure_or_the_quality_check():
    """A reading aid for the list above: the only ways into 'ready' and 'erased'."""
    assert {s for s, t in POLICY if t == S.READY} == {S.QUALITY_CHECK, S.RESERVED}
    assert {s for s, t in POLICY if t == S.ERASED} == {S.AWAITING_ERASURE}
    assert {s for s, t in POLICY if t == S.HANDED_OUT} == {S.RESERVED}


def device_in(state):
    # No storage media and the checklist done: erasure and the checklist are preconditions of
    # their own (test_lifecycle, test_refurbishment), not policy.
    device = DeviceFactory(hub=HubFactory(), state=state, media=0)
    if state == S.REFURBISHING:
        trainee = staff_of(device.organisation, Role.TECHNICIAN_TRAINEE)
        for task in services.open_tasks(device):
            services.log_work(actor=trainee, device_id=device.pk, task=task, minutes=10)
    return device


@pytest.mark.parametrize(("source", "target"), list(itertools.product(S, S)), ids=str)
def test_only_the_policy_moves_succeed(source, target):
    device = device_in(source)
    with_application = source in WITH_APPLICATION or target in WITH_APPLICATION
    history = DeviceTransition.objects.filter(device=device).count()

    def move():
        if with_application:
            staff = staff_of(device.organisation, Role.HUB_STAFF)
            return services.move_for_application(staff, device, target, "Kapot")
        supervisor = staff_of(device.organisation, Role.TECHNICIAN_SUPERVISOR)
        return services.transition(
            actor=supervisor, device_id=device.pk, to_state=target, reason="Kapot"
        )

    if (source, target) in POLICY:
        move()
        device.refresh_from_db()
        assert device.state == target
        last = DeviceTransition.objects.filter(device=device).latest("created_at", "pk")
        assert (last.from_state, last.to_state) == (source, target)
        event = assert_audited(
            "device.state_changed",
            subject=device,
            before={"state": source},
            after={"state": target, "reason": "Kapot"},
            count=history + 1,
        )
        assert event.actor == last.actor
    else:
        with pytest.raises(IllegalTransition):
            move()
        device.refresh_from_db()
        assert device.state == source
        assert DeviceTransition.objects.filter(device=device).count() == history


@pytest.mark.parametrize(
    ("source", "target"),
    sorted((s, t) for s, t in POLICY if s in WITH_APPLICATION or t in WITH_APPLICATION),
    ids=str,
)
def test_steps_that_follow_an_application_are_refused_on_the_device_page(source, target):
    device = device_in(source)
    supervisor = staff_of(device.organisation, Role.TECHNICIAN_SUPERVISOR)
    with pytest.raises(IllegalTransition, match="via de aanvraag"):
        services.transition(actor=supervisor, device_id=device.pk, to_state=target)
    device.refresh_from_db()
    assert device.state == source
    assert target not in services.next_states(device, supervisor)
