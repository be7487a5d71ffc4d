"""Figures of the courses as plain numbers: requests, waiting time to a place, participants,
completion, and the skill gain of people measured at the first and at the last lesson."""

from dataclasses import dataclass
from datetime import date
from statistics import median

from django.db.models import Min, QuerySet

from digiketen.learning.models import (
    SKILL_STATEMENTS,
    Enrolment,
    EnrolmentStatus,
    EnrolmentStep,
    SkillAnswer,
)

S = EnrolmentStatus


@dataclass(frozen=True)
class SkillGain:
    """Only people measured both times count; `people` says how many that is."""

    people: int
    # (statement, could at the first lesson, could at the last lesson), among those people
    statements: list[tuple[str, int, int]]


def skill_gain(enrolments: QuerySet[Enrolment]) -> SkillGain:
    answers = SkillAnswer.objects.filter(enrolment__in=enrolments).values_list(
        "enrolment_id", "moment", "statement", "can"
    )
    seen: dict[str, set[int]] = {"first": set(), "last": set()}
    can: dict[tuple[str, str], set[int]] = {}
    for enrolment_id, moment, statement, yes in answers:
        seen[moment].add(enrolment_id)
        if yes:
            can.setdefault((moment, statement), set()).add(enrolment_id)
    pairs = seen["first"] & seen["last"]
    return SkillGain(
        people=len(pairs),
        statements=[
            (
                str(text),
                len(can.get(("first", key), set()) & pairs),
                len(can.get(("last", key), set()) & pairs),
            )
            for key, text in SKILL_STATEMENTS
        ],
    )


@dataclass(frozen=True)
class CourseFigures:
    requests: int  # sign-ups in the period
    placed: int  # of those, how many got a place (so far)
    median_days_to_place: float | None  # from sign-up to accepting a seat
    participants: int  # people with a place in a run that had a lesson in the period
    completed: int  # completed in the period
    dropped_out: int  # stopped in the period


def figures(*, organisation_ids: set[int] | None, start: date, end: date) -> CourseFigures:
    """For the organisations (None: all) from `start` to `end` (both included)."""
    enrolments = Enrolment.objects.all()
    if organisation_ids is not None:
        enrolments = enrolments.filter(programme__organisation__in=organisation_ids)
    requested = enrolments.filter(created_at__date__gte=start, created_at__date__lte=end)
    placed = requested.filter(history__step=EnrolmentStep.ACCEPT).annotate(
        placed_at=Min("history__at")
    )
    waits = [(e.placed_at - e.created_at).total_seconds() / 86400 for e in placed]

    def finished(step):
        return (
            enrolments.filter(
                history__step=step, history__at__date__gte=start, history__at__date__lte=end
            )
            .distinct()
            .count()
        )

    participants = (
        enrolments.filter(
            status__in=[S.PLACED, S.COMPLETED, S.DROPPED_OUT],
            run__sessions__date__gte=start,
            run__sessions__date__lte=end,
        )
        .distinct()
        .count()
    )
    return CourseFigures(
        requests=requested.count(),
        placed=len(waits),
        median_days_to_place=round(median(waits), 1) if waits else None,
        participants=participants,
        completed=finished(EnrolmentStep.COMPLETE),
        dropped_out=finished(EnrolmentStep.DROP_OUT),
    )
