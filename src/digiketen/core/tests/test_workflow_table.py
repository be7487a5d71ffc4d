"""A process table refuses to be declared with two moves for one state and step: which one
would the buttons and the services follow?"""

import pytest

from digiketen.core.models import AuditEvent
from digiketen.core.workflow import Move, Workflow
from digiketen.permissions import Perm


def table(*moves: Move) -> Workflow:
    return Workflow(moves=moves, perm=Perm.VIEW_DIRECTORY, history=AuditEvent, subject_field="x")


def test_each_state_and_step_leads_to_one_place():
    start = Move(None, "open", "open", "x.opened")
    close = Move("open", "close", "closed", "x.closed")
    assert table(start, close).table == {(None, "open"): start, ("open", "close"): close}


def test_two_moves_for_the_same_state_and_step_are_refused():
    with pytest.raises(ValueError, match=r"Two moves for \('open', 'close'\)"):
        table(
            Move("open", "close", "closed", "x.closed"),
            Move("open", "close", "archived", "x.archived"),
        )
