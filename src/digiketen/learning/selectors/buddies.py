"""Reads for the buddy pages, the suggestions and the figures. Every queryset is limited to
the organisations where the user holds MANAGE_BUDDIES, so another's record is not found."""

import statistics
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from digiketen import permissions
from digiketen.directory import geo
from digiketen.learning import matching
from digiketen.learning.models import (
    BuddyLanguage,
    BuddyPolicy,
    BuddyRequest,
    BuddyTopic,
    DayPart,
    Match,
    MatchStatus,
    Meeting,
    RequestStatus,
    Volunteer,
)
from digiketen.permissions import Perm

LIVE = (MatchStatus.PROPOSED, MatchStatus.ACTIVE, MatchStatus.ON_HOLD)
VOG_WARNING_DAYS = 60


def buddy_organisation_ids(user) -> set[int] | None:
    return permissions.organisation_ids(user, Perm.MANAGE_BUDDIES)


def volunteers(*, user) -> QuerySet[Volunteer]:
    return permissions.scope_queryset(
        user, Perm.MANAGE_BUDDIES, Volunteer.objects.select_related("organisation"), "organisation"
    )


def requests(*, user) -> QuerySet[BuddyRequest]:
    return permissions.scope_queryset(
        user,
        Perm.MANAGE_BUDDIES,
        BuddyRequest.objects.select_related("organisation"),
        "organisation",
    )


def matches(*, user) -> QuerySet[Match]:
    return permissions.scope_queryset(
        user,
        Perm.MANAGE_BUDDIES,
        Match.objects.select_related("volunteer", "request", "organisation"),
        "organisation",
    )


def policy(organisation) -> BuddyPolicy:
    """The organisation's rules, or the defaults (3 years, 12 months) when it set none."""
    found = BuddyPolicy.objects.filter(organisation=organisation).first()
    return found or BuddyPolicy(organisation=organisation)


def vog_expiring(*, user, today: date | None = None) -> QuerySet[Volunteer]:
    """Active volunteers whose VOG ends within VOG_WARNING_DAYS, or has ended."""
    today = today or timezone.localdate()
    return volunteers(user=user).filter(
        is_active=True, vog_valid_until__lte=today + timedelta(days=VOG_WARNING_DAYS)
    )


def labels() -> dict:
    """Codes of languages, day parts and topics, in words of the current language."""
    found = {code: str(label) for code, label in BuddyLanguage.choices}
    found |= {code: str(label) for code, label in DayPart.choices}
    found |= {topic.pk: str(topic) for topic in BuddyTopic.objects.all()}
    return found


def candidate(volunteer: Volunteer) -> matching.Candidate:
    return matching.Candidate(
        id=volunteer.pk,
        name=volunteer.name,
        languages=frozenset(volunteer.languages),
        postcode=volunteer.postcode,
        availability=frozenset(volunteer.availability),
        topics=frozenset(t.pk for t in volunteer.topics.all()),
        home_visits=volunteer.home_visits,
        vog_valid_until=volunteer.vog_valid_until,
        is_active=volunteer.is_active,
    )


def wish(request: BuddyRequest) -> matching.Wish:
    declined = request.matches.filter(status=MatchStatus.DECLINED).values_list(
        "volunteer_id", flat=True
    )
    return matching.Wish(
        language=request.language,
        postcode=request.postcode,
        availability=frozenset(request.availability),
        topics=frozenset(t.pk for t in request.topics.all()),
        home_visit=request.home_visit,
        declined_by=frozenset(declined),
    )


def _distances(request: BuddyRequest):
    positions: dict[str, geo.Position | None] = {}

    def position(postcode: str):
        if postcode not in positions:
            positions[postcode] = geo.locate(postcode)
        return positions[postcode]

    def distance(c: matching.Candidate) -> float | None:
        here, there = position(request.postcode), position(c.postcode)
        return geo.distance_km(here, there) if here and there else None

    return distance


def suggestions(*, request: BuddyRequest, today: date | None = None) -> list[matching.Suggestion]:
    """Volunteers of the request's organisation for this request, best first, with reasons.
    Nobody without a valid VOG: the query leaves them out and matching.rank checks again."""
    today = today or timezone.localdate()
    pool = (
        Volunteer.objects.filter(
            organisation_id=request.organisation_id, is_active=True, vog_valid_until__gt=today
        )
        .prefetch_related("topics")
        .order_by("name", "pk")
    )
    return matching.rank(
        [candidate(v) for v in pool],
        wish(request),
        today=today,
        distance=_distances(request),
        labels=labels(),
    )


def figures(*, organisation_ids: set[int] | None, start: date, end: date) -> dict[str, float]:
    """Plain numbers for the period [start, end] (dates inclusive), for the figures page and
    the council report. `organisation_ids` None: every organisation."""

    def scoped(queryset, field="organisation_id"):
        if organisation_ids is None:
            return queryset
        return queryset.filter(**{f"{field}__in": organisation_ids})

    tz = timezone.get_current_timezone()
    since = datetime.combine(start, time(), tz)
    until = datetime.combine(end + timedelta(days=1), time(), tz)
    new_requests = scoped(BuddyRequest.objects.filter(created_at__gte=since, created_at__lt=until))
    started = list(
        scoped(Match.objects.filter(started_on__gte=start, started_on__lte=end)).values_list(
            "started_on", "request__created_at"
        )
    )
    waits = sorted((day - timezone.localdate(created)).days for day, created in started)
    meetings = scoped(
        Meeting.objects.filter(held_on__gte=start, held_on__lte=end), "match__organisation_id"
    ).aggregate(count=Count("pk"), minutes=Sum("minutes"))
    active = scoped(
        Match.objects.filter(started_on__lte=end).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=end)
        )
    ).exclude(status__in=[MatchStatus.PROPOSED, MatchStatus.DECLINED])
    expiring = scoped(
        Volunteer.objects.filter(
            is_active=True,
            vog_valid_until__gt=end,
            vog_valid_until__lte=end + timedelta(days=VOG_WARNING_DAYS),
        )
    )
    return {
        "requests": new_requests.count(),
        "requests_waiting": scoped(BuddyRequest.objects.filter(status=RequestStatus.OPEN)).count(),
        "matches_started": len(waits),
        "median_wait_days": statistics.median(waits) if waits else 0,
        "active_matches": active.count(),
        "meetings": meetings["count"] or 0,
        "meeting_hours": round((meetings["minutes"] or 0) / 60, 1),
        "vog_expiring": expiring.count(),
    }
