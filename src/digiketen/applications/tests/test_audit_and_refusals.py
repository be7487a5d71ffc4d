"""Every step of an application leaves its audit event, and every step is refused to staff of
another cyberbank without changing anything. Only the public services are used
(`digiketen.applications.services`), so this holds while the app is restructured."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.applications import selectors, services
from digiketen.applications.fingerprints import pass_hash
from digiketen.applications.models import (
    Application,
    CashCount,
    DistributionPolicy,
    HubCapacity,
    PickupSlot,
    PriorityCategory,
    Status,
)
from digiketen.conftest import login_verified, make_staff
from digiketen.inventory.models import DeviceState
from digiketen.tests.audit import assert_audited, assert_refused
from digiketen.tests.factories import ApplicationFactory, DeviceFactory, HubFactory, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub():
    return HubFactory(name="Cyberbank Centrum")


@pytest.fixture
def staff(hub):
    return staff_of(hub.organisation, Role.HUB_STAFF)


@pytest.fixture
def outsider():
    """Hub staff of another cyberbank."""
    return staff_of(HubFactory().organisation, Role.HUB_STAFF)


def pickup_slot(hub, *, days=2, capacity=1):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    return PickupSlot.objects.create(
        hub=hub, starts_at=start, ends_at=start + datetime.timedelta(minutes=15), capacity=capacity
    )


RESIDENT = {
    "first_name": "Fatima",
    "last_name": "El Amrani",
    "postcode": "6211CN",
    "house_number": "12",
    "contact_by": "email",
    "email": "fatima@example.org",
    "purposes": ["school"],
    "household_size": 3,
    "wants_device": True,
}


# -- applying and checking -------------------------------------------------------------------


def test_an_application_from_the_website_is_audited_as_from_the_resident(hub):
    application = services.submit_application(
        data=RESIDENT | {"hub": hub}, channel="online", language="nl"
    )
    assert (application.organisation, application.status) == (hub.organisation, "submitted")
    assert_audited(
        "application.submitted",
        actor=None,
        actor_label="inwoner",
        subject=application,
        organisation=hub.organisation,
        after={"channel": "online"},
    )


def test_an_application_at_the_desk_names_the_staff_member_and_only_their_own_hub(
    hub, staff, outsider
):
    application = services.submit_application(
        data=RESIDENT | {"hub": hub}, channel="desk", language="nl", actor=staff
    )
    assert application.created_by == staff
    assert_audited(
        "application.submitted", actor=staff, actor_label=staff.username, subject=application
    )
    assert_refused(
        services.submit_application,
        raises=Application.DoesNotExist,
        data=RESIDENT | {"hub": hub},
        channel="desk",
        language="nl",
        actor=outsider,
    )


def test_the_eligibility_decision_is_audited_either_way(hub, staff):
    approved = ApplicationFactory(hub=hub, waiting=True)
    assert_audited(
        "application.eligibility_decided",
        actor=staff,
        subject=approved,
        after={"status": "waiting", "route": "pass", "category": "", "reason": ""},
    )
    rejected = services.decide_eligibility(
        actor=staff,
        application_id=ApplicationFactory(hub=hub).pk,
        eligible=False,
        reason="Woont buiten de gemeente",
    )
    assert rejected.status == Status.REJECTED
    assert_audited(
        "application.eligibility_decided",
        actor=staff,
        subject=rejected,
        after={"status": "rejected", "reason": "Woont buiten de gemeente"},
    )


def test_moving_up_is_audited_with_both_places(hub, staff):
    ApplicationFactory(hub=hub, waiting=True)
    second = ApplicationFactory(hub=hub, waiting=True)
    services.move_up(actor=staff, application_id=second.pk, position=1, reason="Spoed school")
    assert selectors.queue_position(Application.objects.get(pk=second.pk))[0] == 1
    assert_audited(
        "application.moved_up",
        actor=staff,
        subject=second,
        before={"position": 2},
        after={"position": 1, "reason": "Spoed school"},
    )


# -- reserving, inviting, pickup times -------------------------------------------------------


def test_reserving_a_device_is_audited_with_the_device_and_the_place(hub, staff):
    application = ApplicationFactory(hub=hub, waiting=True)
    device = DeviceFactory(hub=hub, ready=True)
    services.reserve(actor=staff, application_id=application.pk, device_id=device.pk)
    device.refresh_from_db()
    assert device.state == DeviceState.RESERVED
    assert_audited(
        "application.device_reserved",
        actor=staff,
        subject=application,
        after={"device": str(device), "place": 1, "reason": ""},
    )


def test_a_pickup_time_chosen_by_the_resident_is_audited_as_theirs(hub):
    application = ApplicationFactory(hub=hub, invited=True)
    slot = pickup_slot(hub)
    services.book_slot(application_id=application.pk, slot_id=slot.pk)
    assert_audited(
        "application.slot_booked",
        actor=None,
        actor_label="inwoner",
        subject=application,
        after={"slot": str(slot)},
    )


def test_making_pickup_times_is_audited_per_day(hub, staff, outsider):
    day = timezone.localdate() + datetime.timedelta(days=3)
    args = {"hub": hub, "day": day, "first": "13:00", "last": "14:00", "minutes": 15}
    created, closed = services.create_slots(actor=staff, capacity=2, **args)
    assert (len(created), closed) == (4, 0)
    assert all(slot.capacity == 2 for slot in created)
    assert_audited(
        "application.slots_created",
        actor=staff,
        subject=hub,
        after={"day": day.isoformat(), "count": 4},
    )
    again, _closed = services.create_slots(actor=staff, capacity=2, **args)
    assert again == [] and PickupSlot.objects.count() == 4
    assert_refused(services.create_slots, actor=outsider, capacity=1, **args)


def test_a_missed_pickup_is_audited_by_staff_and_an_expired_invitation_by_the_system(hub, staff):
    scheduled = ApplicationFactory(hub=hub, scheduled=True)
    slot = str(scheduled.slot)
    with time_machine.travel(scheduled.slot.starts_at + datetime.timedelta(minutes=30)):
        services.record_no_show(actor=staff, application_id=scheduled.pk)
    assert_audited(
        "application.no_show",
        actor=staff,
        subject=scheduled,
        after={"slot": slot, "no_shows": 1, "status": "invited"},
    )
    invited = ApplicationFactory(hub=hub, invited=True)
    days = DistributionPolicy.current().invitation_days
    later = invited.invited_at + datetime.timedelta(days=days, minutes=1)
    assert services.expire_invitations(now=later) == 1
    assert_audited(
        "application.no_show",
        actor=None,
        actor_label="systeem",
        subject=invited,
        after={"invitation_expired": True, "no_shows": 1},
    )


def test_a_reminder_the_day_before_is_audited_as_sent_by_the_system(hub):
    application = ApplicationFactory(hub=hub, scheduled=True)
    day_before = application.slot.starts_at - datetime.timedelta(days=1)
    assert services.send_pickup_reminders(now=day_before) == 1
    assert services.send_pickup_reminders(now=day_before) == 0
    assert_audited(
        "application.reminded",
        actor=None,
        actor_label="systeem",
        subject=application,
        after={"slot": str(application.slot)},
    )


def test_a_released_reservation_is_audited_and_frees_the_device(hub, staff):
    application = ApplicationFactory(hub=hub, invited=True)
    device = application.device
    with pytest.raises(services.Refused) as refused:
        services.release_reservation(actor=staff, application_id=application.pk, reason=" ")
    assert str(refused.value) == "Schrijf op waarom de reservering vervalt."
    device.refresh_from_db()
    assert device.state == DeviceState.RESERVED
    services.release_reservation(actor=staff, application_id=application.pk, reason="Kapot")
    device.refresh_from_db()
    assert device.state == DeviceState.READY
    # The device's history names who freed it.
    assert device.transitions.latest("created_at", "pk").actor == staff
    assert_audited(
        "application.reservation_released",
        actor=staff,
        subject=application,
        after={"reason": "Kapot"},
    )


# -- handover, return, deposits --------------------------------------------------------------


def test_a_handover_is_audited_with_the_device_form_and_deposit(hub, staff):
    application = ApplicationFactory(hub=hub, invited=True)
    handover = services.hand_over(
        actor=staff, application_id=application.pk, signed_on="paper", method="cash"
    )
    assert_audited(
        "application.handed_over",
        actor=staff,
        subject=application,
        after={
            "device": str(handover.device),
            "form": handover.form,
            "deposit_cents": 2000,
        },
    )


def test_a_return_is_audited_with_the_refund(hub, staff):
    application = ApplicationFactory(hub=hub, handed_out=True)
    device = application.device
    services.register_return(
        actor=staff, application_id=application.pk, condition="damaged", method="cash"
    )
    assert_audited(
        "application.returned",
        actor=staff,
        subject=application,
        after={"device": str(device), "condition": "damaged", "refunded": True},
    )


def test_a_lost_device_is_audited_and_leaves_the_stock(hub, staff):
    application = ApplicationFactory(hub=hub, handed_out=True)
    services.report_lost(actor=staff, application_id=application.pk, reason="Gestolen")
    application.device.refresh_from_db()
    assert application.device.state == DeviceState.LOST
    assert_audited(
        "application.device_lost", actor=staff, subject=application, after={"reason": "Gestolen"}
    )


def test_the_cash_count_is_audited_with_what_was_expected_and_counted(hub, staff, outsider):
    ApplicationFactory(hub=hub, handed_out=True)  # 20 euro in cash today
    today = timezone.localdate()
    count = services.record_cash_count(
        actor=staff, hub=hub, business_date=today, counted_cents=2000
    )
    assert (count.expected_cents, count.counted_cents, count.counted_by) == (2000, 2000, staff)
    assert_audited(
        "deposit.cash_counted",
        actor=staff,
        subject=hub,
        after={"date": today.isoformat(), "expected": 2000, "counted": 2000},
    )
    with pytest.raises(
        services.Refused, match=r"^Het getelde bedrag wijkt af\. Schrijf op waardoor\.$"
    ):
        services.record_cash_count(actor=staff, hub=hub, business_date=today, counted_cents=1500)
    assert_refused(
        services.record_cash_count,
        actor=outsider,
        hub=hub,
        business_date=today,
        counted_cents=2000,
    )
    assert CashCount.objects.get().counted_cents == 2000


def test_home_internet_and_closing_are_audited(hub, staff):
    application = ApplicationFactory(hub=hub, wants_internet=True, waiting=True)
    ends = timezone.localdate() + datetime.timedelta(days=365)
    services.add_internet(
        actor=staff,
        application_id=application.pk,
        data={
            "provider": "KPN",
            "product": "Internet Basis",
            "starts_on": timezone.localdate(),
            "ends_on": ends,
            "monthly_cost_cents": 1500,
            "paid_by": "municipality",
        },
    )
    assert_audited(
        "application.internet_added",
        actor=staff,
        subject=application,
        after={"provider": "KPN", "ends_on": ends.isoformat()},
    )
    services.close(actor=staff, application_id=application.pk, reason="Verhuisd")
    assert_audited(
        "application.closed", actor=staff, subject=application, after={"reason": "Verhuisd"}
    )


# -- rules -----------------------------------------------------------------------------------


def test_the_rules_are_changed_only_by_the_coordinator_with_before_and_after(staff):
    policy = DistributionPolicy.current()
    coordinator = make_staff(Role.COORDINATOR)
    policy.deposit_cents = 2500
    assert_refused(services.save_policy, actor=staff, policy=policy, categories=[])
    assert DistributionPolicy.current().deposit_cents == 2000
    category = PriorityCategory.objects.first()
    services.save_policy(actor=coordinator, policy=policy, categories=[category])
    assert DistributionPolicy.current().deposit_cents == 2500
    assert_audited(
        "application.policy_changed",
        actor=coordinator,
        subject=policy,
        before={"deposit_cents": 2000},
        after={"deposit_cents": 2500, "categories": [str(category)]},
    )


def test_a_changed_group_rank_moves_only_the_waiting_applications_not_moved_by_hand(hub):
    group = PriorityCategory.objects.create(name="Mantelzorgers", rank=40)
    now = timezone.now()

    def application(status, *, moved_up=False, minutes_ago):
        return ApplicationFactory(
            hub=hub,
            status=status,
            category=group,
            queue_rank=group.rank,
            moved_up=moved_up,
            queued_at=now - datetime.timedelta(minutes=minutes_ago),
        )

    waiting = application(Status.WAITING, minutes_ago=10)
    moved = application(Status.WAITING, moved_up=True, minutes_ago=5)
    submitted = application(Status.SUBMITTED, minutes_ago=20)
    other_group = PriorityCategory.objects.create(name="Statushouders", rank=30)
    other = ApplicationFactory(
        hub=hub, status=Status.WAITING, category=other_group, queue_rank=30, queued_at=now
    )
    coordinator = make_staff(Role.COORDINATOR)
    policy = DistributionPolicy.current()

    group.rank = 5
    services.save_policy(actor=coordinator, policy=policy, categories=[group])
    ranks = dict(Application.objects.values_list("pk", "queue_rank"))
    assert (ranks[waiting.pk], ranks[moved.pk], ranks[submitted.pk]) == (5, 40, 40)
    assert ranks[other.pk] == 30  # another group keeps its rank

    group.is_active = False
    services.save_policy(actor=coordinator, policy=policy, categories=[group])
    without_group = ApplicationFactory(hub=hub, status=Status.WAITING, queued_at=now)
    # An inactive group gives no priority: it queues with everyone else, by date.
    assert list(selectors.waiting_list(hub)) == [other, moved, waiting, without_group]
    assert Application.objects.get(pk=waiting.pk).queue_rank == without_group.queue_rank


def test_the_monthly_capacity_is_set_per_hub_by_its_own_staff(hub, staff, outsider):
    services.set_month_capacity(actor=staff, hub=hub, monthly=12)
    assert HubCapacity.objects.get(hub=hub).monthly == 12
    assert_audited("application.policy_changed", actor=staff, subject=hub, after={"monthly": 12})
    assert_refused(services.set_month_capacity, actor=outsider, hub=hub, monthly=99)
    assert HubCapacity.objects.get(hub=hub).monthly == 12


def test_reading_an_application_is_audited(client, hub, staff):
    application = ApplicationFactory(hub=hub)
    login_verified(client, staff)
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 200
    assert_audited("application.viewed", actor=staff, subject=application)


# -- refusals --------------------------------------------------------------------------------


def test_every_step_is_refused_to_another_cyberbank(hub, outsider):
    submitted = ApplicationFactory(hub=hub)
    waiting = ApplicationFactory(hub=hub, waiting=True)
    invited = ApplicationFactory(hub=hub, invited=True)
    scheduled = ApplicationFactory(hub=hub, scheduled=True)
    handed = ApplicationFactory(hub=hub, handed_out=True)
    device = DeviceFactory(hub=hub, ready=True)
    missing = Application.DoesNotExist
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert_refused(
        services.decide_eligibility,
        raises=missing,
        actor=outsider,
        application_id=submitted.pk,
        eligible=False,
        reason="x",
    )
    assert_refused(
        services.move_up,
        raises=missing,
        actor=outsider,
        application_id=waiting.pk,
        position=1,
        reason="x",
    )
    assert_refused(
        services.reserve,
        raises=missing,
        actor=outsider,
        application_id=waiting.pk,
        device_id=device.pk,
    )
    assert_refused(
        services.book_slot,
        raises=missing,
        actor=outsider,
        application_id=invited.pk,
        slot_id=pickup_slot(hub, days=3).pk,
    )
    assert_refused(
        services.record_no_show, raises=missing, actor=outsider, application_id=scheduled.pk
    )
    assert_refused(
        services.release_reservation,
        raises=missing,
        actor=outsider,
        application_id=invited.pk,
        reason="x",
    )
    assert_refused(
        services.hand_over,
        raises=missing,
        actor=outsider,
        application_id=invited.pk,
        signed_on="paper",
    )
    assert_refused(
        services.register_return,
        raises=missing,
        actor=outsider,
        application_id=handed.pk,
        condition="good",
    )
    assert_refused(
        services.report_lost, raises=missing, actor=outsider, application_id=handed.pk, reason="x"
    )
    assert_refused(
        services.add_internet, raises=missing, actor=outsider, application_id=waiting.pk, data={}
    )
    assert_refused(
        services.close, raises=missing, actor=outsider, application_id=waiting.pk, reason="x"
    )
    assert dict(Application.objects.values_list("pk", "status")) == statuses


def test_a_refusal_is_not_a_refused_step():
    """The views tell them apart: another cyberbank's application is 404, a step that cannot
    be taken is a message."""
    assert not issubclass(services.Refused, PermissionDenied | Application.DoesNotExist)


# -- anonymising -----------------------------------------------------------------------------


def test_the_household_rule_still_sees_the_pass_and_address_after_anonymising(hub, staff):
    """Through the real anonymise service: its keyed hashes must survive it."""
    earlier = ApplicationFactory(
        hub=hub, postcode="6211CN", house_number="12", first_name="Piet", returned=True
    )
    earlier_pass = f"{earlier.pk:010d}"  # the pass number the factory checked
    later = timezone.now() + datetime.timedelta(days=31 * 7)
    assert services.anonymise_expired(now=later) == 1
    earlier.refresh_from_db()
    assert (earlier.first_name, earlier.house_number, earlier.postcode) == ("", "", "6211")
    assert earlier.anonymised_at == later
    newcomer = ApplicationFactory(hub=hub, postcode="6211 cn", house_number="12", first_name="Els")
    found = selectors.possible_duplicates(newcomer, pass_hash(earlier_pass))
    assert [(d.application, d.reasons) for d in found] == [
        (earlier, ["zelfde pas", "zelfde adres"])
    ]
    assert services.anonymise_expired(now=later) == 0  # once
