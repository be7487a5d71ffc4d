"""Issue 12, point 2: every message that sends a resident to the hub gives the address, the
hours and a phone number — on the confirmation, on /status and in every message (and so on
the letters, which print the message)."""

from datetime import time

from django.urls import reverse

from digiketen.applications.models import Application
from digiketen.applications.tests.test_terms_shown import text
from digiketen.applications.tests.test_views import apply_online
from digiketen.core.models import Message
from digiketen.organisations.models import OpeningHours

WHERE = "Cyberbank, Brusselsestraat 7, 6211 PG Maastricht."
WHEN = "Open: dinsdag en woensdag 10:00–16:00."
CALL = "043 123 45 67"


def open_hub(hub):
    hub.street, hub.house_number, hub.postcode, hub.city = (
        "Brusselsestraat",
        "7",
        "6211 PG",
        "Maastricht",
    )
    hub.phone = CALL
    hub.save()
    for day in (1, 2):
        OpeningHours.objects.create(location=hub, weekday=day, opens=time(10), closes=time(16))


def test_confirmation_status_and_first_message_say_where_when_and_whom_to_call(client, hub):
    open_hub(hub)
    response = apply_online(client, hub)
    application = Application.objects.get()
    for page in (
        client.get(response["Location"]),
        client.get(reverse("applications:status-detail", args=[application.reference])),
    ):
        shown = text(page)
        assert f"{WHERE} {WHEN} Telefoon: {CALL}" in shown
        assert 'href="tel:0431234567"' in page.content.decode()
    message = Message.objects.get(about_id=application.pk, kind="received").body
    assert f"{WHERE} {WHEN} Telefoon: {CALL}." in message


def test_a_hub_without_fixed_hours_asks_to_call(client, hub):
    hub.phone = CALL
    hub.save()
    apply_online(client, hub)
    message = Message.objects.get(kind="received").body
    assert f"Geen vaste tijden: bel voor een afspraak. Telefoon: {CALL}." in message
