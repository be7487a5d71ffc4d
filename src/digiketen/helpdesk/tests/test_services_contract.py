"""What each help point service leaves behind and whom it refuses; appointments checked
against the help point's way of working, written out here apart from services.NEXT_STATUS."""

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.core.models import AuditEvent, Message
from digiketen.helpdesk import services
from digiketen.helpdesk.messages import REMINDER
from digiketen.helpdesk.models import (
    Agency,
    Appointment,
    AppointmentSlot,
    AppointmentStatus,
    HelpContact,
    QuestionTemplate,
    SurveyAnswer,
    SurveyCode,
    Theme,
)
from digiketen.tests.audit import assert_audited, assert_refused
from digiketen.tests.factories import LocationFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
# A Wednesday; the appointments below are on Thursday 11 June 2026.
WEDNESDAY = datetime.datetime(2026, 6, 10, 9, 0, tzinfo=AMS)
THURSDAY = datetime.date(2026, 6, 11)
ANSWER = {"helped": "yes", "mark": 8, "would_return": True, "would_recommend": True}


@pytest.fixture
def outsider():
    """Help point staff of another library."""
    return make_staff(Role.HELP_POINT_STAFF, LocationFactory().organisation)


def at(day: datetime.date, hhmm: str) -> datetime.datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime.datetime.combine(day, datetime.time(hours, minutes), AMS)


def book(library, helper, *, day=THURSDAY, first="10:00", data=None):
    """A slot at `first` on `day`, made and booked before it starts (Wednesday 09:00)."""
    with time_machine.travel(min(WEDNESDAY, at(day, first) - datetime.timedelta(hours=1))):
        services.create_slots(
            actor=helper,
            location=library,
            helper=helper,
            day=day,
            first=first,
            last=(at(day, first) + datetime.timedelta(minutes=30)).strftime("%H:%M"),
            minutes=30,
        )
        slot = AppointmentSlot.objects.get(starts_at=at(day, first))
        return services.book_appointment(actor=helper, slot_id=slot.pk, data=data or {})


# -- visits and surveys ----------------------------------------------------------------------


def test_a_visit_belongs_to_the_location_and_its_code_lasts_until_the_slip_says(
    library, helper, visit
):
    with time_machine.travel(datetime.datetime(2026, 3, 28, 23, 30, tzinfo=AMS)):
        contact = visit(minutes=12, follow_up=True)
    assert (contact.organisation, contact.helper, contact.minutes) == (
        library.organisation,
        helper,
        12,
    )
    assert contact.follow_up is True
    # 14 days after Saturday 28 March, to the end of that day (summer time by then).
    assert contact.survey.expires_at == datetime.datetime(2026, 4, 12, 0, 0, tzinfo=AMS)


def test_a_taken_survey_code_is_drawn_again(library, helper, visit, monkeypatch):
    taken = visit().survey.code
    field = SurveyCode._meta.get_field("code")
    codes = iter([taken, taken, "NIEUW234"])
    # Django reads a field's default through its cached _get_default.
    monkeypatch.setattr(field, "_get_default", lambda: next(codes))
    assert visit().survey.code == "NIEUW234"


def test_a_visit_elsewhere_is_refused(library, helper, outsider, theme):
    data = {"location": library, "channel": "walk_in", "question_type": "government"}
    data |= {"started_at": WEDNESDAY, "minutes": 5}
    questions = [{"theme": theme("DigiD activeren"), "outcome": "a"}]
    assert_refused(services.register_visit, actor=outsider, data=data, questions=questions)


def test_a_later_correction_by_a_colleague_is_audited_with_before_and_after(
    library, helper, visit, theme, agency
):
    contact = visit(questions=(("DigiD activeren", "a", ("Gemeente",)),))
    colleague = make_staff(Role.HELP_POINT_STAFF, library.organisation)
    other_place = LocationFactory(organisation=library.organisation, name="Bieb West")
    services.correct_visit(
        actor=colleague,
        contact_id=contact.pk,
        data={"location": other_place, "minutes": 40},
        questions=[{"theme": theme("Huurtoeslag"), "outcome": "e", "agencies": []}],
    )
    contact.refresh_from_db()
    assert (contact.location, contact.minutes) == (other_place, 40)
    assert_audited(
        "helpdesk.visit_corrected",
        actor=colleague,
        subject=contact,
        before={
            "location": "Bieb Centrum",
            "minutes": 15,
            "questions": ["DigiD activeren: a (Gemeente)"],
        },
        after={"location": "Bieb West", "minutes": 40, "questions": ["Huurtoeslag: e ()"]},
    )


