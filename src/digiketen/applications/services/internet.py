from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from digiketen.applications import notifications, selectors
from digiketen.applications.models import (
    DistributionPolicy,
    InternetProvision,
)
from digiketen.applications.services.common import locked
from digiketen.applications.workflow import WORKFLOW, Step


@transaction.atomic
def add_internet(*, actor, application_id: int, data: dict) -> InternetProvision:
    """Record social home internet; the eligibility check of the application covers it."""
    application = locked(application_id)
    move = WORKFLOW.begin(application, Step.ADD_INTERNET, actor=actor)
    provision = InternetProvision.objects.create(application=application, created_by=actor, **data)
    WORKFLOW.finish(
        application,
        move,
        actor=actor,
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
