"""Registering a donation: which cyberbank receives it, what is kept, audited and mailed."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError

from digiketen.core.models import AuditEvent
from digiketen.donations import services
from digiketen.donations.models import AssetListItem, Donation
from digiketen.tests.audit import assert_audited
from digiketen.tests.factories import HubFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
DATA = {
    "donor_kind": "person",
    "contact_name": "Piet Jansen",
    "email": "piet@example.org",
    "laptops": 2,
    "tablets": 1,
    "age": "unknown",
    "handover": "drop_off",
}


def test_a_donation_at_a_hub_goes_to_its_cyberbank_with_the_asset_list(
    django_capture_on_commit_callbacks,
):
    hub = HubFactory()
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves after commit
        donation = services.register_donation(
            data=DATA | {"hub": hub, "notes": "Met laders", "unknown": "ignored"},
            asset_items=[("PF0AB", "ThinkPad T470"), ("PF0CD", "")],
        )
    assert (donation.organisation, donation.hub, donation.notes) == (
        hub.organisation,
        hub,
        "Met laders",
    )
    assert len(donation.token) >= 32
    assert list(AssetListItem.objects.values_list("serial", "model").order_by("serial")) == [
        ("PF0AB", "ThinkPad T470"),
        ("PF0CD", ""),
    ]
    assert_audited(
        "donation.registered",
        actor=None,
        actor_label="donateur (website)",
        subject=donation,
        organisation=hub.organisation,
        after={"devices": 3, "handover": "drop_off"},
    )
    [message] = mail.outbox
    assert message.to == ["piet@example.org"] and message.subject == "Bedankt voor uw apparaten"
    assert message.body.startswith("Beste Piet Jansen,")
    assert settings.SITE_URL + donation.get_donor_url() in message.body


def test_without_a_hub_the_first_active_cyberbank_receives_it():
    OrganisationFactory(type="refurbisher", is_active=False)
    first = OrganisationFactory(type="refurbisher")
    OrganisationFactory(type="refurbisher")
    OrganisationFactory(type="library")
    assert services.register_donation(data=DATA, asset_items=[]).organisation == first


def test_without_any_cyberbank_nothing_is_registered():
    OrganisationFactory(type="library")
    with pytest.raises(ValidationError, match="nog geen cyberbank"):
        services.register_donation(data=DATA, asset_items=[])
    assert not Donation.objects.exists() and not AuditEvent.objects.exists()
    assert mail.outbox == []


def test_an_invalid_donation_is_refused_before_anything_is_saved():
    HubFactory()
    with pytest.raises(ValidationError):
        services.register_donation(data=DATA | {"email": "geen-adres"}, asset_items=[("A", "")])
    assert not Donation.objects.exists() and not AssetListItem.objects.exists()
    assert mail.outbox == []
