import io
import re

import pytest
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.donations.asset_list import AssetListError, read_asset_list
from digiketen.donations.models import Donation
from digiketen.inventory.models import Device
from digiketen.tests.audit import assert_audited
from digiketen.tests.factories import DonationFactory, LocationFactory, OrganisationFactory

FORM = {
    "donor_kind": "organisation",
    "organisation_name": "Woonpunt",
    "contact_name": "Sanne de Vries",
    "email": "sanne@example.org",
    "laptops": "3",
    "desktops": "0",
    "tablets": "0",
    "phones": "1",
    "age": "3_to_5",
    "handover": "drop_off",
}


@pytest.fixture
def hub(db):
    return LocationFactory(
        name="Uitgiftepunt", organisation=OrganisationFactory(name="Cyberbank", type="refurbisher")
    )


def test_donor_registers_and_gets_a_private_link_by_mail(
    client, hub, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves after commit
        response = client.post(reverse("donations:donate"), FORM | {"hub": hub.pk})
    donation = Donation.objects.get()
    assert response["Location"] == donation.get_donor_url()
    assert len(donation.token) >= 32
    assert donation.organisation == hub.organisation
    assert donation.device_count == 4
    [mail] = mailoutbox
    assert mail.to == ["sanne@example.org"]
    assert donation.get_donor_url() in mail.body
    page = client.get(donation.get_donor_url())
    assert "Wij hebben de apparaten nog niet ontvangen." in page.text
    assert "noindex" in page.text


def test_asset_list_is_read_from_csv_and_xlsx(client, hub):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv_file = SimpleUploadedFile(
        "lijst.csv", b"Serienummer;Model\nPF0ABC;ThinkPad T470\n;\nPF0DEF;T480\n"
    )
    two = {"laptops": "2", "phones": "0"}
    client.post(reverse("donations:donate"), FORM | two | {"hub": hub.pk, "asset_list": csv_file})
    assert list(Donation.objects.get().asset_items.values_list("serial", "model")) == [
        ("PF0ABC", "ThinkPad T470"),
        ("PF0DEF", "T480"),
    ]
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["serial", "model"])
    book.active.append(["SN123", "EliteBook"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert read_asset_list("lijst.xlsx", buffer.getvalue()).items == [("SN123", "EliteBook")]
    with pytest.raises(AssetListError, match="serienummer"):
        read_asset_list("lijst.csv", b"naam,model\nx,y\n")


def test_form_errors_are_explained_and_keep_the_input(client, hub):
    response = client.post(
        reverse("donations:donate"),
        FORM | {"organisation_name": "", "laptops": "0", "phones": "0", "handover": "pickup"},
    )
    text = response.text
    assert response.status_code == 200
    assert "Vul de naam van de organisatie in." in text
    assert "Vul in hoeveel apparaten u geeft." in text
    assert "Vul dit in, dan weten wij waar wij ophalen." in text
    assert 'href="#id_organisation_name"' in text
    assert 'value="Sanne de Vries"' in text
    assert not Donation.objects.exists()


def test_unknown_donor_link_is_404(client, db):
    assert client.get(reverse("donations:donor-page", args=["raden-lukt-niet"])).status_code == 404


def test_donor_follows_devices_and_downloads_certificates(client, hub, tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    from digiketen.conftest import make_staff, pdf_text
    from digiketen.inventory import services
    from digiketen.inventory.models import StorageMedium

    client.post(reverse("donations:donate"), FORM | {"hub": hub.pk})
    donation = Donation.objects.get()
    staff = make_staff(Role.HUB_STAFF, hub.organisation)
    supervisor = make_staff(Role.TECHNICIAN_SUPERVISOR, hub.organisation)
    [device] = services.receive_devices(
        actor=staff, hub=hub, count=1, type="laptop", donation=donation
    )
    medium = StorageMedium.objects.create(device=device, kind="ssd", serial="S3TZ1")
    services.triage(actor=staff, device_id=device.pk)
    now = timezone.now()
    record = services.record_erasure(
        actor=staff,
        medium_id=medium.pk,
        data={
            "level": "purge",
            "method": "crypto_erase",
            "started_at": now - timedelta(hours=1),
            "ended_at": now,
            "verification_passed": True,
            "outcome": "erased",
        },
    )
    services.sign_off_erasure(actor=supervisor, record_id=record.pk)  # erased at once
    assert device.certificates.exists()

    page = client.get(donation.get_donor_url())
    assert device.asset_tag in page.text
    assert "Gewist, wordt opgeknapt" in page.text
    assert str(staff) not in page.text  # donor sees no staff names on the page
    certificate = device.certificates.get()
    pdf = client.get(reverse("donations:donor-certificates", args=[donation.token]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert certificate.number in text and "S3TZ1" in text and "Woonpunt" in text


def test_staff_see_only_their_own_cyberbank_donations(staff_client, hub):
    other = OrganisationFactory(type="refurbisher")
    client, _ = staff_client(Role.HUB_STAFF, other)
    DonationFactory(organisation=hub.organisation, hub=hub, contact_name="Piet")
    donation = Donation.objects.get()
    assert client.get(reverse("donations:detail", args=[donation.pk])).status_code == 404
    assert "Piet" not in client.get(reverse("donations:list")).text


def test_trainees_never_see_donor_data(staff_client, hub):
    client, _ = staff_client(Role.TECHNICIAN_TRAINEE, hub.organisation)
    donation = DonationFactory(organisation=hub.organisation, hub=hub)
    assert client.get(reverse("donations:detail", args=[donation.pk])).status_code == 403
    device = Device.objects.create(
        asset_tag="DK-7", organisation=hub.organisation, hub=hub, type="laptop", donation=donation
    )
    page = client.get(device.get_absolute_url())
    assert not re.search(r"Piet|piet@example", page.text)


def test_intake_is_matched_against_the_asset_list(staff_client, hub):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from digiketen.accounts.roles import Role as R

    csv_file = SimpleUploadedFile("lijst.csv", b"serial,model\nPF0ABC,T470\nPF0DEF,T480\n")
    from django.test import Client

    Client().post(
        reverse("donations:donate"),
        FORM | {"laptops": "2", "phones": "0", "hub": hub.pk, "asset_list": csv_file},
    )
    donation = Donation.objects.get()
    client, _ = staff_client(R.HUB_STAFF, hub.organisation)
    client.post(
        reverse("inventory:device-intake"),
        {"hub": hub.pk, "type": "laptop", "count": 1, "serial": "pf0abc", "donation": donation.pk},
    )
    page = client.get(donation.get_absolute_url())
    assert re.search(r"✓ ontvangen:</strong> PF0ABC", page.text)
    assert not re.search(r"✓ ontvangen:</strong> PF0DEF", page.text)


def test_reading_a_donors_details_is_logged(staff_client, hub):
    from digiketen.core.models import AuditEvent

    donation = DonationFactory(organisation=hub.organisation, hub=hub)
    client, user = staff_client(Role.HUB_STAFF, hub.organisation)
    client.get(reverse("donations:detail", args=[donation.pk]))
    assert_audited("donation.viewed", actor=user, subject=donation, organisation=hub.organisation)
    assert not AuditEvent.objects.exclude(action="donation.viewed").exists()


def test_sending_the_form_twice_creates_one_donation(
    client, hub, mailoutbox, django_capture_on_commit_callbacks
):
    page = client.get(reverse("donations:donate"))
    key = page.context["once"]
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("donations:donate"), FORM | {"hub": hub.pk, "once": key})
        second = client.post(reverse("donations:donate"), FORM | {"hub": hub.pk, "once": key})
    assert Donation.objects.count() == 1
    assert second["Location"] == first["Location"] == Donation.objects.get().get_donor_url()
    assert len(mailoutbox) == 1
