"""Registering help point visits and satisfaction answers. Visits are anonymous: no name, no
contact details. A correction on the same day by the same helper is part of registering; any
later correction is written to the audit log."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from digiketen import permissions
from digiketen.core import audit
from digiketen.helpdesk.models import (
    HelpContact,
    HelpQuestion,
    QuestionTemplate,
    SurveyAnswer,
    SurveyCode,
)
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


def _questions(contact: HelpContact, questions: list[dict]) -> None:
    for data in questions:
        question = HelpQuestion.objects.create(
            contact=contact, theme=data["theme"], outcome=data["outcome"]
        )
        question.agencies.set(data.get("agencies", []))


@transaction.atomic
def register_visit(*, actor, data: dict, questions: list[dict]) -> HelpContact:
    """One visit with its questions, and a satisfaction code for the slip."""
    location = data["location"]
    if not permissions.has_perm(actor, Perm.REGISTER_HELP, location):
        raise PermissionDenied
    contact = HelpContact.objects.create(
        **{name: data[name] for name in CONTACT_FIELDS if name in data},
        organisation=location.organisation,
        helper=actor,
    )
    _questions(contact, questions)
    SurveyCode.objects.create(
        contact=contact, expires_at=timezone.now() + timedelta(days=SURVEY_DAYS)
    )
    return contact


def _snapshot(contact: HelpContact) -> dict:
    data = audit.snapshot(contact, CONTACT_FIELDS)
    data["questions"] = [
        f"{q.theme.name}: {q.outcome} ({', '.join(a.name for a in q.agencies.all())})"
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
    if SurveyAnswer.objects.filter(contact=contact).exists():
        raise SurveyClosed
    SurveyCode.objects.filter(contact=contact, used_at__isnull=True).update(used_at=timezone.now())
    return SurveyAnswer.objects.create(contact=contact, on_paper=True, entered_by=actor, **data)


@transaction.atomic
def save_template(*, actor, organisation, name: str, theme, agencies, outcome) -> QuestionTemplate:
    if not permissions.has_perm(actor, Perm.REGISTER_HELP, organisation):
        raise PermissionDenied
    template, _created = QuestionTemplate.objects.update_or_create(
        organisation=organisation, name=name, defaults={"theme": theme, "outcome": outcome}
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
def save_code_lists(*, actor, themes: list, agencies: list) -> None:
    """Themes and agencies are shared by every help point; a name change is audited."""
    if not permissions.has_perm(actor, Perm.CONFIGURE_HELPDESK):
        raise PermissionDenied
    for item in [*themes, *agencies]:
        item.save()
    audit.record(
        "helpdesk.code_lists_changed",
        actor=actor,
        after={"changed": [str(item.name) for item in [*themes, *agencies]]},
    )
