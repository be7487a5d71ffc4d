"""Issue 12, point 2: a hub that works by appointment lets a resident book the appointment for
their eligibility check themselves, the same way as a help point appointment (one booking
mechanism): public, no account, no JavaScript; the confirmation and the message say where, the
hours, whom to call and what to bring; a double submit books once; a time is booked once; the
link in the confirmation cancels or changes it; the hub's staff see the bookings, another
organisation's are not found."""

import re
from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.applications.models import Application
from digiketen.applications.notifications import check_url
from digiketen.applications.tests.conftest import handout_hub
from digiketen.applications.tests.test_views import apply_online
from digiketen.conftest import login_verified, make_staff
from digiketen.core.errors import Refused
from digiketen.core.models import AuditEvent, Message
from digiketen.helpdesk import selectors, services
from digiketen.helpdesk.models import Appointment, AppointmentSlot
from digiketen.organisations.models import OpeningHours
from digiketen.tests.audit import assert_audited, assert_refused

TOMORROW = timezone.localdate() + timedelta(days=1)
CHECK = "eligibility"


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def check_hub(hub, staff):
    """The hub works by appointment, is open every day 09:00–17:00 and has two check times
    tomorrow."""
    hub.street, hub.house_number, hub.postcode, hub.city = (
        "Brusselsestraat",
        "7",
        "6211 PG",
        "Maastricht",
    )
    hub.phone, hub.by_appointment = "043 123 45 67", True
    hub.save()
    for day in range(7):
        OpeningHours.objects.create(location=hub, weekday=day, opens=time(9), closes=time(17))
    made = services.create_slots(
        actor=staff, location=hub, helper=staff, day=TOMORROW, first="10:00", last="11:00",
        minutes=30, purpose=CHECK,
    )  # fmt: skip
    assert made == 2
    return hub


def once_key(page) -> str:
    return re.search(r'name="once" value="([^"]+)"', page.content.decode()).group(1)


def time_url(hub) -> str:
    return reverse("helpdesk:book-check-time", args=[hub.uuid, TOMORROW.isoformat()])


def book(client, hub, **answers):
    page = client.get(time_url(hub))
    first_time = re.search(r'name="time" value="([^"]+)"', page.content.decode()).group(1)
    data = {"time": first_time, "visitor_name": "Lotte", "confirm_by": "sms", "phone": "0612345678"}
    return client.post(time_url(hub), data | answers | {"once": once_key(page)})


def starts(hub, at: str):
    hour, minute = map(int, at.split(":"))
    return timezone.make_aware(
        timezone.datetime.combine(TOMORROW, time(hour, minute)), timezone.get_current_timezone()
    )


# Services


def test_hub_staff_publish_check_times_a_help_point_cannot(check_hub, staff):
    assert AppointmentSlot.objects.filter(location=check_hub, purpose=CHECK).count() == 2
    helper = make_staff(Role.HELP_POINT_STAFF, check_hub.organisation)
    with pytest.raises(PermissionDenied):
        services.create_slots(
            actor=helper, location=check_hub, helper=helper, day=TOMORROW, first="12:00",
            last="13:00", minutes=30, purpose=CHECK,
        )  # fmt: skip
    other = make_staff(Role.HUB_STAFF)
    with pytest.raises(PermissionDenied):
        services.create_slots(
            actor=other, location=check_hub, helper=other, day=TOMORROW, first="12:00",
            last="13:00", minutes=30, purpose=CHECK,
        )  # fmt: skip


def test_a_time_is_booked_once_and_only_for_its_purpose(check_hub):
    at = starts(check_hub, "10:00")
    data = {"visitor_name": "Lotte", "confirm_by": "slip"}
    first = services.book_online(
        location_id=check_hub.pk, starts_at=at, data=data, language="nl", purpose=CHECK
    )
    assert first.slot.purpose == CHECK and first.manage_token
    with pytest.raises(services.SlotTaken):
        services.book_online(
            location_id=check_hub.pk, starts_at=at, data=data, language="nl", purpose=CHECK
        )
    # The hub's check time is not a help point time: /afspraak does not offer or book it.
    with pytest.raises(services.SlotTaken):
        services.book_online(
            location_id=check_hub.pk, starts_at=starts(check_hub, "10:30"), data=data,
            language="nl",
        )  # fmt: skip
    assert list(selectors.bookable_places()) == []
    assert list(selectors.bookable_places(purpose=CHECK)) == [check_hub]
    assert Appointment.objects.count() == 1


