from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen.applications.models import (
    DEPOSIT_RULE_FIELDS,
    Condition,
    DepositRule,
    DeviceHandover,
    DistributionPolicy,
    LedgerKind,
)
from digiketen.applications.services.common import Refused, locked, neutral_reason
from digiketen.applications.services.handover import ledger_entry, refund_due, unsettled_deposit
from digiketen.applications.workflow import WORKFLOW, Step
from digiketen.core import audit
from digiketen.inventory import services as inventory
from digiketen.inventory.history import Note
from digiketen.inventory.models import Device, DeviceState


@transaction.atomic
def report_lost(*, actor, application_id: int, reason: str, now: datetime | None = None):
    """A handed-out device is lost or stolen: it leaves the stock, an unpaid-back deposit is
    forfeited, and the application closes."""
    now = now or timezone.now()
    application = locked(application_id)
    move = WORKFLOW.begin(application, Step.REPORT_LOST, actor=actor)
    if not reason.strip():
        raise Refused(_("Schrijf op wat er is gebeurd."))
    handover = DeviceHandover.objects.select_for_update().get(application=application)
    device = Device.objects.select_for_update().get(pk=handover.device_id)
    inventory.move_for_application(actor, device, DeviceState.LOST, neutral_reason())
    if paid := unsettled_deposit(handover):
        ledger_entry(handover, LedgerKind.FORFEITED, paid.amount_cents, "", actor, now)
    application.decision_reason = reason
    return WORKFLOW.finish(application, move, actor=actor, after={"reason": reason})


def deposit_kept(policy: DistributionPolicy, condition: str, deposit_cents: int) -> int:
    """The part of a deposit the cyberbank keeps for a device that comes back in `condition`."""
    field = DEPOSIT_RULE_FIELDS.get(condition)
    rule = getattr(policy, field) if field else DepositRule.REFUND
    if rule == DepositRule.KEEP_ALL:
        return deposit_cents
    if rule == DepositRule.KEEP_PART:
        return min(policy.deposit_part_kept_cents, deposit_cents)
    return 0


def refund_by_condition(handover: DeviceHandover | None, now=None) -> dict[str, int]:
    """What the resident gets back now for each condition (0 after the refund period): the
    return form asks how it is paid only when there is something to pay."""
    if handover is None or not refund_due(handover, now):
        return dict.fromkeys(Condition.values, 0)
    policy = DistributionPolicy.current()
    paid = unsettled_deposit(handover).amount_cents
    return {c: paid - deposit_kept(policy, c, paid) for c in Condition.values}


@transaction.atomic
def register_return(
    *,
    actor,
    application_id: int,
    condition: str,
    notes: str = "",
    method: str = "",
    now: datetime | None = None,
) -> DeviceHandover:
    """The device comes back: it is erased again before anyone else gets it. Within the
    period the deposit is paid back, less what the coordinator's rule keeps for a damaged,
    incomplete or broken device; after it, the deposit is forfeited. The resident is told."""
    now = now or timezone.now()
    application = locked(application_id)
    move = WORKFLOW.begin(application, Step.RETURN, actor=actor)
    if condition not in Condition.values:
        raise Refused(_("Kies in welke staat het apparaat terugkomt."))
    handover = DeviceHandover.objects.select_for_update().get(application=application)
    paid = unsettled_deposit(handover)
    in_period = refund_due(handover, now)
    kept = deposit_kept(DistributionPolicy.current(), condition, paid.amount_cents) if paid else 0
    refund = paid.amount_cents - kept if paid and in_period else 0
    if kept and in_period and not notes.strip():
        raise Refused(_("Schrijf op wat er mist of kapot is. De inwoner leest dit."))
    if refund and not method:
        raise Refused(_("Kies hoe het statiegeld wordt terugbetaald."))
    device = Device.objects.select_for_update().get(pk=handover.device_id)
    with audit.default_language():  # the label in Dutch: the history translates it when shown
        returned_as = Note("returned", {"condition": str(Condition(condition).label)})
    inventory.move_for_application(actor, device, DeviceState.RETURNED, returned_as)
    inventory.move_for_application(actor, device, DeviceState.AWAITING_ERASURE, "")
    if paid is not None:
        if refund:
            ledger_entry(handover, LedgerKind.REFUNDED, refund, method, actor, now)
        if paid.amount_cents - refund:
            ledger_entry(handover, LedgerKind.FORFEITED, paid.amount_cents - refund, "", actor, now)
    handover.returned_at = now
    handover.return_condition = condition
    handover.return_notes = notes
    handover.save(update_fields=["returned_at", "return_condition", "return_notes"])
    WORKFLOW.finish(
        application,
        move,
        actor=actor,
        after={
            "device": str(device),
            "condition": condition,
            "refunded": bool(refund),
            "kept_cents": paid.amount_cents - refund if paid else 0,
        },
    )
    return handover
