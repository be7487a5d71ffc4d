from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.applications import notifications, selectors, services
from digiketen.applications.fingerprints import pass_hash
from digiketen.applications.models import (
    Application,
    Delivery,
    DistributionPolicy,
    Notification,
    PriorityCategory,
    Status,
)
from digiketen.conftest import make_staff
from digiketen.core.models import AuditEvent
from digiketen.inventory.models import Device
from digiketen.tests.factories import ApplicationFactory, LocationFactory

VALID = {"pass_valid_until": timezone.localdate() + timedelta(days=30)}


def decide(staff, application, **kwargs):
    return services.decide_eligibility(
        actor=staff, application_id=application.pk, eligible=True, route="pass", **kwargs
    )


def test_submitting_creates_a_reference_and_confirms_by_email(
    hub, django_capture_on_commit_callbacks
):
    from digiketen.applications.forms.applying import application_data

    with django_capture_on_commit_callbacks(execute=True):
        application = services.submit_application(
            data=application_data(
                {
                    "wants": "both",
                    "purposes": ["school"],
                    "large_screen": False,
                    "household_size": 3,
                    "school_children": 2,
                    "alone_75": False,
                    "first_name": "Fatima",
                    "last_name": "El Amrani",
                    "postcode": "6211CN",
                    "house_number": "12",
                    "street": "",
                    "city": "",
                    "hub": hub,
                    "contact_by": "email",
                    "email": "fatima@example.org",
                    "phone": "",
                    "route": "pass",
                    "referred_by": None,
                    "consent": True,
                }
            ),
            channel="online",
            language="nl",
        )
    assert application.reference.startswith("AV-") and len(application.reference) == 9
    assert application.wants_device and application.wants_internet
    assert application.organisation == hub.organisation
    assert mail.outbox[0].to == ["fatima@example.org"]
    assert application.reference in mail.outbox[0].body
    assert application.notifications.get().delivery == Delivery.SENT


def test_no_model_has_a_bsn_field_and_the_pass_number_is_never_stored(hub, staff):
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.get_fields():
            assert "bsn" not in field.name.lower(), f"{model.__name__}.{field.name}"
    application = ApplicationFactory(hub=hub)
    decide(staff, application, pass_number="1234 567 890", **VALID)
    application.refresh_from_db()
    stored = " ".join(
        str(getattr(application, f.attname)) for f in Application._meta.concrete_fields
    )
    assert "1234567890" not in stored and "1234 567 890" not in stored
    assert len(application.pass_hash) == 64
    assert not AuditEvent.objects.filter(after__icontains="1234567890").exists()


def test_an_expired_or_malformed_pass_is_refused(hub, staff):
    application = ApplicationFactory(hub=hub)
    with pytest.raises(services.Refused, match="verlopen"):
        decide(
            staff,
            application,
            pass_number="1234567890",
            pass_valid_until=timezone.localdate() - timedelta(days=1),
        )
    with pytest.raises(services.Refused, match="goede vorm"):
        decide(staff, application, pass_number="12AB", **VALID)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_the_household_rule_shows_likely_duplicates_and_needs_a_reason(hub, staff):
    earlier = ApplicationFactory(
        hub=hub, postcode="6211CN", house_number="12", first_name="Piet", last_name="Smit"
    )
    decide(staff, earlier, pass_number="1111111111", **VALID)
    same_address = ApplicationFactory(
        hub=hub, postcode="6211CN", house_number="12", first_name="Els", last_name="Vos"
    )
    similar_name = ApplicationFactory(
        hub=hub, postcode="6211XX", house_number="3", first_name="Piet", last_name="Smits"
    )
    other = ApplicationFactory(
        hub=hub, postcode="6222AA", house_number="9", first_name="Jan", last_name="Bos"
    )

    assert [d.reasons for d in selectors.possible_duplicates(same_address)] == [["zelfde adres"]]
    assert [d.reasons for d in selectors.possible_duplicates(similar_name)] == [["lijkende naam"]]
    assert selectors.possible_duplicates(other) == []
    # The same pass at another address is found through the keyed hash.
    same_pass = selectors.possible_duplicates(other, pass_hash("1111 111 111"))
    assert [d.application for d in same_pass] == [earlier]

    with pytest.raises(services.Refused, match="huishouden"):
        decide(staff, same_address, pass_number="2222222222", **VALID)
    decide(
        staff,
        same_address,
        pass_number="2222222222",
        household_note="Uit elkaar, twee huishoudens",
        **VALID,
    )
    event = AuditEvent.objects.get(
        action="application.eligibility_decided", object_id=str(same_address.pk)
    )
    assert event.after["household_note"] == "Uit elkaar, twee huishoudens"