def test_cancelling_with_the_link_frees_the_time_once(check_hub):
    at = starts(check_hub, "10:00")
    booked = services.book_online(
        location_id=check_hub.pk, starts_at=at, data={"visitor_name": "L", "confirm_by": "slip"},
        language="nl", purpose=CHECK,
    )  # fmt: skip
    services.cancel_online(token=booked.manage_token)
    booked.refresh_from_db()
    assert booked.status == "cancelled"
    assert (at, at + timedelta(minutes=30)) in selectors.bookable_times(
        check_hub, TOMORROW, purpose=CHECK
    )
    event = AuditEvent.objects.filter(action="helpdesk.appointment_status").get()
    assert event.actor is None and event.actor_label == "inwoner"
    with pytest.raises(Exception, match="status"):
        services.cancel_online(token=booked.manage_token)
    with pytest.raises(Appointment.DoesNotExist):
        services.cancel_online(token="not-a-token")


def test_an_appointment_that_has_begun_cannot_be_cancelled_online(check_hub, time_machine):
    booked = services.book_online(
        location_id=check_hub.pk, starts_at=starts(check_hub, "10:00"),
        data={"visitor_name": "L", "confirm_by": "slip"}, language="nl", purpose=CHECK,
    )  # fmt: skip
    time_machine.move_to(starts(check_hub, "10:05"))
    assert_refused(services.cancel_online, token=booked.manage_token, raises=Refused)
    assert_refused(services.cancel_online, token="unknown", raises=Appointment.DoesNotExist)
    booked.refresh_from_db()
    assert booked.status == "booked"


# The resident's pages, without JavaScript (plain form posts)


