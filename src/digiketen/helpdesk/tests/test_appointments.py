"""Follow-up appointments at the help point: booking, confirmation, reminders, forgetting, and
who may see them."""

from datetime import timedelta
from io import StringIO

import pytest
from django.urls import reverse
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.conftest import login_verified, make_staff
from digiketen.helpdesk import selectors, services
from digiketen.tests.audit import assert_audited
from digiketen.tests.factories import OrganisationFactory


def test_a_follow_up_appointment_is_booked_confirmed_reminded_and_forgotten(
    client, library, helper, visit, mailoutbox, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from digiketen.helpdesk.models import Appointment

    contact = visit(follow_up=True)
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert (
        services.create_slots(
            actor=helper,
            location=library,
            helper=helper,
            day=tomorrow,
            first="10:00",
            last="12:00",
            minutes=30,
        )
        == 4
    )
    login_verified(client, helper)
    url = reverse("helpdesk:appointments") + f"?bezoek={contact.pk}"
    slot = selectors.open_slots(user=helper).first()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "book": "1",
                "slot": slot.pk,
                "theme": contact.questions.first().theme.pk,
                "visitor_name": "Mevrouw Jansen",
                "confirm_by": "email",
                "email": "jansen@example.org",
            },
        )
    appointment = Appointment.objects.get()
    assert response["Location"] == appointment.get_absolute_url()
    assert appointment.follow_up_of == contact
    assert mailoutbox[-1].attachments[0][0] == "afspraak.ics"
    assert "BEGIN:VEVENT" in mailoutbox[-1].attachments[0][1]
    # The same time cannot be booked twice.
    with pytest.raises(services.SlotTaken):
        services.book_appointment(actor=helper, slot_id=slot.pk, data={})
    assert slot not in selectors.open_slots(user=helper)
    day = client.get(reverse("helpdesk:helper-day"), {"dag": tomorrow.isoformat()})
    assert "Mevrouw Jansen" in day.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("helpdesk_daily", stdout=StringIO())
    assert len(mailoutbox) == 2 and "Herinnering" in mailoutbox[-1].body
    assert services.remind_appointments() == 0  # once
    # After the appointment day, the name and contact details are gone.
    assert services.forget_visitors(now=timezone.now() + timedelta(days=2)) == 1
    appointment.refresh_from_db()
    assert (appointment.visitor_name, appointment.email) == ("", "")


def test_an_appointment_by_sms_needs_a_mobile_number(
    client, helper, make_slots, empty_sms_outbox, django_capture_on_commit_callbacks
):
    make_slots(days=3, first="09:00", last="09:30")
    login_verified(client, helper)
    slot = selectors.open_slots(user=helper).get()
    data = {"book": "1", "slot": slot.pk, "confirm_by": "sms", "phone": "043 1234567"}
    page = client.post(reverse("helpdesk:appointments"), data).content.decode()
    assert "Vul een mobiel nummer in" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("helpdesk:appointments"), data | {"phone": "06 12345678"})
    assert empty_sms_outbox[0][0] == "+31612345678"


def test_overlapping_times_are_not_made_twice_and_unneeded_contact_details_not_kept(
    library, helper
):
    from digiketen.helpdesk.models import AppointmentSlot

    day = timezone.localdate() + timedelta(days=2)
    services.create_slots(
        actor=helper,
        location=library,
        helper=helper,
        day=day,
        first="10:00",
        last="11:00",
        minutes=30,
    )
    added = services.create_slots(
        actor=helper,
        location=library,
        helper=helper,
        day=day,
        first="10:15",
        last="12:00",
        minutes=45,
    )
    assert added == 1  # 11:00-11:45; 10:15-11:00 overlaps
    assert AppointmentSlot.objects.count() == 3
    slot = AppointmentSlot.objects.first()
    appointment = services.book_appointment(
        actor=helper,
        slot_id=slot.pk,
        data={"confirm_by": "slip", "phone": "0612345678", "email": "x@example.org"},
    )
    assert (appointment.phone, appointment.email) == ("", "")
    services.set_appointment_status(actor=helper, appointment_id=appointment.pk, status="cancelled")
    with pytest.raises(services.Refused):
        services.set_appointment_status(actor=helper, appointment_id=appointment.pk, status="done")
    # The cancelled appointment stays on record; the time can be booked again.
    again = services.book_appointment(actor=helper, slot_id=slot.pk, data={})
    assert slot.appointments.count() == 2 and again.status == "booked"
    with pytest.raises(services.Refused, match=r"^De afspraak is nog niet begonnen\.$"):
        services.set_appointment_status(actor=helper, appointment_id=again.pk, status="no_show")


def test_another_organisations_appointments_and_templates_are_not_found(
    client, library, helper, make_slots
):
    from digiketen.helpdesk.models import QuestionTemplate, Theme

    make_slots()
    slot = selectors.open_slots(user=helper).get()
    appointment = services.book_appointment(actor=helper, slot_id=slot.pk, data={})
    template = QuestionTemplate.objects.create(
        organisation=library.organisation, name="DigiD", theme=Theme.objects.first(), outcome_id="a"
    )
    login_verified(client, make_staff(Role.HELP_POINT_STAFF, OrganisationFactory()))
    for name in ("appointment", "appointment-slip", "appointment-ics"):
        assert client.get(reverse(f"helpdesk:{name}", args=[appointment.pk])).status_code == 404
    assert (
        client.post(
            reverse("helpdesk:appointment-status", args=[appointment.pk]), {"status": "cancelled"}
        ).status_code
        == 404
    )
    assert client.post(reverse("helpdesk:template-delete", args=[template.pk])).status_code == 404
    assert (
        selectors.open_slots(user=make_staff(Role.HELP_POINT_STAFF, OrganisationFactory())).count()
        == 0
    )


def test_a_double_booking_submit_makes_one_appointment_and_reading_it_is_logged(
    client, helper, make_slots
):
    from digiketen.helpdesk.models import Appointment

    make_slots()
    login_verified(client, helper)
    slot = selectors.open_slots(user=helper).get()
    data = {
        "book": "1",
        "slot": slot.pk,
        "confirm_by": "slip",
        "visitor_name": "Mevrouw Jansen",
        "once": "book-key-1234567890",
    }
    first = client.post(reverse("helpdesk:appointments"), data)
    second = client.post(reverse("helpdesk:appointments"), data)
    assert first["Location"] == second["Location"]
    assert Appointment.objects.count() == 1
    client.get(first["Location"])
    assert_audited(
        "helpdesk.appointment_viewed",
        actor=helper,
        subject=Appointment.objects.get(),
        organisation=helper.memberships.get().organisation,
    )
