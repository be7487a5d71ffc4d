"""A buddy match's process in one table: the coordinator proposes, either side may decline,
the match starts, may be put on hold (by the coordinator, or by the daily job when the
volunteer's VOG expires), resumes, and ends with a reason. Proposing, starting and resuming
need a volunteer with a valid VOG. Every step leaves a history row and an audit event."""

from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen.core.workflow import By, Move, Workflow
from digiketen.learning.models import Match, MatchStatus, MatchStep, MatchTransition
from digiketen.permissions import Perm

S = MatchStatus
STAFF_OR_SYSTEM = frozenset({By.STAFF, By.SYSTEM})


def _valid_vog(match, now) -> str:
    if match.volunteer.vog_valid_on(timezone.localdate(now)):
        return ""
    return _("Deze vrijwilliger heeft geen geldige VOG.")


MOVES = [
    Move(None, MatchStep.PROPOSE, S.PROPOSED, "learning.match_proposed", guard=_valid_vog),
    Move(S.PROPOSED, MatchStep.VOLUNTEER_DECLINES, S.DECLINED, "learning.match_declined"),
    Move(S.PROPOSED, MatchStep.RESIDENT_DECLINES, S.DECLINED, "learning.match_declined"),
    Move(S.PROPOSED, MatchStep.START, S.ACTIVE, "learning.match_started", guard=_valid_vog),
    Move(S.ACTIVE, MatchStep.HOLD, S.ON_HOLD, "learning.match_on_hold", by=STAFF_OR_SYSTEM),
    Move(S.ON_HOLD, MatchStep.RESUME, S.ACTIVE, "learning.match_resumed", guard=_valid_vog),
    Move(S.ACTIVE, MatchStep.END, S.ENDED, "learning.match_ended"),
    Move(S.ON_HOLD, MatchStep.END, S.ENDED, "learning.match_ended"),
]

WORKFLOW = Workflow(
    moves=MOVES,
    perm=Perm.MANAGE_BUDDIES,
    history=MatchTransition,
    subject_field="match",
    not_found=Match.DoesNotExist,
)

# Steps that need a coded reason.
DECLINES = frozenset({MatchStep.VOLUNTEER_DECLINES, MatchStep.RESIDENT_DECLINES})
