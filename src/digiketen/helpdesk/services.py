"""Registering help point visits and satisfaction answers. Visits are anonymous: no name, no
contact details. A correction on the same day by the same helper is part of registering; any
later correction is written to the audit log."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.core import audit, calendar, outbox
from digiketen.core.errors import Conflict, Refused
from digiketen.core.workflow import By
from digiketen.helpdesk import selectors
from digiketen.helpdesk.messages import REMINDER, confirm
from digiketen.helpdesk.models import (
    Appointment,
    AppointmentSlot,
    AppointmentStatus,
    AppointmentStep,
    ConfirmBy,
    HelpContact,
    HelpQuestion,
    Purpose,
    QuestionTemplate,
    SurveyAnswer,
    SurveyCode,
    new_manage_token,
)
from digiketen.helpdesk.purposes import KINDS, perm_for
from digiketen.helpdesk.workflow import STEP_FOR_STATUS, WORKFLOW
from digiketen.permissions import Perm

SURVEY_DAYS = 14
CONTACT_FIELDS = [
    "location",
    "channel",
    "question_type",
    "started_at",
    "minutes",
    "follow_up",
    "referred_to",
    "referred_service",
    "age_band",
    "visitor_kind",
]


class SurveyClosed(Exception):
    """The code is unknown, used or expired."""


def survey_expiry(now: datetime) -> datetime:
    """The end of the last day printed on the slip."""
    last_day = timezone.localdate(now) + timedelta(days=SURVEY_DAYS)
    return datetime.combine(last_day + timedelta(days=1), time(), timezone.get_current_timezone())


def _code(outcome) -> str:
    """An outcome given as its object or as its one-letter code."""
    return getattr(outcome, "code", outcome)


def _questions(contact: HelpContact, questions: list[dict]) -> None:
    """The visit's questions and their agencies: one insert each, however many there are."""
    created = HelpQuestion.objects.bulk_create(
        HelpQuestion(contact=contact, theme=data["theme"], outcome_id=_code(data["outcome"]))
        for data in questions
    )
    links = HelpQuestion.agencies.through
    links.objects.bulk_create(
        links(helpquestion_id=question.pk, agency_id=agency.pk)
        for question, data in zip(created, questions, strict=True)
        for agency in data.get("agencies") or ()
    )


def register_visit(*, actor, data: dict, questions: list[dict]) -> HelpContact:
    """One visit with its questions, and a satisfaction code for the slip."""
    if not permissions.has_perm(actor, Perm.REGISTER_HELP, data["location"]):
        raise PermissionDenied
    return _save_visit(actor, data, questions)


# Refused before this, so a caller's transaction stays usable after a refusal. Within a
# caller's transaction (once.run) no savepoint of its own: on an error that one rolls back whole.
@transaction.atomic(savepoint=False)
def _save_visit(actor, data: dict, questions: list[dict]) -> HelpContact:
    location = data["location"]
    contact = HelpContact.objects.create(
        **{name: data[name] for name in CONTACT_FIELDS if name in data},
        organisation=location.organisation,
        helper=actor,
    )
    _questions(contact, questions)
    for _attempt in range(5):
        try:
            with transaction.atomic():  # a random code can, rarely, exist already
                SurveyCode.objects.create(contact=contact, expires_at=survey_expiry(timezone.now()))
            break
        except IntegrityError:
            continue
    return contact


def _snapshot(contact: HelpContact) -> dict:
    data = audit.snapshot(contact, CONTACT_FIELDS)
    data["questions"] = [
        f"{q.theme.name}: {q.outcome_id} ({', '.join(a.name for a in q.agencies.all())})"
        for q in contact.questions.all()
    ]
    return data


@transaction.atomic
def correct_visit(*, actor, contact_id: int, data: dict, questions: list[dict]) -> HelpContact:
    contact = HelpContact.objects.select_for_update().get(pk=contact_id)
    if not permissions.has_perm(actor, Perm.REGISTER_HELP, contact):
        raise HelpContact.DoesNotExist
    if not permissions.has_perm(actor, Perm.REGISTER_HELP, data["location"]):
        raise PermissionDenied
    same_day = contact.helper_id == actor.pk and (
        timezone.localdate(contact.created_at) == timezone.localdate()
    )
    before = None if same_day else _snapshot(contact)
    for name in CONTACT_FIELDS:
        if name in data:
            setattr(contact, name, data[name])
    contact.organisation = contact.location.organisation
    contact.save()
    contact.questions.all().delete()
    _questions(contact, questions)
    if not same_day:
        audit.record(
            "helpdesk.visit_corrected",
            actor=actor,
            subject=contact,
            before=before,
            after=_snapshot(contact),
        )
    return contact


