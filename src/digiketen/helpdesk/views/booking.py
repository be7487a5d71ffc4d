"""/afspraak: a resident books an appointment without an account or JavaScript — choose the
place, then the day, then the time, with large targets and a few options at a time. The same
pages book a help point's appointment (/afspraak) and a hub's eligibility check
(/afspraak/laptop); the confirmation's link cancels or changes it (/afspraak/wijzigen/...)."""

from datetime import date, timedelta

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from digiketen.accounts.middleware import two_factor_exempt
from digiketen.applications.models import Application, Status
from digiketen.applications.notifications import checked_reference
from digiketen.core import once, ratelimit
from digiketen.core.errors import IllegalTransition, Refused
from digiketen.helpdesk import forms, selectors, services
from digiketen.helpdesk.messages import what_to_bring
from digiketen.helpdesk.models import Appointment, Purpose
from digiketen.helpdesk.purposes import KINDS
from digiketen.organisations.models import Location

DAYS_PER_PAGE = 5
BOOKED = "booked_appointments"  # the appointments this browser booked, for their page
CHECK_FOR = "check_for_application"  # the application whose eligibility check is booked


def _place(uuid, purpose) -> Location:
    return get_object_or_404(selectors.bookable_places(purpose=purpose), uuid=uuid)


def _context(purpose, **context) -> dict:
    return context | {"purpose": purpose, "names": KINDS[purpose].url_names}


@require_safe
@two_factor_exempt
@never_cache
def book(request, purpose=Purpose.HELP):
    places = selectors.bookable_places(purpose=purpose)
    return render(request, "helpdesk/public/book.html", _context(purpose, places=places))


@require_safe
@two_factor_exempt
@never_cache
def book_day(request, location, purpose=Purpose.HELP):
    place = _place(location, purpose)
    if reference := checked_reference(request.GET.get("aanvraag", "")):
        # The link from the status page or a message: the check is about that application.
        request.session[CHECK_FOR] = reference
    days = selectors.bookable_days(place, purpose=purpose)
    start = request.GET.get("meer", "")
    first = int(start) if start.isdigit() and int(start) < len(days) else 0
    shown = days[first : first + DAYS_PER_PAGE]
    more = first + DAYS_PER_PAGE if first + DAYS_PER_PAGE < len(days) else None
    return render(
        request,
        "helpdesk/public/book_day.html",
        _context(purpose, place=place, days=shown, more=more, earlier=first > 0),
    )


def _application(request, place) -> Application | None:
    """The application whose booking link this browser came by, at this hub, still to be
    checked."""
    reference = request.session.get(CHECK_FOR, "")
    if not reference:
        return None
    return Application.objects.filter(
        reference=reference, hub=place, status=Status.SUBMITTED
    ).first()


@require_http_methods(["GET", "HEAD", "POST"])
@two_factor_exempt
@never_cache
def book_time(request, location, day, purpose=Purpose.HELP):
    place = _place(location, purpose)
    try:
        chosen = date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    times = selectors.bookable_times(place, chosen, purpose=purpose)
    key = once.key_from(request)
    if request.method == "POST" and (done := once.earlier_result(key)):
        return redirect(done)  # the same booking sent twice
    form = forms.PublicBookingForm(request.POST or None, times=times, purpose=purpose)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        starts_at = data.pop("time")

        def book_it() -> str:
            # Counted inside once.run: a double click counts once.
            if not ratelimit.hit(
                "book-ip", ratelimit.client_address(request), limit=5, window=timedelta(hours=1)
            ):
                raise _TooMany
            appointment = services.book_online(
                location_id=place.pk,
                starts_at=starts_at,
                data=data,
                language=translation.get_language(),
                purpose=purpose,
                application=_application(request, place)
                if purpose == Purpose.ELIGIBILITY
                else None,
            )
            return reverse("helpdesk:booked", args=[appointment.pk])

        try:
            url = once.run(key, book_it)
        except services.SlotTaken:
            form.add_error(
                "time", _("Deze tijd is net door iemand anders gekozen. Kies een andere tijd.")
            )
        except _TooMany:
            form.add_error(
                None,
                _(
                    "Er zijn vanaf uw internetverbinding al veel afspraken gemaakt. "
                    "Bel het informatiepunt, of probeer het over een uur opnieuw."
                ),
            )
            status = 429
        else:
            pk = resolve(url).kwargs["pk"]
            request.session[BOOKED] = [*request.session.get(BOOKED, [])[-9:], pk]
            return redirect(url)
    if not times and request.method != "POST":
        return redirect(KINDS[purpose].url_names["day"], location=place.uuid)
    return render(
        request,
        "helpdesk/public/book_time.html",
        _context(purpose, place=place, day=chosen, form=form, once=key),
        status=status,
    )


class _TooMany(Exception):
    """The address made its online bookings for the hour."""


@require_safe
@two_factor_exempt
@never_cache
def booked(request, pk):
    if pk not in request.session.get(BOOKED, []):
        return redirect("helpdesk:book")
    appointment = get_object_or_404(
        Appointment.objects.select_related("slot__location"), pk=pk, created_by=None
    )
    if appointment.slot.ends_at < timezone.now():
        return redirect("helpdesk:book")
    return render(
        request,
        "helpdesk/public/booked.html",
        _context(
            appointment.slot.purpose, appointment=appointment, bring=what_to_bring(appointment)
        ),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@two_factor_exempt
@never_cache
def manage(request, token):
    """The link in the confirmation: see the appointment, cancel it, or cancel it and choose
    another time at the same place."""
    appointment = selectors.managed_appointment(token)
    if appointment is None:
        raise Http404
    purpose = appointment.slot.purpose
    problem = ""
    if request.method == "POST":
        try:
            services.cancel_online(token=token)
        except (Refused, IllegalTransition) as exc:
            problem = str(exc)
        else:
            if "rebook" in request.POST:
                return redirect(
                    KINDS[purpose].url_names["day"], location=appointment.slot.location.uuid
                )
            return redirect("helpdesk:manage", token=token)
    return render(
        request,
        "helpdesk/public/manage.html",
        _context(
            purpose,
            appointment=appointment,
            bring=what_to_bring(appointment),
            can_cancel=appointment.status == "booked"
            and appointment.slot.starts_at > timezone.now(),
            problem=problem,
        ),
        status=409 if problem else 200,
    )