def test_a_correction_the_next_day_by_the_same_helper_is_audited(library, helper, visit, theme):
    with time_machine.travel(datetime.datetime(2026, 6, 10, 23, 50, tzinfo=AMS)) as clock:
        contact = visit()
        questions = [{"theme": theme("Huurtoeslag"), "outcome": "e"}]
        services.correct_visit(
            actor=helper, contact_id=contact.pk, data={"location": library}, questions=questions
        )
        assert not AuditEvent.objects.filter(action="helpdesk.visit_corrected").exists()
        clock.move_to(datetime.datetime(2026, 6, 11, 0, 10, tzinfo=AMS))
        services.correct_visit(
            actor=helper, contact_id=contact.pk, data={"location": library}, questions=questions
        )
    assert_audited("helpdesk.visit_corrected", actor=helper, subject=contact)


def test_a_correction_is_refused_for_another_library_and_to_another_library(
    library, helper, visit, outsider, theme
):
    contact = visit()
    questions = [{"theme": theme("Huurtoeslag"), "outcome": "e"}]
    assert_refused(
        services.correct_visit,
        raises=HelpContact.DoesNotExist,
        actor=outsider,
        contact_id=contact.pk,
        data={"location": library},
        questions=questions,
    )
    assert_refused(
        services.correct_visit,
        actor=helper,
        contact_id=contact.pk,
        data={"location": LocationFactory()},
        questions=questions,
    )
    assert contact.questions.get().theme.name == "DigiD activeren"


def test_a_survey_answer_counts_once_until_the_code_expires(visit):
    contact = visit()
    code = contact.survey
    expires = code.expires_at
    with pytest.raises(services.SurveyClosed):
        services.answer_survey(code=code.code, data=ANSWER, now=expires)
    before = expires - datetime.timedelta(microseconds=1)
    answer = services.answer_survey(code=code.code.lower(), data=ANSWER, now=before)
    code.refresh_from_db()
    assert (answer.contact, answer.on_paper, code.used_at) == (contact, False, before)
    with pytest.raises(services.SurveyClosed):
        services.answer_survey(code=code.code, data=ANSWER, now=before)
    with pytest.raises(services.SurveyClosed):
        services.answer_survey(code="ONBEKEND", data=ANSWER)


def test_an_answer_on_paper_closes_the_code_and_is_audited(helper, visit, outsider):
    contact = visit()
    assert_refused(
        services.enter_paper_answer,
        raises=HelpContact.DoesNotExist,
        actor=outsider,
        contact_id=contact.pk,
        data=ANSWER,
    )
    answer = services.enter_paper_answer(actor=helper, contact_id=contact.pk, data=ANSWER)
    assert (answer.on_paper, answer.entered_by, answer.mark) == (True, helper, 8)
    assert_audited("helpdesk.paper_answer_entered", actor=helper, subject=contact)
    with pytest.raises(services.SurveyClosed):
        services.answer_survey(code=contact.survey.code, data=ANSWER)
    with pytest.raises(services.SurveyClosed):
        services.enter_paper_answer(actor=helper, contact_id=contact.pk, data=ANSWER)
    assert SurveyAnswer.objects.count() == 1


def test_a_paper_answer_after_an_online_one_is_refused(helper, visit):
    contact = visit()
    services.answer_survey(code=contact.survey.code, data=ANSWER)
    used = SurveyCode.objects.get().used_at
    with pytest.raises(services.SurveyClosed):
        services.enter_paper_answer(actor=helper, contact_id=contact.pk, data=ANSWER)
    assert SurveyCode.objects.get().used_at == used


def test_a_paper_answer_marks_the_code_used_once(helper, visit):
    contact = visit()
    with time_machine.travel(WEDNESDAY, tick=False):
        services.enter_paper_answer(actor=helper, contact_id=contact.pk, data=ANSWER)
    assert SurveyCode.objects.get(contact=contact).used_at == WEDNESDAY

    earlier = WEDNESDAY - datetime.timedelta(days=1)
    already_used = visit()
    SurveyCode.objects.filter(contact=already_used).update(used_at=earlier)
    services.enter_paper_answer(actor=helper, contact_id=already_used.pk, data=ANSWER)
    assert SurveyCode.objects.get(contact=already_used).used_at == earlier

    without_code = visit()
    SurveyCode.objects.filter(contact=without_code).delete()
    answer = services.enter_paper_answer(actor=helper, contact_id=without_code.pk, data=ANSWER)
    assert answer.on_paper and answer.contact == without_code


# -- templates and code lists ----------------------------------------------------------------


