"""Open Referral HSDS 3.0 API under /api/hsds/ (read-only, public, JSON).

Bad query parameters give 400 with an application/problem+json body, never a 500.
"""

import math
from datetime import UTC, datetime
from uuid import UUID

from django.conf import settings
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET

from digiketen.accounts.middleware import two_factor_exempt
from digiketen.directory import geo, hsds, selectors
from digiketen.directory.models import Service, ServiceType
from digiketen.organisations.models import Location, Organisation

HSDS_OPENAPI_URL = (
    "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
)
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
MAX_PAGE = 1_000_000


class BadRequest(Exception):
    def __init__(self, parameter: str, detail: str):
        super().__init__(detail)
        self.parameter, self.detail = parameter, detail


def api_view(view):
    """GET only, no login, JSON out; BadRequest becomes a problem+json 400."""

    @two_factor_exempt
    @require_GET
    def wrapped(request, *args, **kwargs):
        try:
            _check_format(request)
            # The catalogue is written in Dutch; labels in it are given in Dutch too.
            with translation.override(settings.LANGUAGE_CODE):
                data = view(request, *args, **kwargs)
            return JsonResponse(data, json_dumps_params={"indent": 1})
        except BadRequest as exc:
            return _problem(400, "Invalid query parameter", exc.detail, exc.parameter)
        except Http404:
            return _problem(404, "Not found", "No object with this id.")

    wrapped.__name__ = view.__name__
    return wrapped


def _problem(status: int, title: str, detail: str, parameter: str | None = None) -> JsonResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if parameter:
        body["invalidParams"] = [{"name": parameter, "reason": detail}]
    return JsonResponse(body, status=status, content_type="application/problem+json")


def _check_format(request) -> None:
    if request.GET.get("format", "json") != "json":
        raise BadRequest("format", "Only format=json is supported.")


def _int(request, name: str, default: int, minimum: int, maximum: int | None = None) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise BadRequest(name, f"{name} must be a whole number.") from exc
    if value < minimum or (maximum is not None and value > maximum):
        limits = f"between {minimum} and {maximum}" if maximum else f"at least {minimum}"
        raise BadRequest(name, f"{name} must be {limits}.")
    return value


def _uuid(request, name: str) -> UUID | None:
    raw = request.GET.get(name)
    if not raw:
        return None
    try:
        return UUID(raw)
    except ValueError as exc:
        raise BadRequest(name, f"{name} must be a UUID.") from exc


def _datetime(request, name: str) -> datetime | None:
    raw = request.GET.get(name)
    if not raw:
        return None
    try:
        value = parse_datetime(raw)
        if value is not None and value.tzinfo is None:
            value = timezone.make_aware(value)
        if value is not None:
            value.astimezone(UTC)  # out-of-range years fail here, not in the database
    except (ValueError, OverflowError):
        value = None
    if value is None or not 1900 <= value.year <= 9000:
        raise BadRequest(name, f"{name} must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z.")
    return value


def _page(request, items, serialise) -> dict:
    """HSDS paging over a queryset or list; serialise only the items on the page."""
    per_page = _int(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    number = _int(request, "page", 1, 1, MAX_PAGE)
    total = len(items) if isinstance(items, list) else items.count()
    pages = max(1, math.ceil(total / per_page))
    start = (number - 1) * per_page
    contents = [serialise(item) for item in items[start : start + per_page]]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": total == 0,
        "contents": contents,
    }


def _taxonomy_filter(request) -> Q:
    """Services matching taxonomy_term_id (a kind of help) or taxonomy_id."""
    query = Q()
    term_id = _uuid(request, "taxonomy_term_id")
    if term_id is not None:
        codes = [c for c in ServiceType.values if hsds.service_type_term(c)["id"] == str(term_id)]
        query &= Q(type__in=codes)
    taxonomy_id = _uuid(request, "taxonomy_id")
    if taxonomy_id is not None and str(taxonomy_id) != hsds.taxonomy(hsds.SERVICE_TYPES)["id"]:
        query &= Q(pk__in=[])
    return query


def _published_services():
    return Service.objects.filter(organisation__is_active=True).select_related("organisation")


@api_view
def root(request):
    return {
        "version": hsds.HSDS_VERSION,
        "profile": "https://openreferral.org/",
        "openapi_url": HSDS_OPENAPI_URL,
    }


