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

    same_household = (
        r"^Er lijkt al een apparaat in dit huishouden te zijn\. Schrijf op waarom u toch toekent\.$"
    )
    with pytest.raises(services.Refused, match=same_household):
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


def test_internet_needs_an_eligible_application_and_staff_are_reminded(
    hub, staff, waiting, django_capture_on_commit_callbacks
):
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
    with django_capture_on_commit_callbacks(execute=True):  # mails leave after commit
        assert services.remind_internet_endings() == 1
        assert services.remind_internet_endings() == 0
    assert mail.outbox[-1].to == ["balie@example.org"]
    assert application.reference in mail.outbox[-1].body


def test_letters_and_calls_become_tasks_for_staff(hub, staff):
    from digiketen.core import outbox
    from digiketen.core import selectors as core_selectors

    letter = ApplicationFactory(
        hub=hub, contact_by="letter", street="Markt", house_number="1", city="Maastricht", email=""
    )
    notification = notifications.notify(letter, "received")
    assert notification.delivery == Delivery.TO_DO
    assert notification.organisation == hub.organisation
    assert notification.recipient == f"Markt 1\n{letter.postcode} Maastricht"
    assert notification.recipient_name == letter.full_name
    assert hub.name in notification.sender
    assert list(core_selectors.to_do(user=staff)) == [notification]
    outbox.mark_done(actor=staff, message_id=notification.pk)
    assert list(core_selectors.to_do(user=staff)) == []
    assert AuditEvent.objects.filter(action="message.done").count() == 1


def test_a_letter_with_an_invitation_carries_its_link_for_the_qr_code(hub):
    application = ApplicationFactory(
        hub=hub, contact_by="letter", invitation_token="t" * 40, street="Markt", email=""
    )
    invited = notifications.notify(application, "invited")
    assert invited.link == notifications.invitation_url(application)
    assert notifications.notify(application, "received").link == ""


def test_an_application_sms_goes_through_the_outbox(
    hub, empty_sms_outbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(hub=hub, contact_by="sms", phone="06-87654321", email="")
    with django_capture_on_commit_callbacks(execute=True):
        message = notifications.notify(application, "received")
    message.refresh_from_db()
    assert message.delivery == Delivery.SENT
    assert empty_sms_outbox == [("+31687654321", message.body)]
    assert list(application.notifications.all()) == [message]


def test_one_number_gets_at_most_a_few_text_messages_a_day(hub, empty_sms_outbox):
    from digiketen.core import outbox

    application = ApplicationFactory(hub=hub, contact_by="sms", phone="0611111111", email="")
    sent = [notifications.notify(application, "received") for _n in range(6)]
    for notification in sent:
        outbox.deliver(notification.pk)
    assert len(empty_sms_outbox) == outbox.DAILY_CAP["sms"]
    sent[-1].refresh_from_db()
    assert sent[-1].delivery == Delivery.FAILED
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
    # The messages to the resident lose their address and text too (core's outbox forgets).
    assert rejected.notifications.exists()
    assert set(rejected.notifications.values_list("recipient", "recipient_name", "body")) == {
        ("", "", "")
    }
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


def test_a_released_reservation_keeps_the_place_in_the_queue(hub, staff, waiting, invited):
    application = invited()
    later = waiting()
    device = application.device
    services.release_reservation(actor=staff, application_id=application.pk, reason="Scherm kapot")
    device.refresh_from_db()
    assert device.state == "ready"
    assert [x.pk for x in selectors.waiting_list(hub)] == [application.pk, later.pk]
    assert "Scherm kapot" not in application.notifications.get(kind="released").body


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


def test_the_daily_command_runs_every_job(hub, invited, slot):
    from io import StringIO

    from django.core.management import call_command

    application = invited()
    services.book_slot(application_id=application.pk, slot_id=slot(days=1).pk)
    out = StringIO()
    call_command("cyberbank_daily", stdout=out)
    assert "1 pickup reminder(s)." in out.getvalue()
    assert "application(s) made anonymous." in out.getvalue()


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
