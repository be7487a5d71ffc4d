from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from digiketen import permissions
from digiketen.organisations import selectors, services
from digiketen.organisations.forms import (
    LocationForm,
    OpeningHoursFormSet,
    OrganisationForm,
    opening_hours_initial,
)
from digiketen.organisations.models import Location, OrganisationType
from digiketen.permissions import Perm


@require_safe
@permissions.require_perm(Perm.VIEW_DIRECTORY)
def organisation_list(request):
    query = request.GET.get("q", "").strip()
    type_ = request.GET.get("type", "")
    if type_ not in OrganisationType.values:
        type_ = ""
    organisations = selectors.directory_organisations(user=request.user, query=query, type=type_)
    page = Paginator(organisations, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "page": page,
            "query": query,
            "type": type_,
            "types": OrganisationType.choices,
            "may_create": permissions.has_perm(request.user, Perm.CREATE_ORGANISATION),
        },
    )


@require_safe
@permissions.require_perm(Perm.VIEW_DIRECTORY)
def organisation_detail(request, pk):
    organisation = get_object_or_404(selectors.directory_organisations(user=request.user), pk=pk)
    locations = selectors.directory_locations(user=request.user).filter(organisation=organisation)
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "locations": Paginator(locations, 50).get_page(request.GET.get("page")),
            "may_manage": permissions.has_perm(
                request.user, Perm.MANAGE_ORGANISATION, organisation
            ),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@permissions.require_perm(Perm.CREATE_ORGANISATION)
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(actor=request.user, data=form.cleaned_data)
        except services.DuplicateName:
            form.add_error("name", _("Er is al een organisatie met deze naam."))
        else:
            messages.success(request, _("De organisatie is aangemaakt."))
            return redirect(organisation)
    return render(request, "organisations/organisation_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@permissions.require_perm(Perm.MANAGE_ORGANISATION)
def organisation_update(request, pk):
    organisation = get_object_or_404(selectors.manageable_organisations(user=request.user), pk=pk)
    form = OrganisationForm(
        request.POST or None,
        instance=organisation,
        may_change_type=services.may_change_type(request.user),
        may_deactivate=services.may_deactivate(request.user, organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(
                actor=request.user, organisation=organisation, data=form.cleaned_data
            )
        except services.DuplicateName:
            form.add_error("name", _("Er is al een organisatie met deze naam."))
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect(organisation)
    return render(
        request,
        "organisations/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@require_safe
@permissions.require_perm(Perm.VIEW_DIRECTORY)
def location_detail(request, pk):
    location = get_object_or_404(selectors.location_with_details(user=request.user), pk=pk)
    return render(
        request,
        "organisations/location_detail.html",
        {
            "location": location,
            "may_manage": permissions.has_perm(request.user, Perm.MANAGE_ORGANISATION, location),
        },
    )


def _location_form(request, *, organisation, location=None):
    form = LocationForm(
        request.POST or None, instance=location or Location(organisation=organisation)
    )
    hours = OpeningHoursFormSet(
        request.POST or None, initial=opening_hours_initial(location), prefix="hours"
    )
    if request.method == "POST" and form.is_valid() and hours.is_valid():
        try:
            if location is None:
                location = services.create_location(
                    actor=request.user,
                    organisation=organisation,
                    data=form.cleaned_data,
                    opening_hours=hours.periods(),
                )
                messages.success(request, _("De locatie is aangemaakt."))
            else:
                services.update_location(
                    actor=request.user,
                    location=location,
                    data=form.cleaned_data,
                    opening_hours=hours.periods(),
                )
                messages.success(request, _("De wijzigingen zijn opgeslagen."))
        except services.DuplicateName:
            form.add_error("name", _("Deze organisatie heeft al een locatie met deze naam."))
        else:
            return redirect(location)
    return render(
        request,
        "organisations/location_form.html",
        {"form": form, "hours": hours, "organisation": organisation, "location": location},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@permissions.require_perm(Perm.MANAGE_ORGANISATION)
def location_create(request, pk):
    organisation = get_object_or_404(selectors.manageable_organisations(user=request.user), pk=pk)
    return _location_form(request, organisation=organisation)


@require_http_methods(["GET", "HEAD", "POST"])
@permissions.require_perm(Perm.MANAGE_ORGANISATION)
def location_update(request, pk):
    location = get_object_or_404(
        selectors.directory_locations(user=request.user).filter(
            organisation__in=selectors.manageable_organisations(user=request.user)
        ),
        pk=pk,
    )
    return _location_form(request, organisation=location.organisation, location=location)
