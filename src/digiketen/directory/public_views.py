"""Public pages of the finder ("Hulp in de buurt"). No login, no JavaScript needed."""

import re
from datetime import timedelta

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from digiketen.accounts.middleware import two_factor_exempt
from digiketen.accounts.qr import qr_svg
from digiketen.core import content_cache, ratelimit
from digiketen.core.pdf import render_pdf
from digiketen.directory import selectors
from digiketen.directory.models import Service
from digiketen.directory.needs import NEEDS, NEEDS_BY_SLUG
from digiketen.directory.public_forms import FinderForm, NeighbourhoodSheetForm
from digiketen.directory.schedule import opening_status
from digiketen.organisations import selectors as org_selectors
from digiketen.organisations.models import Location, Neighbourhood, OpeningHours

RESULTS_PER_PAGE = 20


@require_safe
@two_factor_exempt
def finder_start(request):
    return render(request, "directory/public/start.html", {"needs": NEEDS})


def _need(slug):
    need = NEEDS_BY_SLUG.get(slug)
    if need is None:
        raise Http404
    return need


@require_safe
@two_factor_exempt
def finder_results(request, need):
    need = _need(need)
    form = FinderForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        # Keep the valid filters; show the error next to the wrong one.
        filters = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    query = selectors.FinderQuery(
        need=need,
        postcode=filters.get("postcode"),
        neighbourhood=filters.get("wijk"),
        open_today=bool(filters.get("vandaag")),
        walk_in=bool(filters.get("binnenlopen")),
        language=filters.get("taal") or "",
        accessibility=tuple(f.code for f in filters.get("toegankelijk") or ()),
    )
    results, by_distance = selectors.find(query)
    # The wijk the printed overviews are for: the one chosen, else the postcode's.
    print_neighbourhood = query.neighbourhood or (
        org_selectors.neighbourhood_of_postcode(query.postcode) if query.postcode else None
    )
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "directory/public/results.html",
        {
            "need": need,
            "form": form,
            "page": page,
            "by_distance": by_distance,
            "query": query,
            "print_neighbourhood": print_neighbourhood,
            "remote": selectors.remote_services(need, language=query.language),
            "query_string": params.urlencode(),
            "needs": NEEDS,
        },
    )


@require_safe
@two_factor_exempt
def service_page(request, uuid):
    service = get_object_or_404(
        Service.objects.filter(is_active=True, organisation__is_active=True)
        .select_related("organisation")
        .prefetch_related("languages"),
        uuid=uuid,
    )
    now = timezone.localtime()
    places = [
        (place, opening_status(now, place.hours.all(), place.exceptions.all()))
        for place in selectors.public_places(now=now).filter(service=service)
    ]
    return render(request, "directory/public/service.html", {"service": service, "places": places})


@require_safe
@two_factor_exempt
def location_page(request, uuid):
    location = get_object_or_404(
        Location.objects.filter(is_active=True, organisation__is_active=True)
        .select_related("organisation", "neighbourhood")
        .prefetch_related("accessibility_features"),
        uuid=uuid,
    )
    now = timezone.localtime()
    places = [
        (place, opening_status(now, place.hours.all(), place.exceptions.all()))
        for place in selectors.public_places(now=now).filter(location=location)
    ]
    hours = OpeningHours.objects.filter(location=location).order_by("weekday", "opens")
    return render(
        request,
        "directory/public/location.html",
        {"location": location, "places": places, "hours": hours},
    )


def _overview_place(request) -> tuple:
    """The need and the neighbourhood an overview is for (404 when either is unknown)."""
    need = _need(request.GET.get("hulp", ""))
    wijk = request.GET.get("wijk", "")
    if not re.fullmatch(r"[0-9]{1,9}", wijk):
        raise Http404
    return need, get_object_or_404(Neighbourhood, pk=int(wijk))


def _overview(request, need, neighbourhood):
    results, _by_distance = selectors.find(
        selectors.FinderQuery(need=need, neighbourhood=neighbourhood)
    )
    in_neighbourhood = [r for r in results if r.place.location.neighbourhood_id == neighbourhood.pk]
    others = [r for r in results if r.place.location.neighbourhood_id != neighbourhood.pk]
    back = request.build_absolute_uri(
        reverse("directory:public-results", args=[need.slug]) + f"?wijk={neighbourhood.pk}"
    )
    return {
        "need": need,
        "neighbourhood": neighbourhood,
        "in_neighbourhood": in_neighbourhood,
        "others": others[:10],
        "remote": selectors.remote_services(need),
        "back_url": back,
        "qr": qr_svg(back, label=_("QR-code naar deze pagina op internet")),
        "printed_on": timezone.localdate(),
    }


