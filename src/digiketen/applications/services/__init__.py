"""Every change to an application goes through here, inside a transaction, with an audit
event. Devices and pickup slots are locked while they are given to someone.

One module per capability; the names are re-exported here so callers write
`services.hand_over(...)`."""

from digiketen.applications.services.applying import submit_application
from digiketen.applications.services.closing import PERSONAL_FIELDS, anonymise_expired, close
from digiketen.applications.services.common import APPLICATION_FIELDS, Refused, neutral_reason
from digiketen.applications.services.eligibility import (
    decide_eligibility,
    move_up,
    route_problems,
    save_policy,
    suggested_category,
)
from digiketen.applications.services.handover import (
    add_years,
    forfeit_expired_deposits,
    hand_over,
    record_cash_count,
    refund_due,
)
from digiketen.applications.services.internet import add_internet, remind_internet_endings
from digiketen.applications.services.pickup import (
    book_slot,
    create_slots,
    expire_invitations,
    record_no_show,
    release_reservation,
    reserve,
    send_pickup_reminders,
    set_month_capacity,
)
from digiketen.applications.services.returns import (
    deposit_kept,
    refund_by_condition,
    register_return,
    report_lost,
)

__all__ = [
    "APPLICATION_FIELDS",
    "PERSONAL_FIELDS",
    "Refused",
    "add_internet",
    "add_years",
    "anonymise_expired",
    "book_slot",
    "close",
    "create_slots",
    "decide_eligibility",
    "deposit_kept",
    "expire_invitations",
    "forfeit_expired_deposits",
    "hand_over",
    "move_up",
    "neutral_reason",
    "record_cash_count",
    "record_no_show",
    "refund_by_condition",
    "refund_due",
    "register_return",
    "release_reservation",
    "remind_internet_endings",
    "report_lost",
    "reserve",
    "route_problems",
    "save_policy",
    "send_pickup_reminders",
    "set_month_capacity",
    "submit_application",
    "suggested_category",
]
