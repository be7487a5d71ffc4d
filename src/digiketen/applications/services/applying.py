from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.applications import notifications
from digiketen.applications.models import (
    Application,
    Channel,
    NotificationKind,
)
from digiketen.applications.services.common import APPLICATION_FIELDS
from digiketen.core import audit
from digiketen.permissions import Perm


@transaction.atomic
def submit_application(*, data: dict, channel: Channel, language: str, actor=None) -> Application:
    """One application, whether typed in by the resident, at a desk or by a partner."""
    if actor is not None and not permissions.has_perm(actor, Perm.HANDLE_APPLICATIONS, data["hub"]):
        raise PermissionDenied
    application = Application.objects.create(
        **{name: data[name] for name in APPLICATION_FIELDS if name in data},
        organisation=data["hub"].organisation,
        channel=channel,
        language=language,
        consent_at=timezone.now(),
        created_by=actor,
    )
    audit.record(
        "application.submitted",
        actor=actor,
        actor_label="" if actor else _("inwoner"),
        subject=application,
        after={"channel": channel},
    )
    notifications.notify(application, NotificationKind.RECEIVED)
    return application
