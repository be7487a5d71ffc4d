from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from digiketen.accounts.middleware import two_factor_exempt
from digiketen.applications import calendar, selectors, services
from digiketen.applications.forms.pickup import CapacityForm, SlotChoiceForm, SlotSeriesForm
from digiketen.applications.models import (
    Application,
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
from digiketen.applications.workflow import available_actions
from digiketen.core import audit
from digiketen.core.calendar import day_or_today


def _invited(token: str) -> Application | None:
    return (
        Application.objects.select_related("hub", "slot")
        .filter(invitation_token=token, status__in=[Status.INVITED, Status.SCHEDULED])
        .first()
    )


def _link_gone(request):
    """Picked up already, expired or mistyped: say so kindly, and where to look instead."""
    return render(request, "applications/invitation_gone.html", status=404)


# First the day, then the times of that day: a few large choices at a time on a phone.
DAYS_SHOWN = 5


@require_http_methods(["GET", "HEAD", "POST"])
@two_factor_exempt
@never_cache
def invitation(request, token: str):
    """The link in the invitation: choose the day, then the time to pick up the laptop. With
    a time chosen the page shows it, and another time is one link away."""
    application = _invited(token)
    if application is None:
        return _link_gone(request)
    slots = selectors.available_slots(application.hub, application=application)
    days = sorted({timezone.localdate(slot.starts_at) for slot in slots})
    day = _chosen_day(request.POST.get("dag") or request.GET.get("dag", ""), days)
    form = None
    if day is not None:
        of_day = [s for s in slots if timezone.localdate(s.starts_at) == day]
        form = SlotChoiceForm(request.POST or None, slots=of_day, times_only=True)
        if request.method == "POST" and form.is_valid():
            try:
                services.book_slot(
                    application_id=application.pk, slot_id=form.cleaned_data["slot"].pk
                )
            except services.Refused as exc:
                form.add_error("slot", str(exc))
            else:
                return redirect("applications:invitation", token=token)
    elif request.method == "POST":
        return redirect("applications:invitation", token=token)
    first = request.GET.get("meer", "")
    first = int(first) if first.isdigit() and int(first) < len(days) else 0
    return render(
        request,
        "applications/invitation.html",
        {
            "application": application,
            "choosing": day is None and (application.slot is None or "wijzig" in request.GET),
            "days": days[first : first + DAYS_SHOWN],
            "more": first + DAYS_SHOWN if first + DAYS_SHOWN < len(days) else None,
            "day": day,
            "form": form,
            "policy": DistributionPolicy.current(),
            "deposit_cents": selectors.deposit_due(application),
        },
    )


def _chosen_day(value: str, days: list[date]) -> date | None:
    try:
        chosen = date.fromisoformat(value)
    except ValueError:
        return None
    return chosen if chosen in days else None


@require_safe
@two_factor_exempt
@never_cache
def invitation_ics(request, token: str):
    application = _invited(token)
    if application is None or application.slot is None:
        return _link_gone(request)
    response = HttpResponse(
        calendar.pickup_event(application), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="laptop-ophalen.ics"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@handles
def book_for_resident(request, pk):
    application = handled_application(request, pk)
    slots = selectors.available_slots(application.hub, application=application)
    form = SlotChoiceForm(request.POST or None, slots=slots)

    def book(data):
        services.book_slot(
            application_id=application.pk, slot_id=data["slot"].pk, actor=request.user
        )

    return run_step(
        request, application, form, book, _("De afspraak is gemaakt."), "applications/book.html"
    )


@require_http_methods(["GET", "HEAD", "POST"])
@handles
def no_show(request, pk):
    """First a question, then the step: the resident gets a message at once, so a wrong click
    on the day list must not go through by itself."""
    application = handled_application(request, pk)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = application.get_absolute_url()
    if "no-show" not in available_actions(application):
        messages.error(request, _("Dit kan nu niet bij deze aanvraag."))
        return redirect(application.get_absolute_url())
    if request.method == "POST":
        try:
            services.record_no_show(actor=request.user, application_id=application.pk)
            messages.success(request, _("Opgeslagen: niet gekomen."))
        except services.Refused as exc:
            messages.error(request, str(exc))
        return redirect(next_url)
    return render(
        request,
        "applications/no_show.html",
        {"application": application, "next": next_url, "policy": DistributionPolicy.current()},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@handles
@hub_page
def slots(request):
    hub, hubs = chosen_hub(request)
    series = SlotSeriesForm(request.POST if "make_slots" in request.POST else None)
    capacity = CapacityForm(
        request.POST if "set_capacity" in request.POST else None,
        initial={"monthly": selectors.month_capacity(hub)},
    )
    if request.method == "POST":
        if series.is_bound and series.is_valid():
            data = series.cleaned_data
            created, closed = services.create_slots(
                actor=request.user,
                hub=hub,
                day=data["day"],
                first=data["first"].strftime("%H:%M"),
                last=data["last"].strftime("%H:%M"),
                minutes=data["minutes"],
                capacity=data["capacity"],
            )
            messages.success(
                request, _("%(count)s ophaaltijden gemaakt.") % {"count": len(created)}
            )
            if closed:
                messages.warning(
                    request,
                    _("%(count)s tijden vallen buiten de openingstijden en zijn niet gemaakt.")
                    % {"count": closed},
                )
            return redirect(f"{reverse('applications:slots')}?hub={hub.pk}")
        if capacity.is_bound and capacity.is_valid():
            services.set_month_capacity(
                actor=request.user, hub=hub, monthly=capacity.cleaned_data["monthly"]
            )
            messages.success(request, _("De capaciteit is opgeslagen."))
            return redirect(f"{reverse('applications:slots')}?hub={hub.pk}")
    upcoming = selectors.upcoming_slots(hub)
    return render(
        request,
        "applications/slots.html",
        {"hub": hub, "hubs": hubs, "series": series, "capacity": capacity, "upcoming": upcoming},
    )


@require_safe
@handles
@hub_page
def day_list(request):
    hub, hubs = chosen_hub(request)
    day = day_or_today(request.GET.get("dag", ""))
    pickups = list(selectors.day_list(hub, day))
    audit.record_shown("application.listed", actor=request.user, subjects=pickups)
    return render(
        request,
        "applications/day_list.html",
        {
            "hub": hub,
            "hubs": hubs,
            "day": day,
            "pickups": pickups,
            "now": timezone.now(),
        },
    )
