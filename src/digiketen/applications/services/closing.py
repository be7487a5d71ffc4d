from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen.applications import selectors
from digiketen.applications.models import (
    Application,
    DeviceHandover,
)
from digiketen.applications.services.common import Refused, locked, release_device
from digiketen.applications.workflow import WORKFLOW, Step


@transaction.atomic
def close(*, actor, application_id: int, reason: str) -> Application:
    """Stop an application (withdrawn, moved away); a reserved device becomes free again."""
    application = locked(application_id)
    move = WORKFLOW.begin(application, Step.CLOSE, actor=actor)
    if not reason.strip():
        raise Refused(_("Schrijf op waarom de aanvraag stopt."))
    if application.device_id:
        release_device(actor, application)
    application.decision_reason = reason
    return WORKFLOW.finish(application, move, actor=actor, after={"reason": reason}, reason=reason)


PERSONAL_FIELDS = ["first_name", "last_name", "house_number", "street", "city", "email", "phone"]


def anonymise_expired(*, now: datetime | None = None) -> int:
    """Make applications anonymous once they are done (run daily): the name, address and
    contact details go; the postcode area, the pass fingerprint and the figures stay, so the
    household rule and the council's figures keep working."""
    now = now or timezone.now()
    count = 0
    for application_id in selectors.expired_applications(now).values_list("pk", flat=True):
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=application_id)
            for name in PERSONAL_FIELDS:
                setattr(application, name, "")
            application.decision_reason = application.household_note = ""
            application.postcode = application.postcode[:4]
            application.anonymised_at = now
            application.save()
            DeviceHandover.objects.filter(application=application).update(
                signed_name="", return_notes=""
            )
            application.notifications.update(body="", last_error="")
            count += 1
    return count