def test_a_template_is_saved_by_name_and_only_by_its_own_library(library, helper, outsider):
    theme, agency = Theme.objects.first(), Agency.objects.first()
    args = {"organisation": library.organisation, "name": "DigiD", "theme": theme}
    first = services.save_template(actor=helper, agencies=[agency], outcome="a", **args)
    second = services.save_template(actor=helper, agencies=[], outcome="x", **args)
    assert first.pk == second.pk
    second.refresh_from_db()
    assert (second.name, second.outcome_id, list(second.agencies.all())) == ("DigiD", "x", [])
    other = services.save_template(
        actor=helper, agencies=[], outcome="a", **(args | {"name": "Toeslagen"})
    )
    assert other.pk != first.pk
    assert sorted(QuestionTemplate.objects.values_list("name", flat=True)) == ["DigiD", "Toeslagen"]
    other.delete()
    assert_refused(services.save_template, actor=outsider, agencies=[], outcome="a", **args)
    assert_refused(
        services.delete_template,
        raises=QuestionTemplate.DoesNotExist,
        actor=outsider,
        template_id=first.pk,
    )
    services.delete_template(actor=helper, template_id=first.pk)
    assert not QuestionTemplate.objects.exists()


def test_code_lists_are_changed_by_the_coordinator_and_audited(helper):
    theme = Theme.objects.first()
    theme.name = "DigiD en eHerkenning"
    assert_refused(services.save_code_lists, actor=helper, items=[theme])
    coordinator = make_staff(Role.COORDINATOR)
    services.save_code_lists(actor=coordinator, items=[theme])
    assert Theme.objects.get(pk=theme.pk).name == "DigiD en eHerkenning"
    assert_audited(
        "helpdesk.code_lists_changed",
        actor=coordinator,
        after={"changed": ["DigiD en eHerkenning"]},
    )


# -- slots and appointments ------------------------------------------------------------------


def test_slots_leave_out_times_that_passed_or_overlap(library, helper):
    def make(first, last, minutes=30):
        return services.create_slots(
            actor=helper,
            location=library,
            helper=helper,
            day=THURSDAY,
            first=first,
            last=last,
            minutes=minutes,
        )

    with time_machine.travel(at(THURSDAY, "10:00"), tick=False):
        assert make("09:00", "11:00") == 1  # 09:00 and 09:30 passed, 10:00 starts now
        assert make("10:15", "11:45") == 1  # 10:15 and 10:45 overlap 10:30-11:00
        assert make("11:00", "11:15", minutes=15) == 1  # touches both neighbours, overlaps none
    starts = sorted(
        s.astimezone(AMS).strftime("%H:%M")
        for s in AppointmentSlot.objects.values_list("starts_at", flat=True)
    )
    assert starts == ["10:30", "11:00", "11:15"]


def test_two_helpers_each_get_their_own_slots_at_the_same_times(library, helper):
    """Only the helper's own slots leave a time out: a colleague at the same help point
    offers the same hours."""
    colleague = make_staff(Role.HELP_POINT_STAFF, library.organisation)
    args = {"location": library, "day": THURSDAY, "first": "10:00", "last": "11:00", "minutes": 30}
    with time_machine.travel(WEDNESDAY):
        assert services.create_slots(actor=helper, helper=helper, **args) == 2
        assert services.create_slots(actor=helper, helper=colleague, **args) == 2
    assert AppointmentSlot.objects.filter(helper=colleague).count() == 2


def test_slots_are_refused_for_the_past_another_helper_and_another_library(
    library, helper, outsider
):
    args = {"location": library, "first": "10:00", "last": "11:00", "minutes": 30}
    with time_machine.travel(WEDNESDAY):
        with pytest.raises(services.Refused, match=r"^Kies vandaag of een dag in de toekomst\.$"):
            services.create_slots(
                actor=helper, helper=helper, day=datetime.date(2026, 6, 9), **args
            )
        assert services.create_slots(actor=helper, helper=helper, day=WEDNESDAY.date(), **args)
        with pytest.raises(
            services.Refused,
            match=r"^Deze medewerker werkt niet voor het informatiepunt op deze locatie\.$",
        ):
            services.create_slots(actor=helper, helper=outsider, day=THURSDAY, **args)
        assert_refused(services.create_slots, actor=outsider, helper=outsider, day=THURSDAY, **args)