def test_the_household_rule_forgets_applications_older_than_the_configured_years(hub, staff):
    old = ApplicationFactory(hub=hub, postcode="6211CN", house_number="12")
    Application.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=365 * 4)
    )
    new = ApplicationFactory(hub=hub, postcode="6211CN", house_number="12")
    assert selectors.possible_duplicates(new) == []


def test_rejecting_needs_a_reason_and_tells_the_resident(hub, staff):
    application = ApplicationFactory(hub=hub)
    with pytest.raises(services.Refused):
        services.decide_eligibility(actor=staff, application_id=application.pk, eligible=False)
    services.decide_eligibility(
        actor=staff, application_id=application.pk, eligible=False, reason="Inkomen te hoog"
    )
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert "Inkomen te hoog" in application.notifications.get(kind="rejected").body


def test_priority_groups_go_first_then_first_come_first_served(hub, staff, waiting):
    school = PriorityCategory.objects.get(signal="school_children")  # a shipped default
    plain_first = waiting()
    child = ApplicationFactory(hub=hub, school_children=2)
    assert services.suggested_category(child) == school
    decide(staff, child, pass_number="3333333333", category=school, household_note="x", **VALID)
    plain_second = waiting()
    assert list(selectors.waiting_list(hub)) == [
        Application.objects.get(pk=child.pk),
        plain_first,
        plain_second,
    ]
    assert selectors.queue_position(plain_second) == (3, 3)


def test_moving_up_needs_a_reason_and_is_audited(hub, staff, waiting):
    first, second, third = waiting(), waiting(), waiting()
    with pytest.raises(services.Refused, match="waarom"):
        services.move_up(actor=staff, application_id=third.pk, position=1, reason=" ")
    services.move_up(
        actor=staff, application_id=third.pk, position=1, reason="Sollicitatie volgende week"
    )
    assert list(selectors.waiting_list(hub)) == [
        Application.objects.get(pk=third.pk),
        first,
        second,
    ]
    event = AuditEvent.objects.get(action="application.moved_up")
    assert event.before == {"position": 3}
    assert event.after == {"position": 1, "reason": "Sollicitatie volgende week"}


def test_suggested_devices_follow_the_need(hub, waiting, ready_device):
    good = ready_device(has_webcam=True, ram_mb=8192)
    no_camera = ready_device(has_webcam=False, ram_mb=16384)
    small_memory = ready_device(has_webcam=True, ram_mb=4096)
    application = waiting(purposes=["school"])
    matching, others = selectors.ready_devices(application)
    assert matching == [good]
    assert set(others) == {no_camera, small_memory}
    assert selectors.describe(selectors.requirement(application)) == [
        "webcam",
        "minstens 8 GB geheugen",
    ]


def test_reserving_invites_and_a_device_cannot_be_reserved_twice(hub, staff, waiting, ready_device):
    device = ready_device()
    first, second = waiting(contact_by="sms", phone="0612345678", email=""), waiting()
    application = services.reserve(actor=staff, application_id=first.pk, device_id=device.pk)
    assert application.status == Status.INVITED
    device.refresh_from_db()
    assert device.state == "reserved"
    invitation = application.notifications.get(kind="invited")
    assert invitation.channel == "sms" and "/ophalen/" in invitation.body
    with pytest.raises(services.Refused, match="niet meer vrij"):
        services.reserve(
            actor=staff, application_id=second.pk, device_id=device.pk, reason="Past beter"
        )
    second.refresh_from_db()
    assert second.status == Status.WAITING and second.device is None


def test_a_device_at_another_hub_cannot_be_reserved(hub, staff, waiting):
    elsewhere = LocationFactory(organisation=hub.organisation)
    device = Device.objects.create(
        asset_tag="DK-777777",
        organisation=hub.organisation,
        hub=elsewhere,
        type="laptop",
        state="ready",
    )
    with pytest.raises(services.Refused, match="ander uitgiftepunt"):
        services.reserve(actor=staff, application_id=waiting().pk, device_id=device.pk)


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
    with pytest.raises(services.Refused, match="wijkt af"):
        services.record_cash_count(actor=staff, hub=hub, business_date=today, counted_cents=1500)
    count = services.record_cash_count(
        actor=staff, hub=hub, business_date=today, counted_cents=1500, note="Wisselgeld"
    )
    assert count.difference_cents == -500


