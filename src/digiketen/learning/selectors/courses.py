"""Reads for the course pages: always scoped to the coordinator's organisations."""

from django.db.models import Count, Prefetch, Q, QuerySet

from digiketen import permissions
from digiketen.learning.models import (
    HOLDS_SEAT,
    CourseRun,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    Programme,
)
from digiketen.organisations.models import Location
from digiketen.permissions import Perm

S = EnrolmentStatus


def programmes(*, user) -> QuerySet[Programme]:
    return permissions.scope_queryset(
        user, Perm.MANAGE_COURSES, Programme.objects.select_related("organisation"), "organisation"
    ).annotate(waiting=Count("enrolments", filter=Q(enrolments__status=S.WAITING)))


def runs(*, user) -> QuerySet[CourseRun]:
    return permissions.scope_queryset(
        user,
        Perm.MANAGE_COURSES,
        CourseRun.objects.select_related("programme__organisation", "location", "service"),
        "programme__organisation",
    )


def sessions(*, user) -> QuerySet[CourseSession]:
    return permissions.scope_queryset(
        user,
        Perm.MANAGE_COURSES,
        CourseSession.objects.select_related("run__programme__organisation", "run__location"),
        "run__programme__organisation",
    )


def enrolments(*, user) -> QuerySet[Enrolment]:
    return permissions.scope_queryset(
        user,
        Perm.MANAGE_COURSES,
        Enrolment.objects.select_related("programme__organisation", "run__location"),
        "programme__organisation",
    )


def own_locations(*, user) -> QuerySet[Location]:
    return permissions.scope_queryset(
        user, Perm.MANAGE_COURSES, Location.objects.order_by("name"), "organisation"
    )


def waiting_list(*, programme: Programme) -> QuerySet[Enrolment]:
    """The programme's list in its order: first come, first served (moved only with reason)."""
    return programme.enrolments.filter(status__in=[S.REQUESTED, S.WAITING]).order_by(
        "queued_at", "pk"
    )


def run_participants(*, run: CourseRun) -> QuerySet[Enrolment]:
    return run.enrolments.filter(
        status__in=[*HOLDS_SEAT, S.COMPLETED, S.DROPPED_OUT]
    ).prefetch_related("attendance")


def runs_with_sessions(programme: Programme) -> QuerySet[CourseRun]:
    return programme.runs.select_related("location").prefetch_related("sessions")


def public_programmes() -> QuerySet[Programme]:
    """Programmes a resident can sign up for: active, with an open run."""
    return (
        Programme.objects.filter(is_active=True, runs__is_open=True)
        .distinct()
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "runs",
                CourseRun.objects.filter(is_open=True)
                .select_related("location")
                .prefetch_related("sessions"),
                to_attr="open_runs",
            )
        )
        .order_by("name")
    )


def public_locations() -> QuerySet[Location]:
    return Location.objects.filter(course_runs__is_open=True).distinct().order_by("name")


def by_token(token: str) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(token=token).select_related(
        "programme__organisation", "run__location"
    )


def by_certificate(code: str) -> Enrolment | None:
    if not code:
        return None
    return (
        Enrolment.objects.filter(certificate_code=code.upper(), status=S.COMPLETED)
        .select_related("programme__organisation", "run__location")
        .first()
    )