@require_safe
@two_factor_exempt
def overview(request):
    return render(
        request, "directory/public/overview.html", _overview(request, *_overview_place(request))
    )


# Making a PDF costs a third of a second: each one is made once per change of the finder's
# content (and per day, for its date), and one address may have only a few made.
PDF_RENDERS_PER_ADDRESS = 10
PDF_RENDER_WINDOW = timedelta(minutes=15)
PDF_CACHE_SECONDS = 60 * 60 * 24


def _cached_pdf(request, kind: str, parts: tuple, template: str, context, filename: str):
    """A PDF made once per content version, language and day (`context` is called only
    then), with a limit on how many one address may have made."""
    parts = (*parts, get_language(), timezone.localdate().isoformat())
    key = content_cache.cache_key(kind, parts, ("site", "directory"))
    pdf = cache.get(key)
    if pdf is None:
        if not ratelimit.hit(
            "overview-pdf",
            ratelimit.client_address(request),
            limit=PDF_RENDERS_PER_ADDRESS,
            window=PDF_RENDER_WINDOW,
        ):
            return HttpResponse(
                _("U heeft veel overzichten gemaakt. Probeer het over een kwartier opnieuw."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
        pdf = render_pdf(template, context(), request=request)
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slugify(filename)}.pdf"'
    return response


@require_safe
@two_factor_exempt
def overview_pdf(request):
    need, neighbourhood = _overview_place(request)
    return _cached_pdf(
        request,
        "overview-pdf",
        (need.slug, neighbourhood.pk),
        "directory/public/overview_pdf.html",
        lambda: _overview(request, need, neighbourhood),
        f"hulp {need.slug} {neighbourhood.name}",
    )


# All help in one wijk ------------------------------------------------------------------------


def _sheet_neighbourhood(request) -> Neighbourhood:
    wijk = request.GET.get("wijk", "")
    if not re.fullmatch(r"[0-9]{1,9}", wijk):
        raise Http404
    return get_object_or_404(Neighbourhood, pk=int(wijk))


def _sheet(request, neighbourhood):
    url = reverse("directory:public-neighbourhood") + f"?wijk={neighbourhood.pk}"
    here = request.build_absolute_uri(url)
    return {
        "neighbourhood": neighbourhood,
        "groups": selectors.help_in_neighbourhood(neighbourhood),
        "back_url": here,
        "qr": qr_svg(here, label=_("QR-code naar deze pagina op internet")),
        "printed_on": timezone.localdate(),
    }


@require_safe
@two_factor_exempt
def neighbourhood_sheet(request):
    """All help in one wijk, grouped by need, to print. A postcode leads to its wijk's sheet;
    without a wijk (or with a postcode whose wijk is unknown) the page asks for one."""
    if "wijk" in request.GET and "postcode" not in request.GET:
        neighbourhood = _sheet_neighbourhood(request)
        return render(
            request, "directory/public/neighbourhood.html", _sheet(request, neighbourhood)
        )
    form = NeighbourhoodSheetForm(request.GET or None)
    if form.is_valid():
        neighbourhood = form.cleaned_data["wijk"]
        if form.cleaned_data["postcode"]:
            neighbourhood = org_selectors.neighbourhood_of_postcode(form.cleaned_data["postcode"])
        if neighbourhood is not None:
            return redirect(reverse("directory:public-neighbourhood") + f"?wijk={neighbourhood.pk}")
        form.add_error(
            "postcode",
            _("Wij weten niet in welke wijk deze postcode ligt. Kies uw wijk hieronder."),
        )
    return render(request, "directory/public/neighbourhood_choose.html", {"form": form})


@require_safe
@two_factor_exempt
def neighbourhood_sheet_pdf(request):
    neighbourhood = _sheet_neighbourhood(request)
    return _cached_pdf(
        request,
        "neighbourhood-pdf",
        (neighbourhood.pk,),
        "directory/public/neighbourhood_pdf.html",
        lambda: _sheet(request, neighbourhood),
        f"alle hulp {neighbourhood.name}",
    )