@transaction.atomic
def answer_survey(*, code: str, data: dict, now: datetime | None = None) -> SurveyAnswer:
    """A visitor's answer by code: once, before the code expires."""
    now = now or timezone.now()
    survey = SurveyCode.objects.select_for_update().filter(code=code.upper()).first()
    if survey is None or survey.used_at is not None or survey.expires_at <= now:
        raise SurveyClosed
    if SurveyAnswer.objects.filter(contact=survey.contact_id).exists():
        raise SurveyClosed  # answered on paper already
    survey.used_at = now
    survey.save(update_fields=["used_at"])
    return SurveyAnswer.objects.create(contact_id=survey.contact_id, **data)


@transaction.atomic
def enter_paper_answer(*, actor, contact_id: int, data: dict) -> SurveyAnswer:
    """Staff type in an answer given on the paper slip."""
    contact = HelpContact.objects.select_for_update().get(pk=contact_id)
    if not permissions.has_perm(actor, Perm.REGISTER_HELP, contact):
        raise HelpContact.DoesNotExist
    # The same row the online answer locks: the two can never both be saved.
    code = SurveyCode.objects.select_for_update().filter(contact=contact).first()
    if SurveyAnswer.objects.filter(contact=contact).exists():
        raise SurveyClosed
    if code is not None and code.used_at is None:
        code.used_at = timezone.now()
        code.save(update_fields=["used_at"])
    answer = SurveyAnswer.objects.create(contact=contact, on_paper=True, entered_by=actor, **data)
    audit.record("helpdesk.paper_answer_entered", actor=actor, subject=contact)
    return answer


@transaction.atomic
def save_template(*, actor, organisation, name: str, theme, agencies, outcome) -> QuestionTemplate:
    if not permissions.has_perm(actor, Perm.REGISTER_HELP, organisation):
        raise PermissionDenied
    template, _created = QuestionTemplate.objects.update_or_create(
        organisation=organisation,
        name=name,
        defaults={"theme": theme, "outcome_id": _code(outcome)},
    )
    template.agencies.set(agencies)
    return template


@transaction.atomic
def delete_template(*, actor, template_id: int) -> None:
    template = QuestionTemplate.objects.select_for_update().get(pk=template_id)
    if not permissions.has_perm(actor, Perm.REGISTER_HELP, template.organisation):
        raise QuestionTemplate.DoesNotExist
    template.delete()


@transaction.atomic
def save_code_lists(*, actor, items: list) -> None:
    """Themes, agencies and outcome names are shared by every help point; changes are
    audited."""
    if not permissions.has_perm(actor, Perm.CONFIGURE_HELPDESK):
        raise PermissionDenied
    for item in items:
        item.save()
    audit.record(
        "helpdesk.code_lists_changed",
        actor=actor,
        after={"changed": [str(item.name) for item in items]},
    )


@transaction.atomic
def create_slots(
    *,
    actor,
    location,
    helper,
    day: date,
    first: str,
    last: str,
    minutes: int,
    purpose: str = Purpose.HELP,
) -> int:
    """A series of appointment slots for one helper on one day; times that overlap one the
    helper already has, or that have passed, are left out. A help point plans its help
    appointments, a hub its eligibility checks (each with its own permission)."""
    kind = KINDS[purpose]
    if not permissions.has_perm(actor, kind.perm, location):
        raise PermissionDenied
    if not permissions.has_perm(helper, kind.perm, location):
        raise Refused(str(kind.not_here))
    if day < timezone.localdate():
        raise Refused(_("Kies vandaag of een dag in de toekomst."))
    # Lock the helper's day, so two series made at once cannot overlap.
    taken = list(
        AppointmentSlot.objects.select_for_update()
        .filter(helper=helper, starts_at__date=day)
        .values_list("starts_at", "ends_at")
    )
    created = []
    open_slots, _closed = calendar.open_series(location, day, first, last, minutes)
    for start, end in open_slots:
        if start <= timezone.now() or any(s < end and start < e for s, e in taken):
            continue
        created.append(
            AppointmentSlot(
                location=location, helper=helper, purpose=purpose, starts_at=start, ends_at=end
            )
        )
        taken.append((start, end))
    AppointmentSlot.objects.bulk_create(created)
    return len(created)


class SlotTaken(Conflict):
    """Someone else booked this time a moment ago."""


CONTACT_FOR = {ConfirmBy.SMS: "phone", ConfirmBy.EMAIL: "email", ConfirmBy.SLIP: None}


