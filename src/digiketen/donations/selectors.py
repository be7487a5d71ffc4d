from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from digiketen import permissions
from digiketen.donations.models import Donation
from digiketen.inventory.models import Device, DeviceState
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
    ).select_related("hub")


def donor_view(token: str) -> QuerySet[Donation]:
    return Donation.objects.filter(token=token).prefetch_related(
        Prefetch(
            "devices",
            queryset=Device.objects.prefetch_related("certificates").order_by("asset_tag"),
        )
    )
