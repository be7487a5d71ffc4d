from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from digiketen import permissions
from digiketen.core import once
from digiketen.directory import import_runs, selectors, services
from digiketen.directory.forms import (
    ExceptionForm,
    ImportForm,
    NewServiceForm,
    PlaceForm,
    ServiceForm,
)
from digiketen.directory.models import ScheduleException, ServiceAtLocation
from digiketen.organisations.forms import OpeningHoursFormSet
from digiketen.organisations.models import Location, Organisation
from digiketen.permissions import Perm

RECENT_IMPORTS = 5
ERRORS_PER_PAGE = 50

require_services = permissions.require_perm(Perm.MANAGE_SERVICES)


def _confirm_before():
    return timezone.now() - timedelta(days=30 * settings.SERVICE_CONFIRM_MONTHS)


@require_safe
@require_services
def service_list(request):
    services_ = selectors.managed_services(user=request.user).order_by("organisation__name", "name")
    page = Paginator(services_, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/service_list.html",
        {
            "page": page,
            "confirm_before": _confirm_before(),
            "may_import": permissions.has_perm(request.user, Perm.CREATE_ORGANISATION),
        },
    )


def _organisations(user):
    return permissions.scope_queryset(
        user, Perm.MANAGE_SERVICES, Organisation.objects.filter(is_active=True), "pk"
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require_services
def service_create(request):
    form = NewServiceForm(request.POST or None, organisations=_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            service = services.create_service(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                data=form.cleaned_data,
                languages=form.cleaned_data["languages"],
            )
        except services.DuplicateName:
            form.add_error("name", _("Deze organisatie heeft al een dienst met deze naam."))
        else:
            messages.success(
                request, _("De dienst is aangemaakt. Voeg nu de plekken en tijden toe.")
            )
            return redirect(service)
    return render(request, "directory/service_form.html", {"form": form})


@require_safe
@require_services
def service_detail(request, pk):
    service = get_object_or_404(
        selectors.managed_services(user=request.user).prefetch_related("languages"), pk=pk
    )
    places = (
        service.at_locations.select_related("location")
        .prefetch_related("hours", "exceptions")
        .order_by("location__name")
    )
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "places": places,
            "needs_confirmation": service.last_confirmed_at is None
            or service.last_confirmed_at < _confirm_before(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require_services
def service_update(request, pk):
    service = get_object_or_404(selectors.managed_services(user=request.user), pk=pk)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_service(
                actor=request.user,
                service=service,
                data=form.cleaned_data,
                languages=form.cleaned_data["languages"],
            )
        except services.DuplicateName:
            form.add_error("name", _("Deze organisatie heeft al een dienst met deze naam."))
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect(service)
    return render(request, "directory/service_form.html", {"form": form, "service": service})


@require_POST
@require_services
def service_confirm(request, pk):
    service = get_object_or_404(selectors.managed_services(user=request.user), pk=pk)
    services.confirm_service(actor=request.user, service=service)
    messages.success(request, _("Dank u. De dienst staat als actueel bevestigd."))
    return redirect(service)


def _place_form(request, *, service, place=None):
    locations = None
    if place is None:
        locations = permissions.scope_queryset(
            request.user,
            Perm.MANAGE_SERVICES,
            Location.objects.filter(is_active=True).select_related("organisation"),
            "organisation",
        ).order_by("name")
    initial = {"note": place.note} if place else {}
    form = PlaceForm(request.POST or None, locations=locations, initial=initial)
    hours = OpeningHoursFormSet(
        request.POST or None,
        initial=[
            {"weekday": h.weekday, "opens": h.opens, "closes": h.closes}
            for h in (place.hours.all() if place else [])
        ],
        prefix="hours",
    )
    if request.method == "POST" and form.is_valid() and hours.is_valid():
        note, periods = form.cleaned_data["note"], hours.periods()
        try:
            if place is None:
                services.add_place(
                    actor=request.user,
                    service=service,
                    location=form.cleaned_data["location"],
                    note=note,
                    periods=periods,
                )
            else:
                services.update_place(actor=request.user, place=place, note=note, periods=periods)
        except services.DuplicateName:
            form.add_error("location", _("Deze dienst staat al op deze locatie."))
        except services.Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("De plek en tijden zijn opgeslagen."))
            return redirect(service)
    return render(
        request,
        "directory/place_form.html",
        {"form": form, "hours": hours, "service": service, "place": place},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require_services
def place_create(request, pk):
    service = get_object_or_404(selectors.managed_services(user=request.user), pk=pk)
    return _place_form(request, service=service)


def _managed_place(request, pk) -> ServiceAtLocation:
    return get_object_or_404(
        ServiceAtLocation.objects.filter(
            service__in=selectors.managed_services(user=request.user)
        ).select_related("service__organisation", "location"),
        pk=pk,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require_services
def place_update(request, pk):
    place = _managed_place(request, pk)
    return _place_form(request, service=place.service, place=place)


@require_POST
@require_services
def place_remove(request, pk):
    place = _managed_place(request, pk)
    services.remove_place(actor=request.user, place=place)
    messages.success(request, _("De plek is weggehaald."))
    return redirect(place.service)


@require_http_methods(["GET", "HEAD", "POST"])
@require_services
def exception_create(request, pk):
    place = _managed_place(request, pk)
    form = ExceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_exception(actor=request.user, place=place, data=form.cleaned_data)
        messages.success(request, _("De uitzondering is opgeslagen."))
        return redirect(place.service)
    return render(request, "directory/exception_form.html", {"form": form, "place": place})


@require_POST
@require_services
def exception_remove(request, pk):
    exception = get_object_or_404(
        ScheduleException.objects.filter(
            service_at_location__service__in=selectors.managed_services(user=request.user)
        ).select_related(
            "service_at_location__service__organisation", "service_at_location__location"
        ),
        pk=pk,
    )
    services.remove_exception(actor=request.user, exception=exception)
    messages.success(request, _("De uitzondering is weggehaald."))
    return redirect(exception.service_at_location.service)


@require_http_methods(["GET", "HEAD", "POST"])
@permissions.require_perm(Perm.CREATE_ORGANISATION)
def service_import(request):
    key = once.key_from(request)
    if request.method == "POST" and (done := once.earlier_result(key)):
        return redirect(done)  # the same upload sent twice: one run
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():

        def start() -> str:
            return import_runs.start_service_import(
                actor=request.user,
                file_name=form.cleaned_data["package"].name,
                content=form.content,
            ).get_absolute_url()

        return redirect(once.run(key, start))
    recent = selectors.service_imports(user=request.user)[:RECENT_IMPORTS]
    return render(
        request,
        "directory/service_import.html",
        {"form": form, "once": key, "recent": recent},
    )


@require_safe
@permissions.require_perm(Perm.CREATE_ORGANISATION)
def service_import_run(request, uuid):
    run = get_object_or_404(selectors.service_imports(user=request.user), uuid=uuid)
    errors = Paginator(run.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "directory/service_import_run.html", {"run": run, "errors": errors})
