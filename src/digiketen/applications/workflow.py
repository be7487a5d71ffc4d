"""The application's process in one table. Every change of status is a step in it; the
services take the steps, the buttons on the staff page and the day list are read from it, and
each step leaves a history row, an audit event and, where the resident must know, a message.

Some steps keep the status (moving up the list, booking another time, a reminder, home
internet): they are in the table too, so that who may do what, and when, is written once."""

from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen.applications import notifications
from digiketen.applications.models import (
    HOLDS_DEVICE,
    Application,
    ApplicationTransition,
    NotificationKind,
    Status,
    Step,
)
from digiketen.core.workflow import STAFF, By, Move, Workflow
from digiketen.permissions import Perm

S = Status
K = NotificationKind


def _slot_started(application, now) -> str:
    if application.slot is None or application.slot.starts_at > now:
        return _("De afspraak is nog niet begonnen.")
    return ""


def _wants_internet(application, _now) -> str:
    return "" if application.wants_internet else _("Deze aanvraag vraagt geen internet thuis.")


RESIDENT_OR_STAFF = frozenset({By.STAFF, By.RESIDENT})
SYSTEM = frozenset({By.SYSTEM})
OPEN = [S.SUBMITTED, S.WAITING, S.APPROVED, S.INVITED, S.SCHEDULED]
# Home internet can be arranged once the resident qualifies, until the application ends.
INTERNET = [S.WAITING, S.APPROVED, S.INVITED, S.SCHEDULED, S.HANDED_OUT, S.RETURNED]
RESERVED = [S.INVITED, S.SCHEDULED]

MOVES = [
    Move(None, Step.SUBMIT, S.SUBMITTED, "application.submitted", RESIDENT_OR_STAFF, K.RECEIVED),
    Move(
        S.SUBMITTED, Step.APPROVE, S.WAITING, "application.eligibility_decided", message=K.WAITING
    ),
    Move(
        S.SUBMITTED,
        Step.APPROVE_INTERNET,
        S.APPROVED,
        "application.eligibility_decided",
        message=K.APPROVED,
    ),
    Move(
        S.SUBMITTED, Step.REJECT, S.REJECTED, "application.eligibility_decided", message=K.REJECTED
    ),
    Move(S.WAITING, Step.MOVE_UP, S.WAITING, "application.moved_up"),
    Move(S.WAITING, Step.RESERVE, S.INVITED, "application.device_reserved", message=K.INVITED),
    *(
        Move(
            source,
            Step.BOOK,
            S.SCHEDULED,
            "application.slot_booked",
            RESIDENT_OR_STAFF,
            K.SCHEDULED,
        )
        for source in RESERVED
    ),
    Move(S.SCHEDULED, Step.REMIND, S.SCHEDULED, "application.reminded", SYSTEM, K.REMINDER),
    # Staff record a missed pickup once the time has begun; the daily job counts an invitation
    # without a chosen time as missed. The rules decide which of the three follows.
    Move(S.SCHEDULED, Step.MISS, S.INVITED, "application.no_show", STAFF, K.MISSED, _slot_started),
    Move(S.INVITED, Step.MISS, S.INVITED, "application.no_show", SYSTEM, K.MISSED),
    Move(
        S.SCHEDULED,
        Step.REQUEUE,
        S.WAITING,
        "application.no_show",
        STAFF,
        K.REQUEUED,
        _slot_started,
    ),
    Move(S.INVITED, Step.REQUEUE, S.WAITING, "application.no_show", SYSTEM, K.REQUEUED),
    Move(
        S.SCHEDULED,
        Step.CLOSE_AFTER_MISSES,
        S.CLOSED,
        "application.no_show",
        STAFF,
        K.CLOSED,
        _slot_started,
    ),
    Move(S.INVITED, Step.CLOSE_AFTER_MISSES, S.CLOSED, "application.no_show", SYSTEM, K.CLOSED),
    *(
        Move(
            source, Step.RELEASE, S.WAITING, "application.reservation_released", message=K.RELEASED
        )
        for source in RESERVED
    ),
    *(Move(source, Step.HAND_OVER, S.HANDED_OUT, "application.handed_over") for source in RESERVED),
    Move(S.HANDED_OUT, Step.RETURN, S.RETURNED, "application.returned", message=K.RETURNED),
    Move(S.HANDED_OUT, Step.REPORT_LOST, S.CLOSED, "application.device_lost"),
    *(
        Move(source, Step.ADD_INTERNET, source, "application.internet_added", guard=_wants_internet)
        for source in INTERNET
    ),
    *(
        Move(source, Step.CLOSE, S.CLOSED, "application.closed", message=K.CLOSED)
        for source in OPEN
    ),
]

WORKFLOW = Workflow(
    moves=MOVES,
    perm=Perm.HANDLE_APPLICATIONS,
    history=ApplicationTransition,
    subject_field="application",
    not_found=Application.DoesNotExist,
    notify=notifications.notify,
)

# The links on the application's page, and the steps behind each.
BUTTONS = {
    "eligibility": {Step.APPROVE, Step.APPROVE_INTERNET, Step.REJECT},
    "move-up": {Step.MOVE_UP},
    "reserve": {Step.RESERVE},
    "book": {Step.BOOK},
    "handover": {Step.HAND_OVER},
    "release": {Step.RELEASE},
    "no-show": {Step.MISS, Step.REQUEUE, Step.CLOSE_AFTER_MISSES},
    "return": {Step.RETURN},
    "lost": {Step.REPORT_LOST},
    "internet": {Step.ADD_INTERNET},
    "close": {Step.CLOSE},
}


def available_actions(application, now=None) -> set[str]:
    """What staff can do with the application now: the links on its page. The agreement can
    be read while a device is bound to the resident."""
    steps = WORKFLOW.allowed(application, by=By.STAFF, now=now or timezone.now())
    actions = {button for button, needs in BUTTONS.items() if needs & steps}
    if application.status in HOLDS_DEVICE:
        actions.add("agreement")
    return actions
