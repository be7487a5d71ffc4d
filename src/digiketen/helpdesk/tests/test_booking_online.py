"""Issue 12, point 2: a resident books a help point appointment at /afspraak — no account, no
JavaScript: the place, then the day, then the time; the confirmation says where, when and whom
to call; a double submit makes one appointment; a time taken meanwhile is said so."""

import re
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from digiketen.core.models import AuditEvent, Message
from digiketen.helpdesk import services
from digiketen.helpdesk.models import Appointment, AppointmentSlot
from digiketen.organisations.models import OpeningHours

TOMORROW = timezone.localdate() + timedelta(days=1)


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def open_library(library, helper):
    library.street, library.house_number, library.postcode = "Markt", "1", "6211 CK"
    library.city, library.phone = "Maastricht", "043 350 56 00"
    library.save()
    for day in range(7):
        OpeningHours.objects.create(location=library, weekday=day, opens=time(8), closes=time(20))
    services.create_slots(
        actor=helper, location=library, helper=helper, day=TOMORROW, first="10:00",
        last="11:00", minutes=30,
    )  # fmt: skip
    return library


def once_key(page) -> str:
    return re.search(r'name="once" value="([^"]+)"', page.content.decode()).group(1)


def book(client, library, **answers):
    url = reverse("helpdesk:book-time", args=[library.uuid, TOMORROW.isoformat()])
    page = client.get(url)
    first_time = re.search(r'name="time" value="([^"]+)"', page.content.decode()).group(1)
    data = {"time": first_time, "visitor_name": "Anna", "confirm_by": "sms", "phone": "0612345678"}
    return client.post(url, data | answers | {"once": once_key(page)}), url


def test_a_resident_chooses_place_day_and_time_and_gets_a_confirmation(
    client, open_library, django_capture_on_commit_callbacks
):
    start = client.get(reverse("helpdesk:book"))
    assert reverse("helpdesk:book-day", args=[open_library.uuid]) in start.content.decode()
    days = client.get(reverse("helpdesk:book-day", args=[open_library.uuid]))
    day_url = reverse("helpdesk:book-time", args=[open_library.uuid, TOMORROW.isoformat()])
    assert day_url in days.content.decode()
    times = text(client.get(day_url))
    assert "10:00–10:30" in times and "10:30–11:00" in times

    with django_capture_on_commit_callbacks(execute=True):
        response, _url = book(client, open_library)
    appointment = Appointment.objects.get()
    assert response["Location"] == reverse("helpdesk:booked", args=[appointment.pk])
    assert (appointment.created_by, appointment.visitor_name) == (None, "Anna")
    assert appointment.phone == "+31612345678" and appointment.email == ""
    confirmation = text(client.get(response["Location"]))
    assert "Uw afspraak is gemaakt" in confirmation
    open_every_day = "Open: maandag tot en met zondag 08:00–20:00."
    assert f"Markt 1, 6211 CK Maastricht. {open_every_day}" in confirmation
    assert "Kunt u niet? Bel 043 350 56 00 om af te zeggen." in confirmation
    sms = Message.objects.get(about_id=appointment.pk)
    # Where, the hours, the link to cancel or change it, and whom to call.
    assert f"Markt 1, 6211 CK Maastricht. {open_every_day}" in sms.body
    manage = reverse("helpdesk:manage", args=[appointment.manage_token])
    assert "Kunt u niet? Zeg af of kies een andere tijd: http://" in sms.body
    assert f"{manage} Vragen? Bel 043 350 56 00." in sms.body
    event = AuditEvent.objects.get(action="helpdesk.appointment_booked")
    assert event.actor is None and event.actor_label == "inwoner"
    # The booked time is no longer offered.
    assert "10:00–10:30" not in text(client.get(day_url))


