"""Public pages of the finder ("Hulp in de buurt"). No login, no JavaScript needed."""

import re

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from digiketen.accounts.middleware import two_factor_exempt
from digiketen.accounts.qr import qr_svg
from digiketen.core.pdf import render_pdf
from digiketen.directory import selectors
from digiketen.directory.models import Service
from digiketen.directory.needs import NEEDS, NEEDS_BY_SLUG
from digiketen.directory.public_forms import FinderForm
from digiketen.directory.schedule import opening_status
from digiketen.organisations.models import Location, Neighbourhood, OpeningHours

RESULTS_PER_PAGE = 20


@two_factor_exempt
def finder_start(request):
    return render(request, "directory/public/start.html", {"needs": NEEDS})


def _need(slug):
    need = NEEDS_BY_SLUG.get(slug)
    if need is None:
        raise Http404
    return need


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
            "remote": selectors.remote_services(need),
            "query_string": params.urlencode(),
        },
    )


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


def _overview(request):
    need = _need(request.GET.get("hulp", ""))
    wijk = request.GET.get("wijk", "")
    if not re.fullmatch(r"[0-9]{1,9}", wijk):
        raise Http404
    neighbourhood = get_object_or_404(Neighbourhood, pk=int(wijk))
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


@two_factor_exempt
def overview(request):
    return render(request, "directory/public/overview.html", _overview(request))


@two_factor_exempt
def overview_pdf(request):
    context = _overview(request)
    pdf = render_pdf("directory/public/overview_pdf.html", context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = slugify(f"hulp {context['need'].slug} {context['neighbourhood'].name}") + ".pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
