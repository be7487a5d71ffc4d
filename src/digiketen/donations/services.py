import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from digiketen.core import audit, links, outbox
from digiketen.core.models import Channel
from digiketen.donations.models import AssetListItem, Donation
from digiketen.organisations.models import Organisation, OrganisationType

DONATION_FIELDS = [
    "donor_kind",
    "organisation_name",
    "contact_name",
    "email",
    "phone",
    "laptops",
    "desktops",
    "tablets",
    "phones",
    "age",
    "handover",
    "hub",
    "pickup_street",
    "pickup_postcode",
    "pickup_city",
    "pickup_days",
    "notes",
]


def receiving_organisation(hub) -> Organisation:
    if hub is not None:
        return hub.organisation
    cyberbank = (
        Organisation.objects.filter(type=OrganisationType.REFURBISHER, is_active=True)
        .order_by("pk")
        .first()
    )
    if cyberbank is None:
        raise ValidationError(_("Er is nog geen cyberbank die apparaten aanneemt."))
    return cyberbank


@transaction.atomic
def register_donation(*, data: dict, asset_items: list[tuple[str, str]]) -> Donation:
    """A donor offers devices. Sends the private follow-up link by e-mail."""
    donation = Donation(
        token=secrets.token_urlsafe(24),
        organisation=receiving_organisation(data.get("hub")),
        **{k: data[k] for k in DONATION_FIELDS if k in data},
    )
    donation.full_clean()
    donation.save()
    AssetListItem.objects.bulk_create(
        AssetListItem(donation=donation, serial=serial, model=model)
        for serial, model in asset_items
    )
    audit.record(
        "donation.registered",
        actor_label=_("donateur (website)"),
        subject=donation,
        after={"devices": donation.device_count, "handover": donation.handover},
    )
    body = render_to_string(
        "donations/email/confirmation.txt",
        {"donation": donation, "url": links.absolute(donation.get_donor_url())},
    )
    outbox.send(
        channel=Channel.EMAIL,
        to=donation.email,
        subject=_("Bedankt voor uw apparaten"),
        body=body,
        kind="donations.thanks",
        about=donation,
        recipient_name=donation.contact_name,
    )
    return donation
