from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from digiketen import permissions
from digiketen.donations.models import Donation, DonationStatus
from digiketen.inventory.models import Device, DeviceState
from digiketen.organisations.models import OpeningHours
from digiketen.permissions import Perm

S = DeviceState
# What a donor is told about each device: plain words, no internal steps.
DONOR_STATUS = {
    S.RECEIVED: _("Ontvangen"),
    S.TRIAGED: _("Ontvangen"),
    S.AWAITING_ERASURE: _("Wordt gewist"),
    S.ERASED: _("Gewist, wordt opgeknapt"),
    S.REFURBISHING: _("Gewist, wordt opgeknapt"),
    S.QUALITY_CHECK: _("Gewist, wordt opgeknapt"),
    S.READY: _("Klaar voor een nieuwe eigenaar"),
    S.RESERVED: _("Klaar voor een nieuwe eigenaar"),
    S.HANDED_OUT: _("In gebruik bij een inwoner"),
    S.RETURNED: _("Teruggebracht, wordt opnieuw gewist"),
    S.PARTS_HARVESTED: _("Gebruikt voor onderdelen"),
    S.RECYCLED: _("Gerecycled"),
    S.LOST: _("Kwijt"),
}


def managed_donations(*, user) -> QuerySet[Donation]:
    return permissions.scope_queryset(
        user, Perm.RECEIVE_DEVICES, Donation.objects.all(), "organisation"
    ).select_related("hub", "merged_into")


def donation_list(*, user) -> QuerySet[Donation]:
    """Newest first, with how many devices came in: duplicates differ in number, date, status."""
    return (
        managed_donations(user=user)
        .annotate(received=Count("devices"))
        .order_by("-created_at", "-pk")
    )


def intake_donations(*, user) -> QuerySet[Donation]:
    """The donations devices can still come in for."""
    return managed_donations(user=user).filter(status=DonationStatus.OPEN)


def intake_preset(*, user, donation_id: str) -> Donation | None:
    """The open donation intake was opened for (?donatie=), with its list."""
    if not donation_id.isdigit():
        return None
    return (
        intake_donations(user=user).prefetch_related("asset_items").filter(pk=donation_id).first()
    )


def duplicates_of(donation: Donation, *, user) -> QuerySet[Donation]:
    """Other open donations by the same donor at the same cyberbank: what it may merge into."""
    return (
        intake_donations(user=user)
        .filter(organisation=donation.organisation_id, email__iexact=donation.email)
        .exclude(pk=donation.pk)
    )


def donor_view(token: str) -> QuerySet[Donation]:
    return (
        Donation.objects.filter(token=token)
        .select_related("hub", "merged_into")
        .prefetch_related(
            "asset_items",
            Prefetch(
                "devices",
                queryset=Device.objects.prefetch_related("certificates").order_by("asset_tag"),
            ),
            Prefetch(
                "hub__opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")
            ),
        )
    )


@dataclass(frozen=True)
class ListedDevice:
    """A line of the donor's own list next to the device we made of it (None: not in yet)."""

    serial: str
    model: str
    device: Device | None
    status: str


def donor_devices(donation: Donation) -> tuple[list[ListedDevice], list[tuple[Device, str]]]:
    """The donor's serial numbers with our asset tags, and the devices that match no line."""
    devices = list(donation.devices.all())
    by_serial = {d.serial.upper(): d for d in devices if d.serial}
    listed = []
    for item in donation.asset_items.all():
        device = by_serial.pop(item.serial.upper(), None)
        status = DONOR_STATUS[device.state] if device else _("Nog niet ontvangen")
        listed.append(ListedDevice(item.serial, item.model, device, status))
    matched = {item.device.pk for item in listed if item.device}
    others = [(d, DONOR_STATUS[d.state]) for d in devices if d.pk not in matched]
    return listed, others


def open_serials(donation: Donation) -> list[tuple[str, str]]:
    """The serials of the donor's list that no device of the donation has yet, for intake."""
    received = {s.upper() for s in donation.devices.values_list("serial", flat=True) if s}
    return [
        (item.serial, item.model)
        for item in donation.asset_items.all()
        if item.serial.upper() not in received
    ]