def test_a_double_submit_books_once(client, open_library):
    url = reverse("helpdesk:book-time", args=[open_library.uuid, TOMORROW.isoformat()])
    page = client.get(url)
    key = once_key(page)
    first_time = re.search(r'name="time" value="([^"]+)"', page.content.decode()).group(1)
    data = {"time": first_time, "visitor_name": "Anna", "confirm_by": "slip", "once": key}
    first = client.post(url, data)
    second = client.post(url, data)
    assert Appointment.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_time_taken_meanwhile_is_said_so_and_nothing_typed_is_lost(client, open_library, helper):
    url = reverse("helpdesk:book-time", args=[open_library.uuid, TOMORROW.isoformat()])
    page = client.get(url)
    first_time = re.search(r'name="time" value="([^"]+)"', page.content.decode()).group(1)
    slot = AppointmentSlot.objects.order_by("starts_at").first()
    services.book_appointment(actor=helper, slot_id=slot.pk, data={})  # at the desk
    response = client.post(
        url,
        {"time": first_time, "visitor_name": "Anna", "confirm_by": "slip", "once": once_key(page)},
    )
    shown = response.content.decode()
    assert "Deze tijd is net door iemand anders gekozen. Kies een andere tijd." in shown
    assert 'value="Anna"' in shown
    assert Appointment.objects.count() == 1


def test_sms_needs_a_mobile_number_and_only_that_detail_is_kept(client, open_library):
    response, _url = book(client, open_library, phone="")
    assert "Vul een mobiel nummer in, zoals 06 12345678." in response.content.decode()
    response, _url = book(client, open_library, confirm_by="email", email="anna@example.org")
    appointment = Appointment.objects.get()
    assert (appointment.email, appointment.phone) == ("anna@example.org", "")


def test_the_confirmation_is_only_for_the_browser_that_booked(client, open_library):
    response, _url = book(client, open_library)
    client.cookies.clear()
    assert client.get(response["Location"])["Location"] == reverse("helpdesk:book")


def test_without_free_times_the_page_says_whom_to_call(client, db):
    shown = text(client.get(reverse("helpdesk:book")))
    assert "Er zijn nu geen tijden vrij om online te kiezen." in shown


def test_a_time_within_two_hours_is_not_offered(client, open_library, helper):
    soon = timezone.localtime() + timedelta(hours=1)
    AppointmentSlot.objects.create(
        location=open_library, helper=helper, starts_at=soon, ends_at=soon + timedelta(minutes=30)
    )
    url = reverse("helpdesk:book-time", args=[open_library.uuid, soon.date().isoformat()])
    assert f"{soon:%H:%M}–" not in text(client.get(url, follow=True))


def test_english_booking_gets_an_english_confirmation(client, open_library):
    url = "/en" + reverse("helpdesk:book-time", args=[open_library.uuid, TOMORROW.isoformat()])
    page = client.get(url)
    first_time = re.search(r'name="time" value="([^"]+)"', page.content.decode()).group(1)
    client.post(
        url,
        {"time": first_time, "visitor_name": "Anna", "confirm_by": "sms",
         "phone": "0612345678", "once": once_key(page)},
    )  # fmt: skip
    appointment = Appointment.objects.get()
    assert appointment.language == "en"
    assert "Your appointment" in Message.objects.get(about_id=appointment.pk).body


def test_cancelling_online_is_confirmed_with_how_to_book_again(client, open_library):
    book(client, open_library)
    appointment = Appointment.objects.get()
    client.post(reverse("helpdesk:manage", args=[appointment.manage_token]))
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    sms = Message.objects.get(about_id=appointment.pk, kind="helpdesk.cancelled")
    assert (sms.channel, sms.recipient) == ("sms", "+31612345678")
    assert f"Uw afspraak van {appointment.slot} is afgezegd." in sms.body
    assert "Plaats: Bieb Centrum, Markt 1, 6211 CK Maastricht." in sms.body
    assert "Open: maandag tot en met zondag 08:00–20:00." in sms.body
    book_again = (
        f"Bel 043 350 56 00 of kies een tijd op http://127.0.0.1:8000{reverse('helpdesk:book')}"
    )
    assert sms.body.endswith(f"Wilt u een nieuwe afspraak? {book_again}")
    # A second post on the same link changes nothing and sends nothing more.
    client.post(reverse("helpdesk:manage", args=[appointment.manage_token]))
    assert Message.objects.filter(about_id=appointment.pk, kind="helpdesk.cancelled").count() == 1
