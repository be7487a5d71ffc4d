from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from digiketen import permissions
from digiketen.directory import geo
from digiketen.directory.models import (
    Access,
    ScheduleException,
    Service,
    ServiceAtLocation,
    ServiceHours,
    ServiceImport,
)
from digiketen.directory.needs import NEEDS, Need
from digiketen.directory.schedule import OpeningStatus, opening_status, still_open_today
from digiketen.organisations.models import Neighbourhood
from digiketen.permissions import Perm


@dataclass(frozen=True)
class FinderQuery:
    need: Need
    postcode: str | None = None  # normalised, e.g. "6211CN" or "6211"
    neighbourhood: Neighbourhood | None = None
    open_today: bool = False
    walk_in: bool = False
    language: str = ""
    accessibility: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    place: ServiceAtLocation
    status: OpeningStatus
    distance_km: float | None


def public_places(*, now: datetime | None = None) -> QuerySet[ServiceAtLocation]:
    """Active services at active locations, with everything a result shows, in few queries."""
    today = (now or timezone.localtime()).date()
    return (
        ServiceAtLocation.objects.filter(
            service__is_active=True,
            service__organisation__is_active=True,
            location__is_active=True,
        )
        .select_related(
            "service__organisation", "location__neighbourhood", "location__organisation"
        )
        .prefetch_related(
            Prefetch("hours", queryset=ServiceHours.objects.order_by("weekday", "opens")),
            Prefetch("exceptions", queryset=ScheduleException.objects.filter(end_date__gte=today)),
            "location__accessibility_features",
            "service__languages",
        )
    )


def find(query: FinderQuery, *, now: datetime | None = None) -> tuple[list[Result], bool]:
    """Places that answer the need, nearest first. Also returns whether the order is by
    true distance (False: by neighbourhood and postcode, when no position is known)."""
    now = now or timezone.localtime()
    places = public_places(now=now).filter(service__type__in=query.need.types)
    if query.walk_in:
        places = places.filter(service__access__in=[Access.WALK_IN, Access.BOTH])
    if query.language:
        places = places.filter(service__languages__code=query.language)
    for code in query.accessibility:
        places = places.filter(location__accessibility_features__code=code)
    origin = geo.locate(query.postcode) if query.postcode else None

    results = []
    for place in places.distinct():
        hours, exceptions = place.hours.all(), place.exceptions.all()
        if query.open_today and not still_open_today(now, hours, exceptions):
            continue
        location = place.location
        distance = None
        if origin is not None and location.latitude is not None:
            distance = geo.distance_km(
                origin, geo.Position(float(location.latitude), float(location.longitude))
            )
        results.append(Result(place, opening_status(now, hours, exceptions), distance))
    results.sort(key=lambda r: _order(r, query, origin))
    return results, origin is not None


def _order(result: Result, query: FinderQuery, origin) -> tuple:
    location = result.place.location
    if origin is not None:
        return (result.distance_km is None, result.distance_km or 0, location.name)
    same_neighbourhood = (
        query.neighbourhood is not None and location.neighbourhood_id == query.neighbourhood.pk
    )
    postcode_gap = (
        abs(int(location.postcode[:4]) - int(query.postcode[:4])) if query.postcode else 0
    )
    return (not same_neighbourhood, postcode_gap, location.name)


def remote_services(need: Need, *, language: str = "") -> QuerySet[Service]:
    """Services of this need that also help by phone or online, wherever you live; in the
    language asked for, as the places above them are."""
    services = Service.objects.filter(
        type__in=need.types, is_active=True, organisation__is_active=True
    ).filter(Q(by_phone=True) | Q(online=True))
    if language:
        services = services.filter(languages__code=language)
    return services.select_related("organisation").order_by("name")


def managed_services(*, user) -> QuerySet[Service]:
    """Services whose organisation the user maintains."""
    return permissions.scope_queryset(
        user, Perm.MANAGE_SERVICES, Service.objects.all(), "organisation"
    ).select_related("organisation")


def import_roles() -> list[str]:
    """The roles that may import services (CREATE_ORGANISATION, as the upload page)."""
    return [r for r, grants in permissions.GRANTS.items() if Perm.CREATE_ORGANISATION in grants]


def service_imports(*, user) -> QuerySet[ServiceImport]:
    """The import runs of the organisations where `user` holds a role that may import: another
    organisation's run is not found (404), even for a coordinator whose grant covers all."""
    member_of = user.memberships.filter(
        role__in=import_roles(), organisation__is_active=True
    ).values("organisation_id")
    runs = ServiceImport.objects.filter(organisation_id__in=member_of).defer("package")
    return runs.order_by("-created_at", "-pk")


def help_in_neighbourhood(
    neighbourhood: Neighbourhood, *, now: datetime | None = None
) -> list[tuple[Need, list[Result]]]:
    """Every public place in the wijk, grouped by the needs it answers (a place may answer
    more than one), in the order of the needs; needs without a place in the wijk are left
    out. The places are read once for all needs."""
    now = now or timezone.localtime()
    places = public_places(now=now).filter(location__neighbourhood=neighbourhood)
    results = [
        Result(place, opening_status(now, place.hours.all(), place.exceptions.all()), None)
        for place in places.order_by("location__name", "service__name", "pk")
    ]
    grouped = [(need, [r for r in results if r.place.service.type in need.types]) for need in NEEDS]
    return [(need, found) for need, found in grouped if found]
