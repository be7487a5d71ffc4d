from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from digiketen.organisations.models import Location


class HubCapacity(models.Model):
    """How many devices a hub hands out per month (else the policy's default)."""

    hub = models.OneToOneField(Location, on_delete=models.CASCADE, related_name="capacity")
    monthly = models.PositiveSmallIntegerField(_("uitgiftes per maand"))

    def __str__(self) -> str:
        return f"{self.hub}: {self.monthly}"


class PickupSlot(models.Model):
    hub = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="pickup_slots")
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))
    capacity = models.PositiveSmallIntegerField(_("aantal mensen"), default=1)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "starts_at"], name="pickup_slot_unique"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="pickup_slot_ends_later"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="pickup_slot_capacity"),
        ]

    def __str__(self) -> str:
        from django.utils import formats, timezone

        start = timezone.localtime(self.starts_at)
        end = timezone.localtime(self.ends_at)
        return (
            f"{formats.date_format(start, 'l j F Y')} "
            f"{formats.time_format(start, 'H:i')}–{formats.time_format(end, 'H:i')}"
        )
