"""The device lifecycle. Every change goes through here: it checks the role, locks the device,
refuses illegal steps with a clear message and writes the history and an audit event.

One module per capability: the lifecycle and its table, erasure, spec capture, the
workshop (work logs, skills, code lists) and stock (transfers, recycling)."""

from digiketen.core.errors import IllegalTransition
from digiketen.inventory.services.capture import (
    create_hub_token,
    record_capture,
    revoke_hub_token,
)
from digiketen.inventory.services.code_lists import (
    save_code_lists,
    save_impact_factors,
    start_code_lists,
)
from digiketen.inventory.services.erasure import (
    erasure_advice,
    fitting_methods,
    record_erasure,
    sign_off_erasure,
)
from digiketen.inventory.services.lifecycle import (
    BOUND_TO_APPLICATION,
    ERASABLE,
    EXITS,
    NEEDS_RELEASED_MEDIA,
    REQUIRED_PERM,
    TRANSITIONS,
    USUAL_NEXT,
    TriageDecision,
    add_medium,
    bound_to_application,
    media_not_released,
    move,
    move_for_application,
    next_asset_tag,
    next_states,
    open_tasks,
    receive_devices,
    record_move,
    require_perm,
    transition,
    triage,
    triage_decision,
    triage_reason,
    triage_undoable,
    update_device,
)
from digiketen.inventory.services.stock import NOT_TRANSFERABLE, ship_for_recycling, transfer_device
from digiketen.inventory.services.workshop import log_work, sign_off_skill

__all__ = [
    "BOUND_TO_APPLICATION",
    "ERASABLE",
    "EXITS",
    "NEEDS_RELEASED_MEDIA",
    "NOT_TRANSFERABLE",
    "REQUIRED_PERM",
    "TRANSITIONS",
    "USUAL_NEXT",
    "IllegalTransition",
    "TriageDecision",
    "add_medium",
    "bound_to_application",
    "create_hub_token",
    "erasure_advice",
    "fitting_methods",
    "log_work",
    "media_not_released",
    "move",
    "move_for_application",
    "next_asset_tag",
    "next_states",
    "open_tasks",
    "receive_devices",
    "record_capture",
    "record_erasure",
    "record_move",
    "require_perm",
    "revoke_hub_token",
    "save_code_lists",
    "save_impact_factors",
    "ship_for_recycling",
    "sign_off_erasure",
    "sign_off_skill",
    "start_code_lists",
    "transfer_device",
    "transition",
    "triage",
    "triage_decision",
    "triage_reason",
    "triage_undoable",
    "update_device",
]