def test_booking_keeps_only_the_contact_detail_the_confirmation_needs(
    library, helper, django_capture_on_commit_callbacks, empty_sms_outbox
):
    both = {"phone": "0612345678", "email": "jansen@example.org", "visitor_name": "Jansen"}
    with django_capture_on_commit_callbacks(execute=True):
        by_sms = book(library, helper, first="10:00", data=both | {"confirm_by": "sms"})
        by_mail = book(library, helper, first="11:00", data=both | {"confirm_by": "email"})
        on_slip = book(library, helper, first="12:00", data=both)
    assert (by_sms.phone, by_sms.email) == ("0612345678", "")
    assert (by_mail.phone, by_mail.email) == ("", "jansen@example.org")
    assert (on_slip.phone, on_slip.email, on_slip.visitor_name) == ("", "", "Jansen")
    assert [to for to, _body in empty_sms_outbox] == ["+31612345678"]
    assert [m.to for m in mail.outbox] == [["jansen@example.org"]]
    text = empty_sms_outbox[0][1]
    assert text.startswith("Uw afspraak bij het informatiepunt: donderdag 11 juni 2026 10:00")
    assert "Bieb Centrum, Markt 1, 6211 CN Maastricht" in text
    assert text.endswith("Kunt u niet? Kom langs of bel om af te zeggen.")
    ics = mail.outbox[0].attachments[0]
    assert ics[0] == "afspraak.ics" and ics[2] == "text/calendar"
    assert f"UID:help-appointment-{by_mail.pk}@" in ics[1]
    assert "DTSTART:20260611T090000Z" in ics[1]
    assert_audited("helpdesk.appointment_booked", actor=helper, subject=by_sms)


def test_a_location_phone_is_in_the_message(library, helper, django_capture_on_commit_callbacks):
    library.phone = "043 350 5600"
    library.save()
    with django_capture_on_commit_callbacks(execute=True):
        book(library, helper, data={"confirm_by": "email", "email": "a@example.org"})
    assert mail.outbox[0].body.endswith("Kunt u niet? Bel 043 350 5600.")
    assert mail.outbox[0].subject == "Uw afspraak bij het informatiepunt"


def test_a_booked_started_or_other_librarys_slot_is_refused(library, helper, outsider):
    appointment = book(library, helper)
    with time_machine.travel(WEDNESDAY), pytest.raises(services.SlotTaken):
        services.book_appointment(actor=helper, slot_id=appointment.slot_id, data={})
    with time_machine.travel(WEDNESDAY):
        services.create_slots(
            actor=helper,
            location=library,
            helper=helper,
            day=THURSDAY,
            first="14:00",
            last="14:30",
            minutes=30,
        )
    free = AppointmentSlot.objects.get(starts_at=at(THURSDAY, "14:00"))
    with time_machine.travel(WEDNESDAY):
        assert_refused(
            services.book_appointment,
            raises=AppointmentSlot.DoesNotExist,
            actor=outsider,
            slot_id=free.pk,
            data={},
        )
    with time_machine.travel(at(THURSDAY, "14:00"), tick=False), pytest.raises(services.SlotTaken):
        services.book_appointment(actor=helper, slot_id=free.pk, data={})


def test_a_cancelled_appointment_frees_its_time(library, helper):
    appointment = book(library, helper)
    with time_machine.travel(WEDNESDAY):
        services.set_appointment_status(
            actor=helper, appointment_id=appointment.pk, status="cancelled"
        )
        again = services.book_appointment(actor=helper, slot_id=appointment.slot_id, data={})
    assert again.slot == appointment.slot


def test_a_status_that_is_not_a_step_is_refused_with_what_to_do(library, helper):
    appointment = book(library, helper)
    with time_machine.travel(WEDNESDAY), pytest.raises(services.Refused) as refused:
        services.set_appointment_status(
            actor=helper, appointment_id=appointment.pk, status="forgotten"
        )
    assert str(refused.value) == "Kies wat er met de afspraak is gebeurd."
    appointment.refresh_from_db()
    assert appointment.status == "booked"


# The help point's way of working: an appointment that is booked can be cancelled at any
# time; whether the visitor came or not can be said once it has started. After that, the
# appointment keeps its outcome.
ALLOWED = {
    ("booked", "cancelled", "before start"),
    ("booked", "cancelled", "after start"),
    ("booked", "done", "after start"),
    ("booked", "no_show", "after start"),
}
STATUSES = AppointmentStatus.values
MOMENTS = {"before start": at(THURSDAY, "09:59"), "after start": at(THURSDAY, "10:00")}


def appointment_in(status, library, helper):
    appointment = book(library, helper)
    if status != "booked":
        with time_machine.travel(MOMENTS["after start"]):
            services.set_appointment_status(
                actor=helper, appointment_id=appointment.pk, status=status
            )
    return appointment


