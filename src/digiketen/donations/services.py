import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.core import audit, links, outbox
from digiketen.core.errors import Refused
from digiketen.core.models import Channel
from digiketen.donations.models import AssetListItem, Donation, DonationStatus
from digiketen.organisations.models import Organisation, OrganisationType
from digiketen.permissions import Perm

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


def _managed(actor, donation_id: int) -> Donation:
    donation = Donation.objects.select_for_update().get(pk=donation_id)
    if not permissions.has_perm(actor, Perm.RECEIVE_DEVICES, donation):
        raise PermissionDenied
    return donation


@transaction.atomic
def close_donation(*, actor, donation_id: int, reason: str) -> Donation:
    """A donation that will not come (offered twice, changed their mind): it leaves the
    intake's choices and the donor's page says so. Its devices, if any, stay with it."""
    donation = _managed(actor, donation_id)
    if donation.status != DonationStatus.OPEN:
        raise Refused(_("Deze donatie is al gesloten of samengevoegd."))
    if not reason.strip():
        raise Refused(_("Schrijf op waarom deze donatie sluit."))
    donation.status = DonationStatus.CLOSED
    donation.closed_reason = reason.strip()
    donation.save(update_fields=["status", "closed_reason"])
    audit.record(
        "donation.closed",
        actor=actor,
        subject=donation,
        before={"status": DonationStatus.OPEN},
        after={"status": donation.status, "reason": donation.closed_reason},
    )
    return donation


@transaction.atomic
def merge_donation(*, actor, donation_id: int, into_id: int) -> Donation:
    """A donor who registered the same devices twice: the duplicate's received devices and
    the serials of its list that the kept one lacks move over; the duplicate's link leads to
    the kept one. Only between open donations of the same donor at the same cyberbank."""
    if donation_id == into_id:
        raise Refused(_("Kies een andere donatie om mee samen te voegen."))
    # Locked in the order of their numbers, so two merges the other way round cannot deadlock.
    first, second = sorted((donation_id, into_id))
    locked = {pk: _managed(actor, pk) for pk in (first, second)}
    duplicate, kept = locked[donation_id], locked[into_id]
    if duplicate.status != DonationStatus.OPEN or kept.status != DonationStatus.OPEN:
        raise Refused(_("Alleen open donaties kunnen worden samengevoegd."))
    if (
        duplicate.organisation_id != kept.organisation_id
        or duplicate.email.lower() != kept.email.lower()
    ):
        raise Refused(_("Deze donaties zijn niet van dezelfde donateur bij dezelfde cyberbank."))
    known = {serial.upper() for serial in kept.asset_items.values_list("serial", flat=True)}
    moved_items = [i.pk for i in duplicate.asset_items.all() if i.serial.upper() not in known]
    AssetListItem.objects.filter(pk__in=moved_items).update(donation=kept)
    duplicate.asset_items.exclude(pk__in=moved_items).delete()
    moved_devices = duplicate.devices.update(donation=kept)
    duplicate.status = DonationStatus.MERGED
    duplicate.merged_into = kept
    duplicate.save(update_fields=["status", "merged_into"])
    audit.record(
        "donation.merged",
        actor=actor,
        subject=duplicate,
        before={"status": DonationStatus.OPEN},
        after={
            "status": duplicate.status,
            "into": kept.number,
            "devices": moved_devices,
            "serials": len(moved_items),
        },
    )
    return kept
