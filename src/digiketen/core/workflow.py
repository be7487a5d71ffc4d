"""A process as one table: from which state which step leads where, who may take it, what the
audit log says and which message the resident gets. A domain declares its table once; its
services, the buttons on its pages and its templates all read the same table, and every move
leaves a history row and an audit event.

A service uses it in two calls around its own work, inside its transaction and row lock::

    move = WORKFLOW.begin(application, Step.RESERVE, actor=actor)   # refuses first
    ...                                                            # the domain's own changes
    WORKFLOW.finish(application, move, actor=actor, after={...})    # state, history, audit
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.core import audit
from digiketen.core.errors import IllegalTransition, Refused
from digiketen.permissions import Perm


class By(StrEnum):
    """Who takes a step: staff (with the workflow's permission), the resident through a public
    page or link, or the system (a daily job)."""

    STAFF = "staff"
    RESIDENT = "resident"
    SYSTEM = "system"


STAFF = frozenset({By.STAFF})

# A guard gets the object and the time, and returns why the step cannot be taken yet, or "".
Guard = Callable[[models.Model, datetime], str]


@dataclass(frozen=True)
class Move:
    source: str | None  # None: the step that creates the object
    step: str
    target: str
    audit_action: str
    by: frozenset[By] = STAFF
    message: str = ""  # the kind of message the resident gets, if any
    guard: Guard | None = None


@dataclass
class Workflow:
    """The table of one process. `perm` is what staff need for every step, on the object;
    without it `not_found` is raised, so that another organisation's object stays invisible
    (404); `perm_for(obj)`, when given, names that permission per object instead (one table
    for appointments that different staff handle). `history` is the model that keeps one row
    per move (fields: the subject, step, from_state, to_state, actor, actor_label);
    `notify(obj, kind, reason=...)` sends the resident's message."""

    moves: Iterable[Move]
    perm: Perm
    history: type[models.Model]
    subject_field: str
    not_found: type[Exception] = PermissionDenied
    notify: Callable[..., object] | None = None
    perm_for: Callable[[models.Model], Perm] | None = None
    state_field: str = "status"
    table: dict[tuple[str | None, str], Move] = field(init=False)

    def __post_init__(self):
        self.table = {}
        for move in self.moves:
            key = (move.source, move.step)
            if key in self.table:
                raise ValueError(f"Two moves for {key}")
            self.table[key] = move

    def state(self, obj) -> str | None:
        return getattr(obj, self.state_field) if obj.pk else None

    def allowed(self, obj, *, by: By = By.STAFF, now: datetime | None = None) -> set[str]:
        """The steps `by` can take now; for the buttons on a page that is already scoped to
        what the user may see."""
        now = now or timezone.now()
        return {
            move.step
            for (source, _step), move in self.table.items()
            if source == self.state(obj)
            and by in move.by
            and not (move.guard and move.guard(obj, now))
        }

    def begin(
        self, obj, step: str, *, actor=None, by: By | None = None, now: datetime | None = None
    ) -> Move:
        """The move for `step` from the object's current state, or a refusal: the step does not
        exist from here (IllegalTransition), the person may not act on this object
        (`not_found`), or its condition is not met yet (Refused)."""
        by = by or (By.STAFF if actor is not None else By.RESIDENT)
        move = self.table.get((self.state(obj), step))
        if move is None or by not in move.by:
            raise IllegalTransition(self.refusal(obj))
        perm = self.perm_for(obj) if self.perm_for is not None else self.perm
        if by == By.STAFF and not permissions.has_perm(actor, perm, obj):
            raise self.not_found
        if move.guard and (problem := move.guard(obj, now or timezone.now())):
            raise Refused(problem)
        return move

    def refusal(self, obj) -> str:
        display = getattr(obj, f"get_{self.state_field}_display", None)
        return _("Dit kan niet bij de status '%(status)s'.") % {
            "status": display() if display and obj.pk else "—"
        }

    def finish(
        self,
        obj,
        move: Move,
        *,
        actor=None,
        by: By | None = None,
        before: dict | None = None,
        after: dict | None = None,
        reason: str = "",
    ):
        """Take the move begun with `begin`: the new state is saved, the history row and the
        audit event are written, and the resident's message is handed to the outbox."""
        by = by or (By.STAFF if actor is not None else By.RESIDENT)
        from_state = move.source or ""
        setattr(obj, self.state_field, move.target)
        obj.save()
        with audit.default_language():  # the log reads the same whoever made the change
            label = {By.RESIDENT: _("inwoner"), By.SYSTEM: _("systeem")}.get(by, "")
        self.history.objects.create(
            **{self.subject_field: obj},
            step=move.step,
            from_state=from_state,
            to_state=move.target,
            actor=actor if by == By.STAFF else None,
            actor_label=label or actor.get_username(),
        )
        # The state goes into the event when it changes; creation has no "before".
        changed = move.source != move.target
        audit.record(
            move.audit_action,
            actor=actor if by == By.STAFF else None,
            actor_label=label,
            subject=obj,
            before=({self.state_field: from_state} if changed and move.source else {})
            | (before or {})
            or None,
            after=({self.state_field: move.target} if changed else {}) | (after or {}) or None,
        )
        if move.message and self.notify is not None:
            self.notify(obj, move.message, reason=reason)
        return obj
