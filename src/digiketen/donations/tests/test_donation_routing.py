"""A donation at a hub reaches that hub's cyberbank, and its thank-you message is kept with the
donation and its cyberbank (the outbox staff read). Written to kill mutants that survived
(docs/mutation-report.md)."""

import pytest
from django.core.exceptions import ValidationError

from digiketen.core.models import Message
from digiketen.donations import services
from digiketen.tests.factories import HubFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
DATA = {
    "donor_kind": "person",
    "contact_name": "Piet Jansen",
    "email": "piet@example.org",
    "laptops": 1,
    "age": "unknown",
    "handover": "drop_off",
}


def test_a_donation_at_the_second_cyberbanks_hub_goes_there():
    OrganisationFactory(type="refurbisher")  # the first cyberbank, the default without a hub
    hub = HubFactory()
    donation = services.register_donation(data=DATA | {"hub": hub}, asset_items=[])
    assert donation.organisation == hub.organisation


def test_the_thank_you_is_kept_with_the_donation_and_its_cyberbank():
    hub = HubFactory()
    donation = services.register_donation(data=DATA | {"hub": hub}, asset_items=[])
    message = Message.objects.get()
    assert (message.kind, message.about, message.recipient_name) == (
        "donations.thanks",
        donation,
        "Piet Jansen",
    )
    assert message.organisation == hub.organisation


def test_without_any_cyberbank_the_donor_reads_why():
    with pytest.raises(ValidationError) as refused:
        services.register_donation(data=DATA, asset_items=[])
    assert refused.value.messages == ["Er is nog geen cyberbank die apparaten aanneemt."]
