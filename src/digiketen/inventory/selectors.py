from django.db.models import Prefetch, QuerySet

from digiketen import permissions
from digiketen.inventory.models import Device, DeviceTransition, ErasureRecord, StorageMedium
from digiketen.organisations.models import Location
from digiketen.permissions import Perm


def visible_devices(*, user) -> QuerySet[Device]:
    return permissions.scope_queryset(
        user, Perm.WORK_ON_DEVICES, Device.objects.all(), "organisation"
    ).select_related("hub", "organisation")


def device_with_history(*, user) -> QuerySet[Device]:
    return visible_devices(user=user).prefetch_related(
        Prefetch(
            "media",
            queryset=StorageMedium.objects.prefetch_related(
                Prefetch(
                    "erasures",
                    queryset=ErasureRecord.objects.select_related("operator", "verified_by"),
                )
            ),
        ),
        Prefetch("transitions", queryset=DeviceTransition.objects.select_related("actor")),
        "certificates",
    )


def intake_hubs(*, user) -> QuerySet[Location]:
    return permissions.scope_queryset(
        user,
        Perm.RECEIVE_DEVICES,
        Location.objects.filter(is_active=True, organisation__type="refurbisher"),
        "organisation",
    ).select_related("organisation")
