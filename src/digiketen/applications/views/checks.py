"""The hub's eligibility-check appointments (issue 12, point 2): times the hub's staff publish
for residents to book at /afspraak/laptop, and the bookings, scoped to the user's hubs. The
booking mechanism is the help point's (helpdesk: slots with a purpose, one workflow table);
this page is its place in the cyberbank's workspace."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from digiketen.applications.views.staff import chosen_hub, handles, hub_page
from digiketen.core import audit
from digiketen.core import forms as core_forms
from digiketen.core.errors import IllegalTransition, Refused
from digiketen.helpdesk import selectors as appointment_selectors
from digiketen.helpdesk import services as appointment_services
from digiketen.helpdesk.models import Purpose
from digiketen.helpdesk.workflow import WORKFLOW


def _page(hub) -> str:
    return f"{reverse('applications:checks')}?hub={hub.pk}"


@require_http_methods(["GET", "HEAD", "POST"])
@handles
@hub_page
def checks(request):
    hub, hubs = chosen_hub(request)
    series = core_forms.SlotSeriesForm(request.POST or None)
    if request.method == "POST" and series.is_valid():
        data = series.cleaned_data
        try:
            count = appointment_services.create_slots(
                actor=request.user,
                location=hub,
                helper=request.user,
                day=data["day"],
                first=data["first"].strftime("%H:%M"),
                last=data["last"].strftime("%H:%M"),
                minutes=data["minutes"],
                purpose=Purpose.ELIGIBILITY,
            )
        except Refused as exc:
            series.add_error(None, str(exc))
        else:
            messages.success(request, _("%(count)s tijden gemaakt.") % {"count": count})
            return redirect(_page(hub))
    bookings = list(appointment_selectors.check_appointments(user=request.user, hub=hub))
    for booking in bookings:
        booking.steps = WORKFLOW.allowed(booking)
        booking.organisation_id = hub.organisation_id  # whose records, for the log
    # The residents' names and contact details are shown: that is logged.
    audit.record_shown("helpdesk.appointment_listed", actor=request.user, subjects=bookings)
    return render(
        request,
        "applications/checks.html",
        {
            "hub": hub,
            "hubs": hubs,
            "series": series,
            "bookings": bookings,
            "free": appointment_selectors.free_check_times(hub=hub),
            "book_url": reverse("helpdesk:book-check-day", args=[hub.uuid]),
        },
    )


@require_POST
@handles
def check_status(request, pk):
    """Came, did not come or cancelled: a step of the appointments' table."""
    booking = get_object_or_404(
        appointment_selectors.appointments(user=request.user, purpose=Purpose.ELIGIBILITY), pk=pk
    )
    try:
        appointment_services.set_appointment_status(
            actor=request.user, appointment_id=booking.pk, status=request.POST.get("status", "")
        )
    except (Refused, IllegalTransition) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Opgeslagen."))
    return redirect(_page(booking.slot.location))
