from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from digiketen.core import audit, once
from digiketen.core.calendar import day_or_today
from digiketen.helpdesk import forms, selectors, services
from digiketen.helpdesk.messages import appointment_event
from digiketen.helpdesk.views.common import registered_visit, registers
from digiketen.helpdesk.workflow import WORKFLOW


@require_http_methods(["GET", "HEAD", "POST"])
@registers
def appointments(request):
    """Plan times and book a follow-up; with ?bezoek=<id> the booking follows that visit."""
    key = once.key_from(request)
    if "book" in request.POST and (done := once.earlier_result(key)):
        return redirect(done)  # the same booking sent twice
    series = forms.SlotSeriesForm(
        request.POST if "series" in request.POST else None, user=request.user
    )
    follow_up_of = None
    if visit_id := request.GET.get("bezoek", ""):
        follow_up_of = registered_visit(request, visit_id) if visit_id.isdigit() else None
    initial = {"theme": follow_up_of.questions.first().theme} if follow_up_of else {}
    booking = forms.AppointmentForm(
        request.POST if "book" in request.POST else None, user=request.user, initial=initial
    )
    if request.method == "POST" and series.is_bound and series.is_valid():
        data = series.cleaned_data
        try:
            count = services.create_slots(
                actor=request.user,
                location=data["location"],
                helper=data["helper"],
                day=data["day"],
                first=data["first"].strftime("%H:%M"),
                last=data["last"].strftime("%H:%M"),
                minutes=data["minutes"],
            )
        except services.Refused as exc:
            series.add_error(None, str(exc))
        else:
            messages.success(request, _("%(count)s tijden gemaakt.") % {"count": count})
            return redirect("helpdesk:appointments")
    if request.method == "POST" and booking.is_bound and booking.is_valid():
        data = dict(booking.cleaned_data)
        slot = data.pop("slot")
        try:
            url = once.run(
                key,
                lambda: services.book_appointment(
                    actor=request.user,
                    slot_id=slot.pk,
                    data=data | {"follow_up_of": follow_up_of},
                ).get_absolute_url(),
            )
        except services.SlotTaken:
            booking.add_error("slot", _("Deze tijd is net door iemand anders gekozen."))
        else:
            messages.success(request, _("De afspraak is gemaakt."))
            return redirect(url)
    return render(
        request,
        "helpdesk/appointments.html",
        {"series": series, "booking": booking, "follow_up_of": follow_up_of, "once": key},
    )


def _appointment(request, pk):
    return get_object_or_404(selectors.appointments(user=request.user), pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
@registers
def appointment(request, pk):
    appointment = _appointment(request, pk)
    if appointment.forgotten_at is None and (
        appointment.visitor_name or appointment.phone or appointment.email
    ):
        # A visitor's name and contact details were read: that is logged.
        audit.record("helpdesk.appointment_viewed", actor=request.user, subject=appointment)
    return render(
        request,
        "helpdesk/appointment.html",
        {"appointment": appointment, "steps": WORKFLOW.allowed(appointment)},
    )


@registers
@require_POST
def appointment_status(request, pk):
    appointment = _appointment(request, pk)
    services.set_appointment_status(
        actor=request.user,
        appointment_id=appointment.pk,
        status=request.POST.get("status", ""),
    )
    messages.success(request, _("Opgeslagen."))
    return redirect(appointment.get_absolute_url())


@require_http_methods(["GET", "HEAD", "POST"])
@registers
def appointment_ics(request, pk):
    appointment = _appointment(request, pk)
    response = HttpResponse(
        appointment_event(appointment), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="afspraak.ics"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@registers
def appointment_slip(request, pk):
    appointment = _appointment(request, pk)
    return render(request, "helpdesk/appointment_slip.html", {"appointment": appointment})


@require_safe
@registers
def helper_day(request):
    helpers = selectors.helpers_at(user=request.user)
    chosen = request.GET.get("medewerker", "")
    helper = get_object_or_404(helpers, pk=chosen) if chosen.isdigit() else request.user
    day = day_or_today(request.GET.get("dag", ""))
    return render(
        request,
        "helpdesk/helper_day.html",
        {
            "helper": helper,
            "helpers": helpers,
            "day": day,
            "slots": selectors.day_list(user=request.user, helper=helper, day=day),
        },
    )
