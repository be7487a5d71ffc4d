"""What a decision, a missed pickup, a loss and the anonymisation leave behind for staff and
residents: who is named, which reason is shown, which personal data is gone. Written to kill
mutants that survived (docs/mutation-report.md)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from digiketen.applications import selectors, services
from digiketen.applications.models import (
    DepositEntry,
    DeviceHandover,
    DistributionPolicy,
    PriorityCategory,
    Status,
)
from digiketen.inventory.models import DeviceTransition
from digiketen.tests.factories import ApplicationFactory

from .test_pickup_and_handover import PickupSlot_in_past

pytestmark = pytest.mark.django_db


def device_steps(device) -> list[tuple[str, object, str]]:
    return list(
        DeviceTransition.objects.filter(device=device)
        .order_by("pk")
        .values_list("to_state", "actor", "reason")
    )


def test_the_decision_keeps_the_group_and_who_checked(hub, staff):
    school = PriorityCategory.objects.get(signal="school_children")
    application = ApplicationFactory(hub=hub, school_children=2)
    services.decide_eligibility(
        actor=staff,
        application_id=application.pk,
        eligible=True,
        route="pass",
        pass_number="1234567890",
        pass_valid_until=timezone.localdate() + timedelta(days=30),
        category=school,
        household_note="x",
    )
    application.refresh_from_db()
    assert (application.category, application.checked_by) == (school, staff)


def test_a_device_taken_by_someone_else_is_refused_in_full(hub, staff, waiting, ready_device):
    device = ready_device()
    services.reserve(actor=staff, application_id=waiting().pk, device_id=device.pk)
    with pytest.raises(services.Refused) as refused:
        services.reserve(actor=staff, application_id=waiting().pk, device_id=device.pk)
    assert str(refused.value) == "Dit apparaat is niet meer vrij. Kies een ander apparaat."


def test_closing_frees_the_device_in_the_name_of_who_closed(hub, staff, invited):
    application = invited()
    device = application.device
    with pytest.raises(services.Refused) as refused:
        services.close(actor=staff, application_id=application.pk, reason=" ")
    assert str(refused.value) == "Schrijf op waarom de aanvraag stopt."
    services.close(actor=staff, application_id=application.pk, reason="Verhuisd")
    to_state, actor, _reason = device_steps(device)[-1]
    assert (to_state, actor) == ("ready", staff.pk)
    assert "Verhuisd" in application.notifications.get(kind="closed").body


def test_two_closed_invitations_leave_no_link_behind(hub, staff, invited):
    for reason in ("Verhuisd", "Ziet ervan af"):
        application = invited()
        services.close(actor=staff, application_id=application.pk, reason=reason)
        application.refresh_from_db()
        assert application.invitation_token is None


def test_too_many_misses_close_with_the_reason_others_requeue_without(hub, staff, invited, slot):
    policy = DistributionPolicy.current()
    DistributionPolicy.objects.filter(pk=policy.pk).update(no_show_limit=1, no_show_action="close")
    closed = invited()
    device = closed.device
    booked = slot()
    services.book_slot(application_id=closed.pk, slot_id=booked.pk)
    PickupSlot_in_past(booked)
    closed = services.record_no_show(actor=staff, application_id=closed.pk)
    assert (closed.status, closed.decision_reason) == (Status.CLOSED, "Te vaak niet gekomen.")
    assert device_steps(device)[-1][:2] == ("ready", staff.pk)

    DistributionPolicy.objects.filter(pk=policy.pk).update(no_show_action="requeue")
    requeued = invited()
    booked = slot(hour=10)
    services.book_slot(application_id=requeued.pk, slot_id=booked.pk)
    PickupSlot_in_past(booked)
    requeued = services.record_no_show(actor=staff, application_id=requeued.pk)
    assert (requeued.status, requeued.decision_reason) == (Status.WAITING, "")


def test_a_returned_device_goes_to_erasure_without_a_made_up_reason(hub, staff, invited):
    application = invited()
    device = application.device
    services.hand_over(actor=staff, application_id=application.pk, signed_on="paper", method="cash")
    with pytest.raises(services.Refused) as refused:
        services.register_return(
            actor=staff, application_id=application.pk, condition="Scherm gebarsten", method="cash"
        )
    assert str(refused.value) == "Kies in welke staat het apparaat terugkomt."
    services.register_return(
        actor=staff, application_id=application.pk, condition="damaged", method="cash"
    )
    assert device_steps(device)[-2:] == [
        ("returned", staff.pk, "Teruggebracht, staat: Beschadigd"),
        ("awaiting_erasure", staff.pk, ""),
    ]


def test_the_forfeited_deposit_of_a_lost_device_names_who_reported_it(hub, staff, invited):
    application = invited()
    device = application.device
    services.hand_over(actor=staff, application_id=application.pk, signed_on="paper", method="cash")
    with pytest.raises(services.Refused) as refused:
        services.report_lost(actor=staff, application_id=application.pk, reason="")
    assert str(refused.value) == "Schrijf op wat er is gebeurd."
    services.report_lost(actor=staff, application_id=application.pk, reason="Gestolen")
    forfeited = DepositEntry.objects.get(kind="forfeited")
    assert (forfeited.actor, forfeited.amount_cents) == (staff, 2000)
    assert device_steps(device)[-1][:2] == ("lost", staff.pk)


def test_anonymising_clears_the_signature_notes_and_reasons_of_each(hub, staff, invited):
    loans = []
    for name in ("Anna Jansen", "Bram de Vries"):
        application = invited(household_note="Zelfde adres, ander gezin")
        services.hand_over(
            actor=staff,
            application_id=application.pk,
            signed_on="screen",
            signed_name=name,
            agreed=True,
            method="cash",
        )
        services.register_return(
            actor=staff,
            application_id=application.pk,
            condition="good",
            notes="Lader kwijt",
            method="cash",
        )
        loans.append(application)
    later = timezone.now() + timedelta(days=31 * 7)
    assert services.anonymise_expired(now=later) == 2
    for application in loans:
        application.refresh_from_db()
        assert (application.household_note, application.decision_reason) == ("", "")
    assert set(DeviceHandover.objects.values_list("signed_name", "return_notes")) == {("", "")}


def test_after_a_missed_pickup_a_priority_group_stays_ahead(
    hub, staff, waiting, ready_device, slot
):
    DistributionPolicy.objects.filter(pk=DistributionPolicy.current().pk).update(no_show_limit=1)
    school = PriorityCategory.objects.get(signal="school_children")
    plain = waiting()
    child = ApplicationFactory(hub=hub, school_children=1)
    services.decide_eligibility(
        actor=staff,
        application_id=child.pk,
        eligible=True,
        route="pass",
        pass_number="5555555555",
        pass_valid_until=timezone.localdate() + timedelta(days=30),
        category=school,
        household_note="x",
    )
    services.reserve(actor=staff, application_id=child.pk, device_id=ready_device().pk)
    booked = slot()
    services.book_slot(application_id=child.pk, slot_id=booked.pk)
    PickupSlot_in_past(booked)
    services.record_no_show(actor=staff, application_id=child.pk)
    assert [a.pk for a in selectors.waiting_list(hub)] == [child.pk, plain.pk]
