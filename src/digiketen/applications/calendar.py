"""The calendar file of a pickup appointment."""

from django.utils.translation import gettext as _

from digiketen.applications.models import DistributionPolicy
from digiketen.core import calendar


def pickup_event(application) -> str:
    slot = application.slot
    return calendar.event(
        uid=f"pickup-{application.reference}-{slot.pk}",
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        summary=_("Laptop ophalen"),
        where=calendar.address(application.hub),
        details=_(
            "Neem uw %(pass)s, uw verwijzing of uw inkomensverklaring mee, en het "
            "statiegeld. Aanvraagcode: %(code)s"
        )
        % {"pass": DistributionPolicy.current().pass_name, "code": application.reference},
    )
