"""Issue 12, point 18: the notes the system writes in a device's history read in the viewer's
language; a reason staff typed is shown as typed."""

import importlib
import re

import pytest
from django.urls import reverse
from django.utils import translation

from digiketen.accounts.roles import Role
from digiketen.inventory import services
from digiketen.inventory.models import Device, DeviceState
from digiketen.tests.factories import LocationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def history(client, device, language: str) -> list[str]:
    with translation.override(language):
        url = reverse("inventory:device-detail", args=[device.pk])
    text = client.get(url).text
    section = text.split('id="geschiedenis"')[-1] if 'id="geschiedenis"' in text else text
    items = re.findall(r"<li>\d{4}-\d\d-\d\d \d\d:\d\d: (.*?)</li>", section, re.S)
    return [re.sub(r" \(.*?\)", "", item).strip() for item in items]


def test_the_history_reads_in_english_for_an_english_reader(staff_client, settings):
    settings.DEVICE_AGE_LIMIT_YEARS = 5
    hub = LocationFactory(organisation=OrganisationFactory(name="Cyberbank", type="refurbisher"))
    client, user = staff_client(Role.TECHNICIAN_SUPERVISOR, hub.organisation)
    with translation.override("en"):  # taken in by someone who works in English
        [old] = services.receive_devices(actor=user, hub=hub, count=1, type="laptop", year=2010)
    services.triage(actor=user, device_id=old.pk)
    with translation.override("en"):
        page = client.get(reverse("inventory:device-detail", args=[old.pk])).text
    status = re.search(r"<strong>Status:</strong>(.*?)</p>", page).group(1)
    assert status.strip() == "Parts harvested — Older than 5 years."
    services.transition(
        actor=user, device_id=old.pk, to_state=DeviceState.RECYCLED, reason="Scherm gebroken"
    )

    assert history(client, old, "en") == [
        "Received — Taken in",
        "Parts harvested — Older than 5 years.",
        "Recycled — Scherm gebroken",
    ]
    assert history(client, old, "nl") == [
        "Ontvangen — Ingenomen",
        "Gebruikt voor onderdelen — Ouder dan 5 jaar.",
        "Gerecycled — Scherm gebroken",
    ]
    # Stored and audited the same for everyone, in Dutch.
    assert list(Device.objects.get().transitions.values_list("reason", flat=True)) == [
        "Ingenomen",
        "Ouder dan 5 jaar.",
        "Scherm gebroken",
    ]


def test_older_notes_get_their_code_from_either_language():
    migration = importlib.import_module("digiketen.inventory.migrations.0016_history_note_codes")
    assert migration.coded("Taken in") == ("received", {}, "Ingenomen")
    assert migration.coded("Ouder dan 5 jaar.") == (
        "triage_too_old",
        {"years": 5},
        "Ouder dan 5 jaar.",
    )
    assert migration.coded("Returned, condition: Damaged") == (
        "returned",
        {"condition": "Beschadigd"},
        "Teruggebracht, staat: Beschadigd",
    )
    assert migration.coded("To recycler Renewi") == (
        "to_recycler",
        {"name": "Renewi"},
        "Naar recycler Renewi",
    )
    assert migration.coded("Scherm gebroken") is None


def test_a_returned_devices_condition_is_translated_when_shown():
    from digiketen.inventory.history import Note

    note = Note("returned", {"condition": "Beschadigd"})
    with translation.override("en"):
        assert str(note) == "Returned, condition: Damaged"
    assert note.dutch() == "Teruggebracht, staat: Beschadigd"
