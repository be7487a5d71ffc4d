"""Picking up, handing over and returning a device: slots, no-shows, deposits, signatures and
the cash count."""

from datetime import timedelta

import pytest
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.applications import selectors, services
from digiketen.applications.models import (
    Application,
    DistributionPolicy,
    PriorityCategory,
    Status,
)
from digiketen.applications.tests.test_services import VALID, decide
from digiketen.conftest import make_staff
from digiketen.core.models import AuditEvent
from digiketen.inventory.models import Device
from digiketen.tests.factories import ApplicationFactory, HubFactory


def test_slots_fill_up_and_the_monthly_capacity_holds(hub, invited, slot):
    one_place = slot(capacity=1)
    first, second = invited(), invited()
    services.book_slot(application_id=first.pk, slot_id=one_place.pk)
    with pytest.raises(services.Refused, match="vol"):
        services.book_slot(application_id=second.pk, slot_id=one_place.pk)
    assert one_place not in selectors.available_slots(hub)

    services.set_month_capacity(actor=make_staff(Role.SYSTEM_ADMIN), hub=hub, monthly=1)
    later = slot(days=2, hour=15)
    with pytest.raises(services.Refused, match="maand"):
        services.book_slot(application_id=second.pk, slot_id=later.pk)


def test_a_booked_slot_sends_a_confirmation_and_a_reminder_the_day_before(hub, invited, slot):
    application = invited()
    tomorrow = slot(days=1)
    services.book_slot(application_id=application.pk, slot_id=tomorrow.pk)
    assert services.send_pickup_reminders() == 1
    assert services.send_pickup_reminders() == 0  # only once
    kinds = list(application.notifications.values_list("kind", flat=True))
    assert kinds.count("reminder") == 1 and "scheduled" in kinds


def test_no_shows_reinvite_then_requeue_per_rule(hub, staff, invited, slot):
    application = invited()
    device = application.device
    for attempt in (1, 2):
        booked = slot(days=attempt, hour=10)
        services.book_slot(application_id=application.pk, slot_id=booked.pk)
        PickupSlot_in_past(booked)
        application = services.record_no_show(actor=staff, application_id=application.pk)
        if attempt == 1:
            assert application.status == Status.INVITED and application.device == device
    device.refresh_from_db()
    assert application.status == Status.WAITING
    assert application.device is None and device.state == "ready"
    assert application.no_shows == 2
    assert AuditEvent.objects.filter(action="application.no_show").count() == 2


def test_no_shows_close_the_application_when_the_rule_says_so(hub, staff, invited, slot):
    DistributionPolicy.objects.update_or_create(
        pk=DistributionPolicy.current().pk, defaults={"no_show_limit": 1, "no_show_action": "close"}
    )
    application = invited()
    booked = slot()
    services.book_slot(application_id=application.pk, slot_id=booked.pk)
    PickupSlot_in_past(booked)
    application = services.record_no_show(actor=staff, application_id=application.pk)
    assert application.status == Status.CLOSED
    assert application.notifications.filter(kind="closed").exists()


def PickupSlot_in_past(slot):
    from digiketen.applications.models import PickupSlot

    PickupSlot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() - timedelta(minutes=45),
    )


def test_handover_and_return_within_the_period_refund_the_deposit(hub, staff, invited):
    application = invited()
    handover = services.hand_over(
        actor=staff, application_id=application.pk, signed_on="paper", method="cash"
    )
    assert handover.deposit_cents == 2000 and handover.form == "loan"
    assert selectors.expected_cash(hub, timezone.localdate()) == 2000
    assert selectors.ledger_totals(hub).held == 2000
    services.register_return(
        actor=staff, application_id=application.pk, condition="good", method="cash"
    )
    device = Device.objects.get(pk=handover.device_id)
    assert device.state == "awaiting_erasure"
    # The device's history: back in the condition staff saw, then waiting to be wiped.
    assert list(device.transitions.order_by("-pk").values_list("to_state", "reason")[:2]) == [
        ("awaiting_erasure", ""),
        ("returned", "Teruggebracht, staat: Goed"),
    ]
    assert selectors.ledger_totals(hub).held == 0
    assert selectors.expected_cash(hub, timezone.localdate()) == 0


def test_a_return_after_the_period_forfeits_the_deposit(hub, staff, invited):
    application = invited()
    long_ago = timezone.now() - timedelta(days=365 * 3 + 2)
    services.hand_over(
        actor=staff, application_id=application.pk, signed_on="paper", method="card", now=long_ago
    )
    services.register_return(actor=staff, application_id=application.pk, condition="damaged")
    totals = selectors.ledger_totals(hub)
    assert (totals.paid, totals.refunded, totals.forfeited, totals.held) == (2000, 0, 2000, 0)