def test_internet_needs_an_eligible_application_and_staff_are_reminded(hub, staff, waiting):
    staff.email = "balie@example.org"
    staff.save()
    submitted = ApplicationFactory(hub=hub, wants_internet=True)
    data = {
        "provider": "Ziggo",
        "product": "Sociaal internet",
        "starts_on": timezone.localdate() - timedelta(days=300),
        "ends_on": timezone.localdate() + timedelta(days=20),
        "monthly_cost_cents": 1000,
        "paid_by": "municipality",
    }
    with pytest.raises(services.Refused, match="status 'Ontvangen'"):
        services.add_internet(actor=staff, application_id=submitted.pk, data=data)
    application = waiting(wants_internet=True)
    services.add_internet(actor=staff, application_id=application.pk, data=data)
    assert services.remind_internet_endings() == 1
    assert services.remind_internet_endings() == 0
    assert mail.outbox[-1].to == ["balie@example.org"]
    assert application.reference in mail.outbox[-1].body


def test_letters_and_calls_become_tasks_for_staff(hub, staff):
    letter = ApplicationFactory(
        hub=hub, contact_by="letter", street="Markt", city="Maastricht", email=""
    )
    notification = notifications.notify(letter, "received")
    assert notification.delivery == Delivery.TO_DO
    assert list(selectors.staff_tasks(user=staff)) == [notification]
    notifications.mark_done(actor=staff, notification_id=notification.pk)
    assert list(selectors.staff_tasks(user=staff)) == []


def test_a_failed_sms_is_retried_and_then_marked_failed(hub, monkeypatch):
    from digiketen.core import sms

    application = ApplicationFactory(hub=hub, contact_by="sms", phone="0612345678", email="")
    notification = Notification.objects.create(
        application=application,
        kind="received",
        channel="sms",
        subject="s",
        body="b",
        delivery="pending",
    )

    def broken(**kwargs):
        raise sms.SMSError("gateway down")

    monkeypatch.setattr(sms, "send_sms", broken)
    notifications.deliver(notification.pk)
    notification.refresh_from_db()
    assert (notification.delivery, notification.attempts, notification.last_error) == (
        "pending",
        1,
        "gateway down",
    )
    assert notification.next_attempt_at > timezone.now()
    notifications.deliver(notification.pk)  # not due yet: nothing happens
    notification.refresh_from_db()
    assert notification.attempts == 1
    for hours in range(1, notifications.MAX_ATTEMPTS):
        notifications.deliver(notification.pk, now=timezone.now() + timedelta(days=hours))
    notification.refresh_from_db()
    assert notification.delivery == Delivery.FAILED
    assert notification.attempts == notifications.MAX_ATTEMPTS

    monkeypatch.undo()
    other = ApplicationFactory(hub=hub, contact_by="sms", phone="0687654321", email="")
    retry = Notification.objects.create(
        application=other,
        kind="received",
        channel="sms",
        subject="s",
        body="hallo",
        delivery="pending",
        next_attempt_at=timezone.now() - timedelta(minutes=1),
    )
    assert notifications.retry_due() == 1
    retry.refresh_from_db()
    assert retry.delivery == Delivery.SENT
    assert sms.outbox == [("+31687654321", "hallo")]


def test_one_number_gets_at_most_a_few_text_messages_a_day(hub, empty_sms_outbox):
    application = ApplicationFactory(hub=hub, contact_by="sms", phone="0611111111", email="")
    sent = [notifications.notify(application, "received") for _n in range(6)]
    for notification in sent:
        notifications.deliver(notification.pk)
    assert len(empty_sms_outbox) == notifications.SMS_PER_DAY
    sent[-1].refresh_from_db()
    assert "today" in sent[-1].last_error


def test_messages_are_written_in_the_residents_language(hub):
    application = ApplicationFactory(hub=hub, language="en")
    subject, body = notifications.render(application, "received")
    assert subject == "We have received your application"
    assert "application code" in body


def test_closing_frees_a_reserved_device(hub, staff, invited):
    application = invited()
    device = application.device
    services.close(actor=staff, application_id=application.pk, reason="Verhuisd")
    application.refresh_from_db()
    device.refresh_from_db()
    assert application.status == Status.CLOSED and application.device is None
    assert device.state == "ready"


