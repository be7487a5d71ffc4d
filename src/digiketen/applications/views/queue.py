from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from digiketen.applications import selectors, services
from digiketen.applications.forms.queue import EligibilityForm, MoveUpForm, ReserveForm
from digiketen.applications.models import (
    DistributionPolicy,
    Status,
)
from digiketen.applications.views.staff import (
    chosen_hub,
    handled_application,
    handles,
    hub_page,
    run_step,
)
from digiketen.core import audit


@require_http_methods(["GET", "HEAD", "POST"])
@handles
@sensitive_post_parameters("pass_number")
def eligibility(request, pk):
    application = handled_application(request, pk)
    initial = {
        "route": application.route,
        "referred_by": application.referred_by,
        "category": services.suggested_category(application),
    }
    form = EligibilityForm(
        request.POST or None, application=application, user=request.user, initial=initial
    )

    def decide(data):
        services.decide_eligibility(
            actor=request.user,
            application_id=application.pk,
            eligible=data["decision"] == "yes",
            route=data.get("route", ""),
            pass_number=data.get("pass_number", ""),
            pass_valid_until=data.get("pass_valid_until"),
            income_seen=data.get("income_seen", False),
            referred_by=data.get("referred_by"),
            category=data.get("category"),
            household_note=data.get("household_note", ""),
            reason=data.get("reason", ""),
        )

    return run_step(
        request,
        application,
        form,
        decide,
        _("Het besluit is opgeslagen."),
        "applications/eligibility.html",
        {"policy": DistributionPolicy.current()},
    )


@require_safe
@handles
@hub_page
def waiting_list(request):
    hub, hubs = chosen_hub(request)
    page = Paginator(selectors.waiting_list(hub).select_related("category"), 50).get_page(
        request.GET.get("page")
    )
    audit.record_shown("application.listed", actor=request.user, subjects=page.object_list)
    return render(
        request,
        "applications/waiting_list.html",
        {"hub": hub, "hubs": hubs, "page": page, "query_string": f"hub={hub.pk}"},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@handles
def move_up(request, pk):
    application = handled_application(request, pk)
    place, _length = (
        selectors.queue_position(application) if application.status == Status.WAITING else (0, 0)
    )
    form = MoveUpForm(request.POST or None, initial={"position": 1})

    def move(data):
        services.move_up(
            actor=request.user,
            application_id=application.pk,
            position=data["position"],
            reason=data["reason"],
        )

    return run_step(
        request,
        application,
        form,
        move,
        _("De aanvraag is naar voren gehaald."),
        "applications/move_up.html",
        {"place": place},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@handles
def reserve(request, pk):
    application = handled_application(request, pk)
    matching, others = selectors.ready_devices(application)
    need = selectors.requirement(application)
    place = selectors.queue_position(application)[0] if application.status == Status.WAITING else 1
    form = ReserveForm(request.POST or None, devices=[*matching, *others], need=need, place=place)

    def do_reserve(data):
        services.reserve(
            actor=request.user,
            application_id=application.pk,
            device_id=data["device"].pk,
            reason=data.get("reason", ""),
        )

    return run_step(
        request,
        application,
        form,
        do_reserve,
        _("Het apparaat is gereserveerd. De inwoner krijgt een uitnodiging."),
        "applications/reserve.html",
        {
            "matching": matching,
            "others": others,
            "need": selectors.describe(need),
        },
    )
