"""Point 8 of issue 12: the donor hears what was read from the asset list and is asked again
when it does not fit; the donor's page gives the number, where and when to bring the devices
and their serials next to our asset tags; staff tell duplicates apart and close or merge one;
intake starts from the donation with its hub and list."""

import datetime
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.core.errors import Refused
from digiketen.donations import services
from digiketen.donations.models import Donation
from digiketen.inventory.models import Device
from digiketen.organisations.models import OpeningHours
from digiketen.tests.audit import assert_audited, assert_refused
from digiketen.tests.factories import DonationFactory, LocationFactory, OrganisationFactory

FORM = {
    "donor_kind": "organisation",
    "organisation_name": "Woonpunt",
    "contact_name": "Sanne de Vries",
    "email": "sanne@example.org",
    "laptops": "3",
    "desktops": "0",
    "tablets": "0",
    "phones": "0",
    "age": "3_to_5",
    "handover": "drop_off",
}
LIST = b"Serienummer;Model;Afdeling\nPF0ABC;ThinkPad T470;ICT\nPF0DEF;T480;HR\nPF0GHI;T490;HR\n"


@pytest.fixture
def hub(db):
    hub = LocationFactory(
        name="Uitgiftepunt Randwyck",
        street="Brusselsestraat",
        house_number="7",
        postcode="6211PB",
        city="Maastricht",
        phone="043 123 45 67",
        organisation=OrganisationFactory(name="Cyberbank", type="refurbisher"),
    )
    OpeningHours.objects.create(
        location=hub, weekday=1, opens=datetime.time(9), closes=datetime.time(17)
    )
    return hub


def upload(content: bytes = LIST, name: str = "lijst.csv"):
    return SimpleUploadedFile(name, content)


def test_a_list_with_fewer_serials_than_devices_is_asked_again_with_what_was_read(client, hub):
    short = b"Serienummer;Model\nPF0ABC;T470\nPF0DEF;T480\n"
    response = client.post(
        reverse("donations:donate"), FORM | {"hub": hub.pk, "asset_list": upload(short)}
    )
    assert not Donation.objects.exists()
    [error] = response.context["form"].errors["asset_list"]
    assert error == (
        "Wij lazen 2 serienummers (kolom 'Serienummer'), maar u geeft 3 apparaten. "
        "Geef één serienummer per apparaat, of pas de aantallen aan. "
        "Kies daarna het bestand opnieuw."
    )
    assert html.unescape(response.text).count(error) == 2  # at the field and in the summary


def test_a_list_without_a_serial_column_names_the_columns_it_found(client, hub):
    response = client.post(
        reverse("donations:donate"),
        FORM | {"hub": hub.pk, "asset_list": upload(b"Naam;Type\nlaptop 1;T470\n")},
    )
    assert not Donation.objects.exists()
    [error] = response.context["form"].errors["asset_list"]
    assert "Wij lazen deze kolommen: 'Naam', 'Type'." in error
    assert "kies het bestand opnieuw" in error


def test_the_donor_hears_what_was_read_and_sees_the_number_place_hours_and_phone(client, hub):
    response = client.post(
        reverse("donations:donate"), FORM | {"hub": hub.pk, "asset_list": upload()}, follow=True
    )
    donation = Donation.objects.get()
    page = response.content.decode()
    assert (
        "Uit uw lijst lazen wij 3 serienummers (kolom &#x27;Serienummer&#x27;). "
        "Het model staat in kolom &#x27;Model&#x27;. Niet gebruikt: &#x27;Afdeling&#x27;." in page
    )
    assert donation.number.startswith("D-") and donation.number in page
    assert "Brusselsestraat 7" in page and "6211PB Maastricht" in page
    assert "dinsdag 09:00–17:00" in page and "043 123 45 67" in page
    assert page.count("Nog niet ontvangen") == 3


def test_the_donor_sees_their_serials_next_to_our_asset_tags(client, hub, staff_client):
    client.post(reverse("donations:donate"), FORM | {"hub": hub.pk, "asset_list": upload()})
    donation = Donation.objects.get()
    staff, _user = staff_client(Role.HUB_STAFF, hub.organisation)
    intake = reverse("inventory:device-intake")
    staff.post(
        f"{intake}?donatie={donation.pk}",
        {"hub": hub.pk, "type": "laptop", "count": 1, "serial": "pf0def", "donation": donation.pk},
    )
    device = Device.objects.get()
    page = Client().get(donation.get_donor_url()).content.decode()
    row = page[page.index("PF0DEF") : page.index("</tr>", page.index("PF0DEF"))]
    assert device.asset_tag in row and "Ontvangen" in row
    assert page.count("Nog niet ontvangen") == 2


