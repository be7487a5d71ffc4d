"""Residents' applications for a device (and home internet), from eligibility to return.

No BSN and no documents are stored. A municipal pass number is kept only as a keyed hash,
an income statement only as "seen by X on date"."""

from digiketen.applications.models.application import (
    HOLDS_DEVICE,
    Application,
    ApplicationTransition,
    Channel,
    ContactChannel,
    Purpose,
    Route,
    Status,
    Step,
    new_reference,
)
from digiketen.applications.models.handover import (
    CashCount,
    Condition,
    DepositEntry,
    DeviceHandover,
    LedgerKind,
    PaymentMethod,
    SignedOn,
)
from digiketen.applications.models.internet import InternetProvision, PaidBy
from digiketen.applications.models.notification import Delivery, NotificationKind
from digiketen.applications.models.pickup import HubCapacity, PickupSlot
from digiketen.applications.models.policy import (
    DEPOSIT_RULE_FIELDS,
    NO_CATEGORY_RANK,
    POLICY_FIELDS,
    DepositRule,
    DistributionPolicy,
    HandoutForm,
    NoShowAction,
    PriorityCategory,
    Signal,
)

__all__ = [
    "DEPOSIT_RULE_FIELDS",
    "HOLDS_DEVICE",
    "NO_CATEGORY_RANK",
    "POLICY_FIELDS",
    "Application",
    "ApplicationTransition",
    "CashCount",
    "Channel",
    "Condition",
    "ContactChannel",
    "Delivery",
    "DepositEntry",
    "DepositRule",
    "DeviceHandover",
    "DistributionPolicy",
    "HandoutForm",
    "HubCapacity",
    "InternetProvision",
    "LedgerKind",
    "NoShowAction",
    "NotificationKind",
    "PaidBy",
    "PaymentMethod",
    "PickupSlot",
    "PriorityCategory",
    "Purpose",
    "Route",
    "Signal",
    "SignedOn",
    "Status",
    "Step",
    "new_reference",
]