@transaction.atomic
def book_appointment(*, actor, slot_id: int, data: dict) -> Appointment:
    """Staff book a follow-up. The slot row is locked, and a constraint allows one appointment
    per time that is not cancelled. Only the contact detail the confirmation needs is kept."""
    slot = AppointmentSlot.objects.select_for_update().select_related("location").get(pk=slot_id)
    if not permissions.has_perm(actor, perm_for(slot), slot):
        raise AppointmentSlot.DoesNotExist
    if slot.starts_at <= timezone.now() or _taken(slot):
        raise SlotTaken
    return _book(slot, data, actor=actor)


@transaction.atomic
def book_online(
    *,
    location_id: int,
    starts_at: datetime,
    data: dict,
    language: str,
    purpose: str = Purpose.HELP,
    application=None,
):
    """A resident books a time themselves (/afspraak): at a help point, or for the eligibility
    check at a hub (`application`: the one whose check it is, when known). Every helper's slot
    of that purpose at that time is locked; the first still free is taken. The confirmation
    carries a link to cancel or choose another time."""
    slots = list(
        AppointmentSlot.objects.select_for_update()
        .select_related("location")
        .filter(location_id=location_id, starts_at=starts_at, purpose=purpose)
        .order_by("pk")
    )
    free = [
        slot
        for slot in slots
        if slot.starts_at >= timezone.now() + selectors.BOOK_AHEAD and not _taken(slot)
    ]
    if not free:
        raise SlotTaken
    if application is not None and (
        application.hub_id != location_id or purpose != Purpose.ELIGIBILITY
    ):
        application = None  # only the check at the application's own hub is about it
    data = data | {"language": language, "application": application}
    return _book(free[0], data | {"manage_token": new_manage_token()}, actor=None)


def cancel_online(*, token: str) -> Appointment:
    """The resident cancels with the link from their confirmation; the time is free again.
    A link of an appointment that is over or no longer booked is refused."""
    with transaction.atomic():
        appointment = (
            Appointment.objects.select_for_update()
            .select_related("slot__location")
            .filter(manage_token=token)
            .first()
        )
        if appointment is None:
            raise Appointment.DoesNotExist
        if appointment.slot.starts_at <= timezone.now():
            raise Refused(_("Deze afspraak is al begonnen of voorbij."))
        move = WORKFLOW.begin(appointment, AppointmentStep.CANCEL, by=By.RESIDENT)
        return WORKFLOW.finish(appointment, move, by=By.RESIDENT)


def _taken(slot: AppointmentSlot) -> bool:
    return slot.appointments.exclude(status=AppointmentStatus.CANCELLED).exists()


def _book(slot: AppointmentSlot, data: dict, *, actor) -> Appointment:
    data = dict(data)
    needed = CONTACT_FOR[data.get("confirm_by", ConfirmBy.SLIP)]
    for field in ("phone", "email"):
        if field != needed:
            data[field] = ""
    appointment = Appointment(slot=slot, created_by=actor, **data)
    move = WORKFLOW.begin(appointment, AppointmentStep.BOOK, actor=actor)
    return WORKFLOW.finish(appointment, move, actor=actor)


@transaction.atomic
def set_appointment_status(*, actor, appointment_id: int, status: str) -> Appointment:
    """Came, did not come (once the time has begun) or cancelled: a step in the table of
    helpdesk.workflow."""
    appointment = (
        Appointment.objects.select_for_update().select_related("slot").get(pk=appointment_id)
    )
    step = STEP_FOR_STATUS.get(status)
    if step is None:
        raise Refused(_("Kies wat er met de afspraak is gebeurd."))
    move = WORKFLOW.begin(appointment, step, actor=actor)
    return WORKFLOW.finish(appointment, move, actor=actor)


def remind_appointments(*, now: datetime | None = None) -> int:
    """SMS or e-mail the day before (run daily). An appointment counts as reminded when the
    outbox holds its reminder, so a second run, or a second scheduler, sends none."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    count = 0
    due = Appointment.objects.filter(
        status=AppointmentStatus.BOOKED,
        slot__starts_at__date=tomorrow,
        confirm_by__in=[ConfirmBy.SMS, ConfirmBy.EMAIL],
    ).exclude(messages__kind=REMINDER)
    for appointment_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            # The lock makes a parallel run wait here, and then see the reminder.
            appointment = (
                Appointment.objects.select_for_update()
                .select_related("slot__location")
                .get(pk=appointment_id)
            )
            if appointment.messages.filter(kind=REMINDER).exists():
                continue
            confirm(appointment, reminder=True)
            count += 1
    return count


def forget_visitors(*, now: datetime | None = None) -> int:
    """Remove the visitor's name and contact details once the appointment day is over, also
    from the messages sent to them."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        over = Appointment.objects.filter(
            forgotten_at__isnull=True, slot__starts_at__date__lt=today
        )
        outbox.forget(over)
        return over.update(visitor_name="", phone="", email="", forgotten_at=now)