def test_from_the_status_page_a_resident_books_their_check_and_sees_it(
    client, check_hub, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        applied = client.get(apply_online(client, check_hub)["Location"])
    application = Application.objects.get()
    link = check_url(application)
    assert link.startswith(reverse("helpdesk:book-check-day", args=[check_hub.uuid]) + "?aanvraag=")
    assert "Maak een afspraak om uw pas te laten zien" in text(applied)
    assert link.replace("&", "&amp;") in applied.content.decode()
    first_message = Message.objects.get(about_id=application.pk, kind="received").body
    assert "Dit uitgiftepunt werkt op afspraak. Maak hier een afspraak: http" in first_message
    assert reverse("helpdesk:book-check-day", args=[check_hub.uuid]) in first_message

    days = client.get(link)
    assert time_url(check_hub) in days.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = book(client, check_hub)
    appointment = Appointment.objects.get()
    assert appointment.application == application
    confirmation = text(client.get(response["Location"]))
    assert "Uw afspraak is gemaakt" in confirmation
    assert "Brusselsestraat 7, 6211 PG Maastricht. Open: maandag tot en met zondag" in confirmation
    assert "043 123 45 67" in confirmation
    assert "Neem uw " in confirmation and "inkomensverklaring mee" in confirmation
    assert reverse("helpdesk:manage", args=[appointment.manage_token]) in (
        client.get(response["Location"]).content.decode()
    )
    sms = Message.objects.get(about_id=appointment.pk, kind="helpdesk.confirmation").body
    assert sms.startswith("Uw afspraak voor een laptop: ")
    assert (
        "Brusselsestraat 7, 6211 PG Maastricht. Open: maandag tot en met zondag 09:00–17:00." in sms
    )
    assert "Kunt u niet? Zeg af of kies een andere tijd: http" in sms
    assert sms.endswith("Vragen? Bel 043 123 45 67.")
    status = text(client.get(reverse("applications:status-detail", args=[application.reference])))
    assert "Uw afspraak om te laten zien dat u een laptop mag krijgen:" in status
    assert "Maak een afspraak om uw pas te laten zien" not in status


def test_the_link_in_the_message_ties_a_booking_from_another_browser(
    client, check_hub, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        apply_online(client, check_hub)
    application = Application.objects.get()
    first_message = Message.objects.get(about_id=application.pk, kind="received").body
    link = re.search(r"http://\S+/afspraak/laptop/\S+", first_message).group(0)
    on_the_phone = client.__class__()  # the resident opens the e-mail on their phone
    on_the_phone.get(link.removeprefix("http://127.0.0.1:8000"))
    book(on_the_phone, check_hub)
    assert Appointment.objects.get().application == application


def test_a_code_typed_into_the_link_ties_nothing(client, check_hub):
    other = apply_online(client, check_hub) and Application.objects.get()
    stranger = client.__class__()
    stranger.get(
        reverse("helpdesk:book-check-day", args=[check_hub.uuid]) + f"?aanvraag={other.reference}"
    )
    book(stranger, check_hub)
    assert Appointment.objects.get().application is None


def test_a_double_submit_books_once(client, check_hub):
    page = client.get(time_url(check_hub))
    chosen = re.search(r'name="time" value="([^"]+)"', page.content.decode()).group(1)
    data = {"time": chosen, "visitor_name": "Lotte", "confirm_by": "slip", "once": once_key(page)}
    first = client.post(time_url(check_hub), data)
    second = client.post(time_url(check_hub), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Appointment.objects.count() == 1


def test_the_link_cancels_or_changes_the_appointment(client, check_hub):
    response = book(client, check_hub)
    appointment = Appointment.objects.get()
    url = reverse("helpdesk:manage", args=[appointment.manage_token])
    page = text(client.get(url))
    assert "Afzeggen en een andere tijd kiezen" in page and "Brusselsestraat 7" in page
    rebook = client.post(url, {"rebook": "1"})
    assert rebook["Location"] == reverse("helpdesk:book-check-day", args=[check_hub.uuid])
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    assert "Deze afspraak is afgezegd" in text(client.get(url))
    again = client.post(url, {"cancel": "1"})
    assert again.status_code == 409 and "Dit kan niet" in text(again)
    # The freed time can be booked again.
    book(client, check_hub, once="")
    assert response.status_code == 302
    assert Appointment.objects.filter(status="booked").count() == 1
    assert client.get(reverse("helpdesk:manage", args=["unknown"])).status_code == 404


def test_the_finder_laptop_service_links_to_the_check_booking(client, check_hub):
    service = check_hub.services.get().service
    page = client.get(service.get_public_url())
    assert reverse("helpdesk:book-check") in page.content.decode()
    listing = text(client.get(reverse("helpdesk:book-check")))
    assert "Afspraak maken voor een laptop" in listing and check_hub.name in listing


# The hub's staff


def test_hub_staff_see_and_mark_the_bookings_another_organisation_gets_404(
    client, check_hub, staff, time_machine
):
    book(client, check_hub)
    appointment = Appointment.objects.get()
    login_verified(client, staff)
    page = client.get(reverse("applications:checks"))
    assert page.status_code == 200
    assert "Lotte" in text(page) and "+31612345678" in text(page)
    assert_audited("helpdesk.appointment_listed", actor=staff, organisation=check_hub.organisation)
    status_url = reverse("applications:check-status", args=[appointment.pk])
    time_machine.move_to(appointment.slot.starts_at + timedelta(minutes=5))
    login_verified(client, staff)  # a day later: a new session
    marked = client.post(status_url, {"status": "done"})
    assert marked["Location"] == reverse("applications:checks") + f"?hub={check_hub.pk}"
    appointment.refresh_from_db()
    assert appointment.status == "done"

    other_hub = handout_hub(name="Andere cyberbank")
    outsider = make_staff(Role.HUB_STAFF, other_hub.organisation)
    login_verified(client, outsider)
    assert client.get(reverse("applications:checks") + f"?hub={check_hub.pk}").status_code == 404
    assert client.post(status_url, {"status": "no_show"}).status_code == 404
    assert "Lotte" not in text(client.get(reverse("applications:checks")))
    # A help point's staff of the same organisation do not see the hub's checks either.
    helper = make_staff(Role.HELP_POINT_STAFF, check_hub.organisation)
    assert not selectors.appointments(user=helper).exists()
    assert selectors.appointments(user=staff, purpose=CHECK).get() == appointment