@pytest.mark.parametrize(
    ("source", "target", "moment"),
    [
        (s, t, m)
        for s, t, m in itertools.product(
            AppointmentStatus.values, AppointmentStatus.values, MOMENTS
        )
        if s in ("booked", "cancelled") or m == "after start"  # came or not: only after start
    ],
)
def test_only_the_agreed_status_changes_succeed(library, helper, source, target, moment):
    appointment = appointment_in(source, library, helper)
    events = AuditEvent.objects.filter(action="helpdesk.appointment_status").count()
    with time_machine.travel(MOMENTS[moment], tick=False):
        if (source, target, moment) in ALLOWED:
            services.set_appointment_status(
                actor=helper, appointment_id=appointment.pk, status=target
            )
            appointment.refresh_from_db()
            assert appointment.status == target
            assert_audited(
                "helpdesk.appointment_status",
                actor=helper,
                subject=appointment,
                before={"status": source},
                after={"status": target},
                count=events + 1,
            )
        else:
            with pytest.raises(services.Refused):
                services.set_appointment_status(
                    actor=helper, appointment_id=appointment.pk, status=target
                )
            appointment.refresh_from_db()
            assert appointment.status == source


def test_another_librarys_appointment_status_is_not_found(library, helper, outsider):
    appointment = book(library, helper)
    assert_refused(
        services.set_appointment_status,
        raises=Appointment.DoesNotExist,
        actor=outsider,
        appointment_id=appointment.pk,
        status="cancelled",
    )


def test_a_started_appointment_cannot_be_marked_before_it_starts(library, helper):
    appointment = book(library, helper)
    with (
        time_machine.travel(MOMENTS["before start"]),
        pytest.raises(services.Refused, match=r"^De afspraak is nog niet begonnen\.$"),
    ):
        services.set_appointment_status(actor=helper, appointment_id=appointment.pk, status="done")


# -- daily jobs ------------------------------------------------------------------------------


def test_reminders_go_the_day_before_once_and_only_by_sms_or_email(
    library, helper, django_capture_on_commit_callbacks, empty_sms_outbox
):
    sms = book(library, helper, data={"confirm_by": "sms", "phone": "0612345678"})
    book(library, helper, first="11:00", data={"confirm_by": "email", "email": "a@example.org"})
    book(library, helper, first="12:00", data={"confirm_by": "slip"})
    later = book(
        library,
        helper,
        day=THURSDAY + datetime.timedelta(days=1),
        data={"confirm_by": "sms", "phone": "0687654321"},
    )
    cancelled = book(library, helper, first="13:00", data={"confirm_by": "sms", "phone": "0611"})
    with time_machine.travel(WEDNESDAY):
        services.set_appointment_status(
            actor=helper, appointment_id=cancelled.pk, status="cancelled"
        )
    empty_sms_outbox.clear()
    mail.outbox.clear()
    evening = datetime.datetime(2026, 6, 10, 23, 59, tzinfo=AMS)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_appointments(now=evening) == 2
        assert services.remind_appointments(now=evening) == 0
    assert [to for to, _body in empty_sms_outbox] == ["+31612345678"]
    assert empty_sms_outbox[0][1].startswith("Herinnering: morgen heeft u een afspraak. Uw")
    assert len(mail.outbox) == 1
    reminded = {m.about for m in Message.objects.filter(kind=REMINDER)}
    assert sms in reminded and later not in reminded and cancelled not in reminded


def test_visitors_are_forgotten_after_their_day_not_on_it(library, helper):
    keep = {"visitor_name": "Vandaag", "confirm_by": "email", "email": "v@example.org"}
    today_early = book(library, helper, first="08:00", data=keep)
    today_late = book(library, helper, first="20:00", data=keep)
    yesterday = book(
        library,
        helper,
        day=THURSDAY - datetime.timedelta(days=1),
        first="16:00",
        data={"visitor_name": "Gisteren", "confirm_by": "sms", "phone": "0612345678"},
    )
    with time_machine.travel(at(THURSDAY, "21:00"), tick=False):
        assert services.forget_visitors() == 1
    for appointment in (today_early, today_late):
        appointment.refresh_from_db()
        assert (appointment.visitor_name, appointment.email) == ("Vandaag", "v@example.org")
        assert appointment.forgotten_at is None
    yesterday.refresh_from_db()
    assert (yesterday.visitor_name, yesterday.phone) == ("", "")
    assert yesterday.forgotten_at == at(THURSDAY, "21:00")
    with time_machine.travel(at(THURSDAY + datetime.timedelta(days=1), "00:01")):
        assert services.forget_visitors() == 2


def test_permission_denied_and_refused_are_told_apart():
    assert not issubclass(services.Refused, PermissionDenied)
