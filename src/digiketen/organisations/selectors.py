from django.db.models import Count, Prefetch, Q, QuerySet

from digiketen import permissions
from digiketen.organisations.models import Location, OpeningHours, Organisation, OrganisationType
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
