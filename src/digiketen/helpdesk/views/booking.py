"""/afspraak: a resident books a help point appointment without an account or JavaScript —
choose the place, then the day, then the time, with large targets and a few options at a time."""

from datetime import date, timedelta

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from digiketen.accounts.middleware import two_factor_exempt
from digiketen.core import once, ratelimit
from digiketen.helpdesk import forms, selectors, services
from digiketen.helpdesk.models import Appointment
from digiketen.organisations.models import Location

DAYS_PER_PAGE = 5
BOOKED = "booked_appointments"  # the appointments this browser booked, for their page


def _place(uuid) -> Location:
    return get_object_or_404(selectors.bookable_places(), uuid=uuid)


@require_safe
@two_factor_exempt
@never_cache
def book(request):
    return render(request, "helpdesk/public/book.html", {"places": selectors.bookable_places()})


@require_safe
@two_factor_exempt
@never_cache
def book_day(request, location):
    place = _place(location)
    days = selectors.bookable_days(place)
    start = request.GET.get("meer", "")
    first = int(start) if start.isdigit() and int(start) < len(days) else 0
    shown = days[first : first + DAYS_PER_PAGE]
    more = first + DAYS_PER_PAGE if first + DAYS_PER_PAGE < len(days) else None
    return render(
        request,
        "helpdesk/public/book_day.html",
        {"place": place, "days": shown, "more": more, "earlier": first > 0},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@two_factor_exempt
@never_cache
def book_time(request, location, day):
    place = _place(location)
    try:
        chosen = date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    times = selectors.bookable_times(place, chosen)
    key = once.key_from(request)
    if request.method == "POST" and (done := once.earlier_result(key)):
        return redirect(done)  # the same booking sent twice
    form = forms.PublicBookingForm(request.POST or None, times=times)
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
        return redirect("helpdesk:book-day", location=place.uuid)
    return render(
        request,
        "helpdesk/public/book_time.html",
        {"place": place, "day": chosen, "form": form, "once": key},
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
    return render(request, "helpdesk/public/booked.html", {"appointment": appointment})
