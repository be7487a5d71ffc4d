from digiketen.applications.models import Application
from digiketen.core.errors import Refused
from digiketen.inventory import services as inventory
from digiketen.inventory.history import Note
from digiketen.inventory.models import Device, DeviceState

__all__ = ["APPLICATION_FIELDS", "Refused", "locked", "neutral_reason", "release_device"]

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


def locked(application_id: int) -> Application:
    """The application, row-locked for the rest of the transaction. Whether the person may
    take a step on it is the workflow's question (applications.workflow)."""
    return Application.objects.select_for_update().get(pk=application_id)


def neutral_reason() -> Note:
    # The device's history is read by trainees: it names no resident and no application code.
    return Note("for_application")


def release_device(actor, application: Application) -> None:
    device = Device.objects.select_for_update().get(pk=application.device_id)
    if device.state == DeviceState.RESERVED:
        inventory.move_for_application(actor, device, DeviceState.READY, neutral_reason())
    application.device = None
    application.slot = None
    application.invitation_token = None
    application.invited_at = None
