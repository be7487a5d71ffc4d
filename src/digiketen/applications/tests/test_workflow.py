"""The application's process against the handout rules, written out here by hand (not read
from applications.workflow): a wrong edge added to the table makes these tests fail."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.applications import services
from digiketen.applications.models import Application, ApplicationTransition, Status, Step
from digiketen.applications.workflow import WORKFLOW, available_actions
from digiketen.conftest import make_staff
from digiketen.core.errors import IllegalTransition, Refused
from digiketen.core.models import AuditEvent
from digiketen.core.workflow import By
from digiketen.tests.factories import ApplicationFactory

# Who may take a step: S staff, R the resident (public form, invitation link), J the daily job.
RULES = {
    (None, "submit"): ("submitted", "SR"),
    ("submitted", "approve"): ("waiting", "S"),
    ("submitted", "approve_internet"): ("approved", "S"),
    ("submitted", "reject"): ("rejected", "S"),
    ("submitted", "close"): ("closed", "S"),
    ("waiting", "move_up"): ("waiting", "S"),
    ("waiting", "reserve"): ("invited", "S"),
    ("waiting", "add_internet"): ("waiting", "S"),
    ("waiting", "close"): ("closed", "S"),
    ("approved", "add_internet"): ("approved", "S"),
    ("approved", "close"): ("closed", "S"),
    ("invited", "book"): ("scheduled", "SR"),
    ("invited", "miss"): ("invited", "J"),
    ("invited", "requeue"): ("waiting", "J"),
    ("invited", "close_after_misses"): ("closed", "J"),
    ("invited", "release"): ("waiting", "S"),
    ("invited", "hand_over"): ("handed_out", "S"),
    ("invited", "add_internet"): ("invited", "S"),
    ("invited", "close"): ("closed", "S"),
    ("scheduled", "book"): ("scheduled", "SR"),
    ("scheduled", "remind"): ("scheduled", "J"),
    ("scheduled", "miss"): ("invited", "S"),
    ("scheduled", "requeue"): ("waiting", "S"),
    ("scheduled", "close_after_misses"): ("closed", "S"),
    ("scheduled", "release"): ("waiting", "S"),
    ("scheduled", "hand_over"): ("handed_out", "S"),
    ("scheduled", "add_internet"): ("scheduled", "S"),
    ("scheduled", "close"): ("closed", "S"),
    ("handed_out", "return"): ("returned", "S"),
    ("handed_out", "report_lost"): ("closed", "S"),
    ("handed_out", "add_internet"): ("handed_out", "S"),
    ("returned", "add_internet"): ("returned", "S"),
}
WHO = {"S": By.STAFF, "R": By.RESIDENT, "J": By.SYSTEM}

# The links on the application's page, per status (the resident wants a laptop and internet).
LINKS = {
    "submitted": {"eligibility", "close"},
    "waiting": {"reserve", "move-up", "internet", "close"},
    "approved": {"internet", "close"},
    "invited": {"book", "agreement", "handover", "release", "internet", "close"},
    "scheduled": {"book", "agreement", "handover", "release", "internet", "close"},
    "handed_out": {"return", "agreement", "lost", "internet"},
    "returned": {"internet"},
    "rejected": set(),
    "closed": set(),
}


def test_the_table_has_exactly_the_moves_of_the_rules():
    table = {
        (move.source, move.step): (move.target, "".join(k for k, v in WHO.items() if v in move.by))
        for move in WORKFLOW.table.values()
    }
    assert table == RULES


@pytest.fixture
def in_status(hub, staff, waiting, invited, slot):
    """An application in `status`, brought there through the services."""

    def make(status: str) -> Application:
        if status == "submitted":
            return ApplicationFactory(hub=hub, wants_internet=True)
        if status == "approved":
            application = ApplicationFactory(hub=hub, wants_device=False, wants_internet=True)
            return services.decide_eligibility(
                actor=staff,
                application_id=application.pk,
                eligible=True,
                route="income",
                income_seen=True,
                household_note="test",
            )
        if status == "rejected":
            application = ApplicationFactory(hub=hub)
            return services.decide_eligibility(
                actor=staff, application_id=application.pk, eligible=False, reason="Te hoog"
            )
        if status == "waiting":
            return waiting(wants_internet=True)
        application = invited(wants_internet=True)
        if status == "invited":
            return application
        if status == "closed":
            return services.close(actor=staff, application_id=application.pk, reason="Verhuisd")
        application = services.book_slot(
            application_id=application.pk, slot_id=slot().pk, actor=staff
        )
        if status == "scheduled":
            return application
        services.hand_over(
            actor=staff, application_id=application.pk, signed_on="paper", method="cash"
        )
        if status == "handed_out":
            return Application.objects.get(pk=application.pk)
        services.register_return(
            actor=staff, application_id=application.pk, condition="good", method="cash"
        )
        return Application.objects.get(pk=application.pk)

    return make


@pytest.mark.parametrize("status", list(Status))
def test_only_the_rules_steps_pass_the_gate_in_each_status(status, in_status, staff):
    application = in_status(status)
    assert application.status == status
    for step, (code, by) in itertools.product(Step, WHO.items()):
        allowed = code in RULES.get((status, step), ("", ""))[1]
        actor = staff if by == By.STAFF else None
        try:
            WORKFLOW.begin(application, step, actor=actor, by=by)
        except IllegalTransition:
            assert not allowed, (status, step, by)
        except Refused:
            # Allowed, but its condition is not met yet (the pickup time has not begun).
            assert allowed and step in ("miss", "requeue", "close_after_misses"), (status, step)
        else:
            assert allowed, (status, step, by)


@pytest.mark.parametrize("status", list(Status))
def test_the_page_offers_the_links_the_rules_allow(status, in_status):
    application = in_status(status)
    assert available_actions(application) == LINKS[status]


def test_no_show_is_offered_once_the_pickup_time_has_begun(in_status):
    application = in_status("scheduled")
    later = application.slot.starts_at + timedelta(minutes=1)
    assert "no-show" not in available_actions(
        application, application.slot.starts_at - timedelta(1)
    )
    assert "no-show" in available_actions(application, later)


def test_another_organisations_staff_cannot_take_a_step(in_status):
    application = in_status("waiting")
    outsider = make_staff(Role.HUB_STAFF)
    before = AuditEvent.objects.count()
    with pytest.raises(Application.DoesNotExist):
        services.close(actor=outsider, application_id=application.pk, reason="Weg")
    application.refresh_from_db()
    assert application.status == Status.WAITING
    assert AuditEvent.objects.count() == before


def test_every_step_leaves_a_history_row_naming_staff_never_the_resident(in_status, staff):
    application = in_status("returned")
    history = list(
        ApplicationTransition.objects.filter(application=application).values_list(
            "step", "from_state", "to_state", "actor_label"
        )
    )
    assert history == [
        ("approve", "submitted", "waiting", staff.username),
        ("reserve", "waiting", "invited", staff.username),
        ("book", "invited", "scheduled", staff.username),
        ("hand_over", "scheduled", "handed_out", staff.username),
        ("return", "handed_out", "returned", staff.username),
    ]
    # The audit event of a move carries the status before and after.
    event = AuditEvent.objects.filter(action="application.returned").get()
    assert (event.before["status"], event.after["status"]) == ("handed_out", "returned")


def test_the_daily_job_steps_are_taken_by_the_system(in_status):
    application = in_status("scheduled")
    tomorrow = timezone.localtime(application.slot.starts_at) - timedelta(days=1)
    assert services.send_pickup_reminders(now=tomorrow) == 1
    move = ApplicationTransition.objects.filter(application=application, step="remind").get()
    assert (move.actor, move.actor_label) == (None, "systeem")
    event = AuditEvent.objects.get(action="application.reminded")
    assert event.actor is None and event.actor_label == "systeem"


def test_an_application_sent_by_the_resident_starts_its_history(hub):
    application = services.submit_application(
        data={
            "hub": hub,
            "household_size": 1,
            "first_name": "Fatma",
            "last_name": "Yilmaz",
            "postcode": "6211AB",
            "house_number": "3",
            "contact_by": "letter",
            "route": "pass",
        },
        channel="online",
        language="nl",
    )
    [move] = application.transitions.all()
    assert (move.step, move.from_state, move.to_state) == ("submit", "", "submitted")
    assert (move.actor, move.actor_label) == (None, "inwoner")
    event = AuditEvent.objects.get(action="application.submitted")
    assert event.before is None
    assert event.after == {"status": "submitted", "channel": "online"}