def test_signing_on_screen_needs_name_and_tick(hub, staff, invited):
    application = invited()
    with pytest.raises(services.Refused):
        services.hand_over(
            actor=staff,
            application_id=application.pk,
            signed_on="screen",
            signed_name="Anna",
            method="cash",
        )
    handover = services.hand_over(
        actor=staff,
        application_id=application.pk,
        signed_on="screen",
        signed_name="Anna Jansen",
        agreed=True,
        method="cash",
    )
    assert handover.signed_name == "Anna Jansen"


def test_cash_count_with_a_difference_needs_an_explanation(hub, staff, invited):
    services.hand_over(actor=staff, application_id=invited().pk, signed_on="paper", method="cash")
    today = timezone.localdate()
    # The whole sentence staff read, as it stands.
    with pytest.raises(
        services.Refused, match=r"^Het getelde bedrag wijkt af\. Schrijf op waardoor\.$"
    ):
        services.record_cash_count(actor=staff, hub=hub, business_date=today, counted_cents=1500)
    count = services.record_cash_count(
        actor=staff, hub=hub, business_date=today, counted_cents=1500, note="Wisselgeld"
    )
    assert count.difference_cents == -500


def test_the_deposit_is_refunded_up_to_and_including_the_date_on_the_agreement(hub, staff, invited):
    application = invited()
    handed = timezone.make_aware(timezone.datetime(2024, 2, 29, 9, 0))
    handover = services.hand_over(
        actor=staff, application_id=application.pk, signed_on="paper", method="cash", now=handed
    )
    assert handover.refund_until == timezone.datetime(2027, 2, 28).date()
    late_on_the_last_day = timezone.make_aware(timezone.datetime(2027, 2, 28, 17, 0))
    assert services.refund_due(handover, late_on_the_last_day)
    assert not services.refund_due(handover, late_on_the_last_day + timedelta(days=1))
    # A later change of the rules does not change a signed agreement.
    DistributionPolicy.objects.filter(pk=DistributionPolicy.current().pk).update(refund_years=1)
    services.register_return(
        actor=staff,
        application_id=application.pk,
        condition="good",
        method="cash",
        now=late_on_the_last_day,
    )
    assert selectors.ledger_totals(hub).refunded == 2000


def test_an_unanswered_invitation_expires_and_counts_as_not_coming(hub, staff, invited):
    application = invited(contact_by="sms", phone="0612345678", email="")
    device = application.device
    later = timezone.now() + timedelta(days=15)
    assert services.expire_invitations(now=later) == 1
    application.refresh_from_db()
    assert application.no_shows == 1 and application.status == Status.INVITED
    assert "geen tijd gekozen" in application.notifications.get(kind="missed").body
    assert services.expire_invitations(now=later + timedelta(days=15)) == 1
    application.refresh_from_db()
    device.refresh_from_db()
    assert application.status == Status.WAITING and device.state == "ready"
    assert application.notifications.filter(kind="requeued").exists()


def test_a_lost_device_forfeits_the_deposit_and_closes_the_application(hub, staff, invited):
    application = invited()
    device = application.device
    services.hand_over(actor=staff, application_id=application.pk, signed_on="paper", method="cash")
    services.report_lost(actor=staff, application_id=application.pk, reason="Gestolen uit auto")
    device.refresh_from_db()
    application.refresh_from_db()
    assert device.state == "lost" and application.status == Status.CLOSED
    totals = selectors.ledger_totals(hub)
    assert (totals.forfeited, totals.held) == (2000, 0)


def test_a_slot_is_locked_per_month_but_a_booked_resident_may_move(hub, invited, slot):
    services.set_month_capacity(actor=make_staff(Role.SYSTEM_ADMIN), hub=hub, monthly=1)
    application = invited()
    first, second = slot(days=2, hour=10), slot(days=2, hour=11)
    services.book_slot(application_id=application.pk, slot_id=first.pk)
    assert second in selectors.available_slots(hub, application=application)
    assert second not in selectors.available_slots(hub)
    services.book_slot(application_id=application.pk, slot_id=second.pk)
    application.refresh_from_db()
    assert application.slot == second


