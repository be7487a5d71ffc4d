from collections import Counter

from django.db.models import Count, Prefetch, Q, QuerySet

from digiketen import permissions
from digiketen.organisations.models import (
    Location,
    Neighbourhood,
    OpeningHours,
    Organisation,
    OrganisationType,
)
from digiketen.permissions import Perm


def directory_organisations(*, user, query: str = "", type: str = "") -> QuerySet[Organisation]:
    """Organisations the user may see in the staff directory, with a count of locations."""
    organisations = permissions.scope_queryset(
        user, Perm.VIEW_DIRECTORY, Organisation.objects.all(), "pk"
    )
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query) | Q(locations__name__icontains=query)
        ).distinct()
    if type:
        organisations = organisations.filter(type=type)
    return organisations.annotate(location_count=Count("locations", distinct=True)).order_by("name")


def directory_locations(*, user) -> QuerySet[Location]:
    return permissions.scope_queryset(
        user, Perm.VIEW_DIRECTORY, Location.objects.all(), "organisation"
    ).select_related("organisation", "neighbourhood")


def location_with_details(*, user) -> QuerySet[Location]:
    return directory_locations(user=user).prefetch_related(
        "accessibility_features",
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
    )


def manageable_organisations(*, user) -> QuerySet[Organisation]:
    return permissions.scope_queryset(
        user, Perm.MANAGE_ORGANISATION, Organisation.objects.all(), "pk"
    )


PUBLIC_PLACE_TYPES = [OrganisationType.LIBRARY, OrganisationType.WELFARE]


def public_places() -> QuerySet[Location]:
    """Libraries and community centres where residents can walk in, for the public pages."""
    return (
        Location.objects.filter(
            is_active=True,
            organisation__is_active=True,
            organisation__type__in=PUBLIC_PLACE_TYPES,
        )
        .select_related("organisation")
        .prefetch_related(
            Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens"))
        )
    )


def neighbourhood_of_postcode(postcode: str) -> Neighbourhood | None:
    """The wijk a postcode ("6217BD" or "6217") lies in, as our own locations tell: the wijk
    of the locations with that postcode, else of those in its 4-digit area; where they lie in
    more than one wijk, the one with the most of them (by name when even). None when none of
    our locations has a postcode that close."""
    area = postcode[:4]
    full = f"{area} {postcode[4:]}" if len(postcode) == 6 else None
    found = list(
        Location.objects.filter(postcode__startswith=area, neighbourhood__isnull=False)
        .values_list("postcode", "neighbourhood_id", "neighbourhood__name")
        .order_by()
    )
    same = [row for row in found if full and row[0].upper() == full]
    counted = Counter((pk, name) for _postcode, pk, name in (same or found))
    if not counted:
        return None
    (pk, name), _count = min(counted.items(), key=lambda item: (-item[1], item[0][1]))
    return Neighbourhood(pk=pk, name=name)
