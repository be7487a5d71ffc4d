"""The one outbox across domains: the help point, the cyberbank and the rest share one daily
cap per number, and a help point reminder counts only through the outbox's record. (Apart from
core's own tests, which may not import a domain app.)"""

from datetime import timedelta

from django.utils import timezone

from digiketen.core import outbox
from digiketen.core.models import Channel, Delivery, Message


def text(to="0612345678", body="Hallo", **kwargs) -> Message:
    return outbox.send(
        channel=Channel.SMS, to=to, subject="s", body=body, kind="test.text", **kwargs
    )


def test_the_daily_sms_cap_holds_across_domains(db, empty_sms_outbox):
    """Help point confirmations and application messages to one number share five a day."""
    from digiketen.accounts.roles import Role
    from digiketen.conftest import make_staff
    from digiketen.helpdesk import services as helpdesk
    from digiketen.tests.factories import LocationFactory

    library = LocationFactory()
    helper = make_staff(Role.HELP_POINT_STAFF, library.organisation)
    helpdesk.create_slots(
        actor=helper,
        location=library,
        helper=helper,
        day=timezone.localdate() + timedelta(days=2),
        first="10:00",
        last="11:00",
        minutes=20,
    )
    booked = [
        helpdesk.book_appointment(
            actor=helper, slot_id=slot.pk, data={"confirm_by": "sms", "phone": "06-12345678"}
        )
        for slot in library.help_slots.order_by("starts_at")
    ]
    from digiketen.applications import notifications
    from digiketen.applications.tests.conftest import handout_hub
    from digiketen.tests.factories import ApplicationFactory

    resident = ApplicationFactory(
        hub=handout_hub(), contact_by="sms", phone="+31 6 12345678", email=""
    )
    others = [notifications.notify(resident, kind) for kind in ("received", "waiting", "invited")]
    messages = [*Message.objects.filter(kind="helpdesk.confirmation").order_by("pk"), *others]
    assert len(booked) == 3 and len(messages) == 6
    for message in messages:
        outbox.deliver(message.pk)
    assert len(empty_sms_outbox) == 5
    held = Message.objects.get(pk=messages[-1].pk)
    assert held.delivery == Delivery.FAILED
    assert "Daily limit reached: at most 5 SMS" in held.last_error
    other_number = text(to="0687654321")
    outbox.deliver(other_number.pk)
    assert len(empty_sms_outbox) == 6  # the cap is per number


def test_a_help_point_reminder_counts_only_through_the_outbox_and_obeys_the_cap(
    db, empty_sms_outbox
):
    from digiketen.accounts.roles import Role
    from digiketen.conftest import make_staff
    from digiketen.helpdesk import services as helpdesk
    from digiketen.tests.factories import LocationFactory

    library = LocationFactory()
    helper = make_staff(Role.HELP_POINT_STAFF, library.organisation)
    helpdesk.create_slots(
        actor=helper,
        location=library,
        helper=helper,
        day=timezone.localdate() + timedelta(days=1),
        first="10:00",
        last="10:30",
        minutes=30,
    )
    slot = library.help_slots.get()
    appointment = helpdesk.book_appointment(
        actor=helper, slot_id=slot.pk, data={"confirm_by": "sms", "phone": "0612345678"}
    )
    # The number already had its five texts today (the confirmation and four others).
    for message in Message.objects.all():
        outbox.deliver(message.pk)
    for _n in range(4):
        outbox.deliver(text().pk)
    assert len(empty_sms_outbox) == 5

    assert helpdesk.remind_appointments() == 1
    assert helpdesk.remind_appointments() == 0  # the outbox holds the reminder: not twice
    reminder = appointment.messages.get(kind=helpdesk.REMINDER)
    outbox.deliver(reminder.pk)
    reminder.refresh_from_db()
    assert reminder.delivery == Delivery.FAILED and "Daily limit" in reminder.last_error
    assert len(empty_sms_outbox) == 5
    assert helpdesk.remind_appointments() == 0  # a held reminder is not written again