def test_after_missing_the_pickup_a_moved_up_resident_queues_at_the_end_of_their_group(
    hub, staff, waiting, ready_device, slot
):
    DistributionPolicy.objects.filter(pk=DistributionPolicy.current().pk).update(no_show_limit=1)
    school = PriorityCategory.objects.get(signal="school_children")
    child = ApplicationFactory(hub=hub, school_children=1)
    decide(staff, child, pass_number="5555555555", category=school, household_note="x", **VALID)
    waited_long, moved = waiting(), waiting()
    services.move_up(actor=staff, application_id=moved.pk, position=1, reason="Spoed")
    services.reserve(actor=staff, application_id=moved.pk, device_id=ready_device().pk)
    booked = slot()
    services.book_slot(application_id=moved.pk, slot_id=booked.pk)
    PickupSlot_in_past(booked)
    services.record_no_show(actor=staff, application_id=moved.pk)
    assert [x.pk for x in selectors.waiting_list(hub)] == [child.pk, waited_long.pk, moved.pk]


def test_the_deposit_named_in_the_invitation_is_the_one_paid(hub, staff, invited):
    application = invited()
    assert "€ 20,00" in application.notifications.get(kind="invited").body
    DistributionPolicy.objects.filter(pk=DistributionPolicy.current().pk).update(deposit_cents=2500)
    handover = services.hand_over(
        actor=staff, application_id=application.pk, signed_on="paper", method="cash"
    )
    assert handover.deposit_cents == 2000
    assert selectors.ledger_totals(hub).paid == 2000


def test_pickup_times_are_made_only_while_the_hub_is_open(hub, staff):
    from digiketen.organisations.models import OpeningHours

    OpeningHours.objects.create(location=hub, weekday=1, opens="10:00", closes="12:00")
    tuesday = timezone.localdate() + timedelta(days=(1 - timezone.localdate().weekday()) % 7 + 7)
    created, closed = services.create_slots(
        actor=staff, hub=hub, day=tuesday, first="11:00", last="13:00", minutes=30, capacity=1
    )
    assert [timezone.localtime(s.starts_at).strftime("%H:%M") for s in created] == [
        "11:00",
        "11:30",
    ]
    assert closed == 2
    created, closed = services.create_slots(
        actor=staff,
        hub=hub,
        day=tuesday + timedelta(days=1),
        first="10:00",
        last="11:00",
        minutes=30,
        capacity=1,
    )
    assert (created, closed) == ([], 2)  # closed on Wednesdays


def test_only_times_at_the_same_hub_on_the_same_day_are_skipped(hub, staff):
    other = HubFactory(organisation=hub.organisation)
    day = timezone.localdate() + timedelta(days=3)
    times = {"first": "13:00", "last": "14:00", "minutes": 30, "capacity": 1}
    made_elsewhere, _ = services.create_slots(actor=staff, hub=other, day=day, **times)
    made_next_day, _ = services.create_slots(
        actor=staff, hub=hub, day=day + timedelta(days=1), **times
    )
    made_here, _ = services.create_slots(actor=staff, hub=hub, day=day, **times)
    assert (len(made_elsewhere), len(made_next_day), len(made_here)) == (2, 2, 2)
    assert [slot.starts_at for slot in made_here] == [slot.starts_at for slot in made_elsewhere]


def test_reminder_runs_that_overlap_remind_each_resident_once(hub, invited, slot, monkeypatch):
    """A second scheduler run that read the list of due reminders before the first one sent
    them: it skips whoever was reminded meanwhile and still reminds whoever was not. A
    resident who asked for letters gets none (it would not arrive before tomorrow)."""
    tomorrow = slot(days=1, capacity=4)
    by_letter, first, second = invited(contact_by="letter"), invited(), invited()
    for application in (by_letter, first, second):
        services.book_slot(application_id=application.pk, slot_id=tomorrow.pk)
    stale = list(selectors.due_reminders(timezone.localdate() + timedelta(days=1)))
    assert services.send_pickup_reminders() == 2
    late = invited()
    services.book_slot(application_id=late.pk, slot_id=tomorrow.pk)
    # The second run works from what it read before the first run sent anything.
    ids = [a.pk for a in stale] + [late.pk]
    monkeypatch.setattr(
        selectors,
        "due_reminders",
        lambda day: Application.objects.filter(pk__in=ids).order_by("pk"),
    )
    assert services.send_pickup_reminders() == 1
    reminders = {
        application.pk: application.notifications.filter(kind="reminder").count()
        for application in (by_letter, first, second, late)
    }
    assert reminders == {by_letter.pk: 0, first.pk: 1, second.pk: 1, late.pk: 1}