def test_intake_from_a_donation_presets_the_hub_and_offers_the_donors_list(
    client, hub, staff_client
):
    client.post(reverse("donations:donate"), FORM | {"hub": hub.pk, "asset_list": upload()})
    donation = Donation.objects.get()
    staff, _user = staff_client(Role.HUB_STAFF, hub.organisation)
    page = staff.get(f"{reverse('inventory:device-intake')}?donatie={donation.pk}")
    form = page.context["form"]
    assert (form["hub"].value(), form["donation"].value()) == (hub.pk, donation.pk)
    text = page.content.decode()
    assert 'list="donor-serials"' in text and '<option value="PF0GHI">T490</option>' in text
    assert "PF0ABC — ThinkPad T470" in text


def test_staff_tell_duplicates_apart_in_the_list(hub, staff_client):
    first = DonationFactory(organisation=hub.organisation, hub=hub, email="piet@example.org")
    second = DonationFactory(organisation=hub.organisation, hub=hub, email="piet@example.org")
    staff, user = staff_client(Role.HUB_STAFF, hub.organisation)
    services.close_donation(actor=user, donation_id=first.pk, reason="Dubbel aangemeld")
    page = staff.get(reverse("donations:list")).content.decode()
    assert first.number in page and second.number in page
    assert "Gesloten" in page and "Open" in page and "0 van 1 binnen" in page


def test_staff_merge_a_duplicate_and_the_donors_old_link_follows(hub, staff_client):
    kept = DonationFactory(organisation=hub.organisation, hub=hub, email="Piet@example.org")
    duplicate = DonationFactory(organisation=hub.organisation, hub=hub, email="piet@example.org")
    duplicate.asset_items.create(serial="SN1", model="T470")
    duplicate.asset_items.create(serial="SN2")
    kept.asset_items.create(serial="sn1")
    staff, user = staff_client(Role.HUB_STAFF, hub.organisation)
    intake = reverse("inventory:device-intake")
    staff.post(
        f"{intake}?donatie={duplicate.pk}",
        {"hub": hub.pk, "type": "laptop", "count": 1, "serial": "SN2", "donation": duplicate.pk},
    )
    detail = staff.get(duplicate.get_absolute_url()).content.decode()
    assert kept.number in detail  # offered to merge into
    response = staff.post(reverse("donations:merge", args=[duplicate.pk]), {"into": kept.pk})
    assert response["Location"] == kept.get_absolute_url()
    assert sorted(kept.asset_items.values_list("serial", flat=True)) == ["SN2", "sn1"]
    assert Device.objects.get().donation == kept
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == ("merged", kept)
    assert_audited(
        "donation.merged",
        actor=user,
        subject=duplicate,
        after={"status": "merged", "into": kept.number, "devices": 1, "serials": 1},
    )
    assert Client().get(duplicate.get_donor_url())["Location"] == kept.get_donor_url()
    assert f"Samengevoegd met {kept.number}" in staff.get(reverse("donations:list")).text


def test_closing_needs_a_reason_and_is_audited(hub, staff_client):
    donation = DonationFactory(organisation=hub.organisation, hub=hub)
    staff, user = staff_client(Role.HUB_STAFF, hub.organisation)
    refused = staff.post(reverse("donations:close", args=[donation.pk]), {"reason": ""})
    assert "Schrijf op waarom deze donatie sluit." in refused.content.decode()
    staff.post(reverse("donations:close", args=[donation.pk]), {"reason": "Ziet ervan af"})
    donation.refresh_from_db()
    assert (donation.status, donation.closed_reason) == ("closed", "Ziet ervan af")
    assert_audited("donation.closed", actor=user, subject=donation, after={"status": "closed"})
    assert "gesloten" in Client().get(donation.get_donor_url()).content.decode()
    intake = staff.get(f"{reverse('inventory:device-intake')}?donatie={donation.pk}")
    assert donation.pk not in [d.pk for d in intake.context["form"].fields["donation"].queryset]


def test_closing_or_merging_is_refused_outside_the_rules(hub, staff_client):
    own = DonationFactory(organisation=hub.organisation, hub=hub)
    other_bank = OrganisationFactory(type="refurbisher")
    theirs = DonationFactory(organisation=other_bank, email=own.email)
    stranger = DonationFactory(organisation=hub.organisation, hub=hub, email="ander@example.org")
    _staff, user = staff_client(Role.HUB_STAFF, hub.organisation)
    trainee = staff_client(Role.TECHNICIAN_TRAINEE, hub.organisation)[1]
    assert_refused(services.close_donation, actor=user, donation_id=theirs.pk, reason="x")
    assert_refused(services.close_donation, actor=trainee, donation_id=own.pk, reason="x")
    assert_refused(services.merge_donation, actor=user, donation_id=own.pk, into_id=theirs.pk)
    assert_refused(
        services.merge_donation,
        raises=Refused,
        actor=user,
        donation_id=own.pk,
        into_id=stranger.pk,
    )
    assert_refused(
        services.merge_donation, raises=Refused, actor=user, donation_id=own.pk, into_id=own.pk
    )
    services.close_donation(actor=user, donation_id=own.pk, reason="Dubbel")
    assert_refused(
        services.close_donation, raises=Refused, actor=user, donation_id=own.pk, reason="x"
    )
