"""An appointment's process in one table: booked by a helper or online, then came, did not come
(both only once the time has begun) or cancelled (by staff, or by the resident through the link
in the confirmation). The same table for a help point's and a hub's appointments; who may take
a step depends on the purpose (helpdesk.purposes). Every step leaves a history row and an audit
event; booking sends the confirmation, cancelling says so."""

from django.utils.translation import gettext as _

from digiketen.core.workflow import By, Move, Workflow
from digiketen.helpdesk import messages
from digiketen.helpdesk.models import (
    Appointment,
    AppointmentStatus,
    AppointmentStep,
    AppointmentTransition,
)
from digiketen.helpdesk.purposes import perm_for
from digiketen.permissions import Perm

A = AppointmentStatus
CONFIRMATION = "confirmation"
CANCELLATION = "cancellation"


def _begun(appointment, now) -> str:
    return "" if appointment.slot.starts_at <= now else _("De afspraak is nog niet begonnen.")


def _tell(appointment, kind, *, reason=""):
    if kind == CANCELLATION:
        messages.tell_cancelled(appointment)
    else:
        messages.confirm(appointment, reminder=False)


MOVES = [
    Move(
        None,
        AppointmentStep.BOOK,
        A.BOOKED,
        "helpdesk.appointment_booked",
        by=frozenset({By.STAFF, By.RESIDENT}),  # by a helper, or online at /afspraak
        message=CONFIRMATION,
    ),
    Move(A.BOOKED, AppointmentStep.COME, A.DONE, "helpdesk.appointment_status", guard=_begun),
    Move(A.BOOKED, AppointmentStep.NO_SHOW, A.NO_SHOW, "helpdesk.appointment_status", guard=_begun),
    Move(
        A.BOOKED,
        AppointmentStep.CANCEL,
        A.CANCELLED,
        "helpdesk.appointment_status",
        by=frozenset({By.STAFF, By.RESIDENT}),  # or the resident, with the link they got
        message=CANCELLATION,
    ),
]

WORKFLOW = Workflow(
    moves=MOVES,
    perm=Perm.REGISTER_HELP,
    history=AppointmentTransition,
    subject_field="appointment",
    not_found=Appointment.DoesNotExist,
    notify=_tell,
    perm_for=perm_for,
)

# The status a helper chooses on the appointment's page, and the step behind it.
STEP_FOR_STATUS = {
    A.DONE: AppointmentStep.COME,
    A.NO_SHOW: AppointmentStep.NO_SHOW,
    A.CANCELLED: AppointmentStep.CANCEL,
}
