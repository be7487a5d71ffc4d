"""The self-assessment at the first and the last lesson, entered by staff from paper."""

from django.db import transaction

from digiketen.core import audit
from digiketen.core.errors import Refused
from digiketen.learning.models import SKILL_KEYS, CourseRun, EnrolmentStatus, SkillAnswer
from digiketen.learning.services.courses import _require

S = EnrolmentStatus


@transaction.atomic
def record_skills(*, actor, run_id: int, moment: str, answers: dict[int, set[str]]) -> int:
    """`answers`: per participant of the run, the statements they said they can do (those
    not named: they cannot yet). Only participants in `answers` are written; entering a
    moment again replaces it. Returns how many people were entered."""
    run = CourseRun.objects.select_related("programme__organisation").get(pk=run_id)
    _require(actor, run)
    if moment not in {"first", "last"}:
        raise Refused("moment")
    ids = set(
        run.enrolments.filter(status__in=[S.PLACED, S.COMPLETED, S.DROPPED_OUT]).values_list(
            "pk", flat=True
        )
    )
    entered = {pk: can for pk, can in answers.items() if pk in ids}
    SkillAnswer.objects.filter(enrolment_id__in=entered, moment=moment).delete()
    SkillAnswer.objects.bulk_create(
        SkillAnswer(enrolment_id=pk, moment=moment, statement=key, can=key in can)
        for pk, can in entered.items()
        for key in SKILL_KEYS
    )
    audit.record(
        "learning.skills_recorded",
        actor=actor,
        subject=run,
        after={"moment": moment, "people": len(entered)},
    )
    return len(entered)
