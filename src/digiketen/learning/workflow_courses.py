"""An enrolment's process in one table: from the request, through the intake and the waiting
list, to a seat and a certificate, or off the list. Services, buttons and templates read it;
every move leaves a history row and an audit event, and tells the person what changed."""

from digiketen.core.workflow import By, Move, Workflow
from digiketen.learning.models import (
    Enrolment,
    EnrolmentStatus,
    EnrolmentStep,
    EnrolmentTransition,
)
from digiketen.permissions import Perm

S = EnrolmentStatus
T = EnrolmentStep
ANYONE = frozenset({By.STAFF, By.RESIDENT})
STAFF_OR_SYSTEM = frozenset({By.STAFF, By.SYSTEM})
RESIDENT_OR_STAFF = frozenset({By.STAFF, By.RESIDENT})

# Kinds of message the person gets (learning.course_messages)
RECEIVED = "received"
OFFERED = "offered"
EXPIRED = "expired"
PLACED = "placed"
LEFT = "left"


def _notify(enrolment, kind, *, reason=""):
    from digiketen.learning import course_messages

    course_messages.tell(enrolment, kind)


MOVES = [
    Move(None, T.REQUEST, S.REQUESTED, "learning.enrolment_requested", by=ANYONE, message=RECEIVED),
    Move(S.REQUESTED, T.INTAKE, S.WAITING, "learning.enrolment_intake", by=STAFF_OR_SYSTEM),
    Move(
        S.WAITING, T.OFFER, S.OFFERED, "learning.seat_offered", by=STAFF_OR_SYSTEM, message=OFFERED
    ),
    Move(
        S.OFFERED,
        T.ACCEPT,
        S.PLACED,
        "learning.seat_accepted",
        by=RESIDENT_OR_STAFF,
        message=PLACED,
    ),
    Move(
        S.OFFERED,
        T.EXPIRE,
        S.EXPIRED,
        "learning.offer_expired",
        by=frozenset({By.SYSTEM}),
        message=EXPIRED,
    ),
    Move(
        S.REQUESTED, T.LEAVE, S.LEFT, "learning.enrolment_left", by=RESIDENT_OR_STAFF, message=LEFT
    ),
    Move(S.WAITING, T.LEAVE, S.LEFT, "learning.enrolment_left", by=RESIDENT_OR_STAFF, message=LEFT),
    Move(S.OFFERED, T.LEAVE, S.LEFT, "learning.enrolment_left", by=RESIDENT_OR_STAFF, message=LEFT),
    Move(S.PLACED, T.COMPLETE, S.COMPLETED, "learning.enrolment_completed"),
    Move(S.PLACED, T.DROP_OUT, S.DROPPED_OUT, "learning.enrolment_dropped_out"),
]

WORKFLOW = Workflow(
    moves=MOVES,
    perm=Perm.MANAGE_COURSES,
    history=EnrolmentTransition,
    subject_field="enrolment",
    not_found=Enrolment.DoesNotExist,
    notify=_notify,
)
