from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.core import audit
from digiketen.core.errors import IllegalTransition
from digiketen.inventory.history import Note
from digiketen.inventory.models import (
    Device,
    DeviceTransfer,
    RecyclingShipment,
)
from digiketen.inventory.services.lifecycle import S, media_not_released, move, require_perm
from digiketen.permissions import Perm

NOT_TRANSFERABLE = {S.RESERVED, S.HANDED_OUT, S.PARTS_HARVESTED, S.RECYCLED, S.LOST}


@transaction.atomic
def transfer_device(*, actor, device_id: int, to_hub) -> Device:
    """Move a device to another hub of the same cyberbank."""
    device = Device.objects.select_for_update().get(pk=device_id)
    require_perm(actor, Perm.RECEIVE_DEVICES, device)
    if not permissions.has_perm(actor, Perm.RECEIVE_DEVICES, to_hub):
        raise PermissionDenied
    if to_hub.organisation_id != device.organisation_id:
        raise IllegalTransition(
            _("Verplaatsen kan alleen naar een uitgiftepunt van dezelfde cyberbank.")
        )
    if device.state in NOT_TRANSFERABLE or to_hub.pk == device.hub_id:
        raise IllegalTransition(_("Dit apparaat kan nu niet verplaatst worden."))
    DeviceTransfer.objects.create(device=device, from_hub=device.hub, to_hub=to_hub, actor=actor)
    audit.record(
        "device.transferred",
        actor=actor,
        subject=device,
        before={"hub": str(device.hub)},
        after={"hub": str(to_hub)},
    )
    device.hub = to_hub
    device.save(update_fields=["hub", "updated_at"])
    return device


@transaction.atomic
def ship_for_recycling(
    *, actor, organisation, device_ids: list[int], data: dict
) -> RecyclingShipment:
    """Hand devices (or what is left of them) to a recycler; they leave the stock for good."""
    if not permissions.has_perm(actor, Perm.RECEIVE_DEVICES, organisation):
        raise PermissionDenied
    devices = list(
        Device.objects.select_for_update().filter(pk__in=device_ids, organisation=organisation)
    )
    if not devices or len(devices) != len(set(device_ids)):
        raise IllegalTransition(_("Kies apparaten van uw eigen cyberbank."))
    if with_data := [d.asset_tag for d in devices if media_not_released(d)]:
        # Named by asset tag: the message must say which of the shipment's devices waits.
        raise IllegalTransition(
            _("Eerst de opslag wissen of vernietigen, en laten goedkeuren, van: %(devices)s.")
            % {"devices": ", ".join(sorted(with_data))}
        )
    shipment = RecyclingShipment(organisation=organisation, **data)
    shipment.full_clean(exclude=["organisation"])
    shipment.save()
    reason = Note("to_recycler", {"name": shipment.recycler})
    for device in devices:
        move(actor, device, S.RECYCLED, reason)
    shipment.devices.set(devices)
    audit.record(
        "device.recycling_shipped",
        actor=actor,
        subject=organisation,
        after={
            "recycler": shipment.recycler,
            "devices": len(devices),
            "weee_certificate": shipment.weee_certificate,
        },
    )
    return shipment
