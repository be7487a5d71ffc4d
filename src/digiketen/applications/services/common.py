from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.applications.models import (
    Application,
    Status,
)
from digiketen.inventory import services as inventory
from digiketen.inventory.models import Device, DeviceState
from digiketen.permissions import Perm


class Refused(Exception):
    """The step cannot be taken now; the message says why, in words for the user."""


APPLICATION_FIELDS = [
    "hub",
    "wants_device",
    "wants_internet",
    "purposes",
    "large_screen",
    "household_size",
    "school_children",
    "alone_75",
    "first_name",
    "last_name",
    "postcode",
    "house_number",
    "street",
    "city",
    "contact_by",
    "email",
    "phone",
    "route",
    "referred_by",
]


def locked(actor, application_id: int) -> Application:
    """The application, row-locked, if `actor` may handle it (404 semantics otherwise)."""
    application = Application.objects.select_for_update().get(pk=application_id)
    if not permissions.has_perm(actor, Perm.HANDLE_APPLICATIONS, application):
        raise Application.DoesNotExist
    return application


def require_status(application: Application, *allowed: Status) -> None:
    if application.status not in allowed:
        raise Refused(
            _("Dit kan niet bij een aanvraag met status '%(status)s'.")
            % {"status": application.get_status_display()}
        )


def neutral_reason() -> str:
    # The device's history is read by trainees: it names no resident and no application code.
    return _("Voor een aanvraag van een inwoner")


def release_device(actor, application: Application) -> None:
    device = Device.objects.select_for_update().get(pk=application.device_id)
    if device.state == DeviceState.RESERVED:
        inventory.move_for_application(actor, device, DeviceState.READY, neutral_reason())
    application.device = None
    application.slot = None
    application.invitation_token = None
    application.invited_at = None
