"""A follow-up appointment's process against the help point's rules, written out here by hand
(not read from helpdesk.workflow)."""

import time_machine

from digiketen.core.models import AuditEvent
from digiketen.helpdesk import services
from digiketen.helpdesk.models import AppointmentSlot, AppointmentTransition
from digiketen.helpdesk.workflow import WORKFLOW

# (status, step) -> status after it. Booked is the only status with a way out.
RULES = {
    (None, "book"): "booked",
    ("booked", "come"): "done",
    ("booked", "no_show"): "no_show",
    ("booked", "cancel"): "cancelled",
}


def test_the_table_has_exactly_the_moves_of_the_rules():
    assert {key: move.target for key, move in WORKFLOW.table.items()} == RULES


def test_each_step_leaves_history_and_an_audit_event_naming_the_helper(helper, make_slots):
    make_slots(1, "10:00", "10:30")
    slot = AppointmentSlot.objects.get()
    appointment = services.book_appointment(actor=helper, slot_id=slot.pk, data={})
    with time_machine.travel(slot.starts_at):
        services.set_appointment_status(actor=helper, appointment_id=appointment.pk, status="done")
    history = list(
        AppointmentTransition.objects.filter(appointment=appointment).values_list(
            "step", "from_state", "to_state", "actor"
        )
    )
    assert history == [("book", "", "booked", helper.pk), ("come", "booked", "done", helper.pk)]
    booked = AuditEvent.objects.get(action="helpdesk.appointment_booked")
    assert (booked.object_type, booked.object_id) == ("helpdesk.appointment", str(appointment.pk))
    changed = AuditEvent.objects.get(action="helpdesk.appointment_status")
    assert (changed.before, changed.after) == ({"status": "booked"}, {"status": "done"})


def test_the_page_offers_only_the_steps_that_can_be_taken_now(client, helper, make_slots):
    from django.urls import reverse

    from digiketen.conftest import login_verified

    make_slots(1, "10:00", "10:30")
    slot = AppointmentSlot.objects.get()
    appointment = services.book_appointment(actor=helper, slot_id=slot.pk, data={})
    url = reverse("helpdesk:appointment", args=[appointment.pk])
    with time_machine.travel(slot.starts_at.replace(hour=6), tick=False):
        login_verified(client, helper)
        before = client.get(url).content.decode()
    assert 'value="cancelled"' in before
    assert 'value="done"' not in before and 'value="no_show"' not in before
    with time_machine.travel(slot.starts_at, tick=False):
        login_verified(client, helper)
        during = client.get(url).content.decode()
        assert all(f'value="{s}"' in during for s in ("done", "no_show", "cancelled"))
        client.post(
            reverse("helpdesk:appointment-status", args=[appointment.pk]), {"status": "no_show"}
        )
        after = client.get(url).content.decode()
    assert 'name="status"' not in after
    assert "Niet gekomen — " + helper.username in after
