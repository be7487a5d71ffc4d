from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen.applications import notifications, selectors
from digiketen.applications.models import (
    DistributionPolicy,
    InternetProvision,
    Status,
)
from digiketen.applications.services.common import Refused, locked
from digiketen.core import audit


@transaction.atomic
def add_internet(*, actor, application_id: int, data: dict) -> InternetProvision:
    """Record social home internet; the eligibility check of the application covers it."""
    application = locked(actor, application_id)
    if not application.wants_internet:
        raise Refused(_("Deze aanvraag vraagt geen internet thuis."))
    if application.status in (Status.SUBMITTED, Status.REJECTED, Status.CLOSED):
        raise Refused(_("Controleer eerst of de inwoner in aanmerking komt."))
    provision = InternetProvision.objects.create(application=application, created_by=actor, **data)
    audit.record(
        "application.internet_added",
        actor=actor,
        subject=application,
        after={"provider": provision.provider, "ends_on": provision.ends_on.isoformat()},
    )
    return provision


def remind_internet_endings(*, today: date | None = None) -> int:
    """Tell the hub's staff that a resident's home internet ends soon (run daily)."""
    today = today or timezone.localdate()
    days = DistributionPolicy.current().internet_reminder_days
    count = 0
    for provision in selectors.internet_ending(today + timedelta(days=days)).filter(
        reminder_sent_at__isnull=True
    ):
        with transaction.atomic():
            notifications.tell_staff_internet_ends(provision)
            InternetProvision.objects.filter(pk=provision.pk).update(
                reminder_sent_at=timezone.now()
            )
            count += 1
    return count