def test_finished_applications_are_made_anonymous_after_the_retention_period(hub, staff, invited):
    rejected = ApplicationFactory(hub=hub, first_name="Karin", phone="0612345678")
    services.decide_eligibility(
        actor=staff, application_id=rejected.pk, eligible=False, reason="Geen pas"
    )
    on_loan = invited()
    services.hand_over(actor=staff, application_id=on_loan.pk, signed_on="paper", method="cash")
    assert services.anonymise_expired() == 0  # not yet
    later = timezone.now() + timedelta(days=31 * 7)
    assert services.anonymise_expired(now=later) == 1  # the loan is still running
    rejected.refresh_from_db()
    assert (rejected.first_name, rejected.phone, rejected.postcode) == (
        "",
        "",
        rejected.postcode[:4],
    )
    assert len(rejected.postcode) == 4 and rejected.anonymised_at == later
    on_loan.refresh_from_db()
    assert on_loan.first_name == "Anna"
    services.register_return(
        actor=staff, application_id=on_loan.pk, condition="good", method="cash"
    )
    assert services.anonymise_expired(now=timezone.now() + timedelta(days=31 * 7)) == 1


def test_moving_up_twice_puts_each_exactly_where_asked(hub, staff, waiting):
    a, b, c, d = waiting(), waiting(), waiting(), waiting()
    services.move_up(actor=staff, application_id=d.pk, position=2, reason="Ziekenhuis")
    services.move_up(actor=staff, application_id=c.pk, position=3, reason="Sollicitatie")
    assert [x.pk for x in selectors.waiting_list(hub)] == [a.pk, d.pk, c.pk, b.pk]


def test_saving_the_rules_keeps_a_place_given_by_hand(hub, staff, waiting):
    school = PriorityCategory.objects.get(signal="school_children")
    first = waiting()
    child = ApplicationFactory(hub=hub, school_children=1)
    decide(staff, child, pass_number="4444444444", category=school, household_note="x", **VALID)
    moved = waiting()
    services.move_up(actor=staff, application_id=moved.pk, position=1, reason="Spoed")
    school.name = "Gezinnen met kinderen"
    services.save_policy(
        actor=make_staff(Role.COORDINATOR), policy=DistributionPolicy.current(), categories=[school]
    )
    assert [x.pk for x in selectors.waiting_list(hub)] == [moved.pk, child.pk, first.pk]


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


def test_a_released_reservation_keeps_the_place_in_the_queue(hub, staff, waiting, invited):
    application = invited()
    later = waiting()
    device = application.device
    services.release_reservation(actor=staff, application_id=application.pk, reason="Scherm kapot")
    device.refresh_from_db()
    assert device.state == "ready"
    assert [x.pk for x in selectors.waiting_list(hub)] == [application.pk, later.pk]
    assert "Scherm kapot" not in application.notifications.get(kind="released").body


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


def test_another_organisations_duplicate_shows_without_its_code(hub, staff):
    from digiketen.applications.tests.conftest import handout_hub

    elsewhere = ApplicationFactory(hub=handout_hub(), postcode="6211CN", house_number="12")
    mine = ApplicationFactory(hub=hub, postcode="6211CN", house_number="12")
    [duplicate] = selectors.possible_duplicates(mine, user=staff)
    assert duplicate.application == elsewhere and not duplicate.visible


def test_the_household_rule_still_sees_an_address_after_anonymisation(hub, staff):
    earlier = ApplicationFactory(hub=hub, postcode="6211CN", house_number="12")
    services.decide_eligibility(actor=staff, application_id=earlier.pk, eligible=False, reason="x")
    Application.objects.filter(pk=earlier.pk).update(status="returned")
    Application.objects.filter(pk=earlier.pk).update(
        first_name="", last_name="", house_number="", postcode="6211", anonymised_at=timezone.now()
    )
    again = ApplicationFactory(hub=hub, postcode="6211 CN", house_number="12")
    assert [d.reasons for d in selectors.possible_duplicates(again)] == [["zelfde adres"]]


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


def test_the_daily_command_runs_every_job(hub, invited, slot):
    from io import StringIO

    from django.core.management import call_command

    application = invited()
    services.book_slot(application_id=application.pk, slot_id=slot(days=1).pk)
    out = StringIO()
    call_command("cyberbank_daily", stdout=out)
    assert "1 pickup reminder(s)." in out.getvalue()
    assert "application(s) made anonymous." in out.getvalue()


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


def test_passing_someone_on_the_waiting_list_needs_a_reason(hub, staff, waiting, ready_device):
    first, second = waiting(), waiting()
    device = ready_device()
    with pytest.raises(services.Refused, match="plaats 2"):
        services.reserve(actor=staff, application_id=second.pk, device_id=device.pk)
    services.reserve(
        actor=staff, application_id=second.pk, device_id=device.pk, reason="Heeft webcam nodig"
    )
    event = AuditEvent.objects.get(action="application.device_reserved")
    assert event.after["place"] == 2 and event.after["reason"] == "Heeft webcam nodig"
    first.refresh_from_db()
    assert first.status == Status.WAITING


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