@api_view
def service_list(request):
    services = _published_services().filter(_taxonomy_filter(request))
    if search := request.GET.get("search", "").strip():
        services = services.filter(Q(name__icontains=search) | Q(description__icontains=search))
    if (organisation_id := _uuid(request, "organization_id")) is not None:
        services = services.filter(organisation__uuid=organisation_id)
    if (after := _datetime(request, "modified_after")) is not None:
        services = services.filter(updated_at__gte=after)
    return _page(request, services.order_by("name", "pk"), hsds.service_summary)


@api_view
def service_detail(request, id):
    found = get_object_or_404(_published_services().prefetch_related("languages"), uuid=id)
    places = selectors.public_places().filter(service=found).order_by("location__name")
    return hsds.service(found, places=places)


@api_view
def organization_list(request):
    organisations = Organisation.objects.filter(is_active=True)
    if search := request.GET.get("search", "").strip():
        organisations = organisations.filter(name__icontains=search)
    return _page(request, organisations.order_by("name", "pk"), hsds.organization_summary)


@api_view
def organization_detail(request, id):
    organisation = get_object_or_404(Organisation.objects.filter(is_active=True), uuid=id)
    locations = Location.objects.filter(organisation=organisation, is_active=True).select_related(
        "organisation"
    )
    services = _published_services().filter(organisation=organisation)
    return hsds.organization(organisation, services=services, locations=locations)


@api_view
def service_at_location_list(request):
    places = selectors.public_places().filter(
        service__in=_published_services().filter(_taxonomy_filter(request))
    )
    if search := request.GET.get("search", "").strip():
        places = places.filter(
            Q(service__name__icontains=search) | Q(location__name__icontains=search)
        )
    if (organisation_id := _uuid(request, "organization_id")) is not None:
        places = places.filter(service__organisation__uuid=organisation_id)
    proximity = (
        _int(request, "proximity", 0, 1, 1_000_000) if request.GET.get("proximity") else None
    )
    raw_postcode = request.GET.get("postcode", "").strip()
    if not raw_postcode:
        if proximity is not None:
            raise BadRequest("proximity", "proximity needs a postcode.")
        return _page(request, places.order_by("location__name", "pk"), hsds.service_at_location)
    postcode = geo.normalise_postcode(raw_postcode)
    if postcode is None:
        raise BadRequest("postcode", "postcode must be a Dutch postcode, e.g. 6211CN or 6211.")
    return _page(request, _near(list(places), postcode, proximity), hsds.service_at_location)


def _near(places: list, postcode: str, proximity: int | None) -> list:
    """Nearest first; within `proximity` metres when given. Without a known position of the
    postcode, places in the same 4-digit postcode area come first (or only them)."""
    origin = geo.locate(postcode)
    if origin is None:
        same_area = [p for p in places if p.location.postcode[:4] == postcode[:4]]
        if proximity is not None:
            return same_area
        return same_area + [p for p in places if p not in same_area]
    measured, unplaced = [], []
    for place in places:
        location = place.location
        if location.latitude is None:
            unplaced.append(place)
            continue
        km = geo.distance_km(
            origin, geo.Position(float(location.latitude), float(location.longitude))
        )
        if proximity is None or km * 1000 <= proximity:
            measured.append((km, place))
    nearest = [place for _km, place in sorted(measured, key=lambda pair: pair[0])]
    # Without proximity nothing is left out: places without coordinates come last.
    return nearest if proximity is not None else nearest + unplaced


@api_view
def service_at_location_detail(request, id):
    return hsds.service_at_location(get_object_or_404(selectors.public_places(), uuid=id))


@api_view
def taxonomy_list(request):
    taxonomies = [hsds.taxonomy(key) for key in hsds.TAXONOMIES]
    return _page(request, taxonomies, lambda t: t)


@api_view
def taxonomy_detail(request, id):
    for key in hsds.TAXONOMIES:
        if hsds.taxonomy(key)["id"] == str(id):
            return hsds.taxonomy(key)
    raise Http404


@api_view
def taxonomy_term_list(request):
    terms = hsds.taxonomy_terms()
    if (taxonomy_id := _uuid(request, "taxonomy_id")) is not None:
        terms = [t for t in terms if t["taxonomy_id"] == str(taxonomy_id)]
    return _page(request, terms, lambda t: t)


@api_view
def taxonomy_term_detail(request, id):
    for term in hsds.taxonomy_terms():
        if term["id"] == str(id):
            return term
    raise Http404
