from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen.applications.models import (
    Condition,
    DeviceHandover,
    LedgerKind,
)
from digiketen.applications.services.common import Refused, locked, neutral_reason
from digiketen.applications.services.handover import ledger_entry, refund_due, unsettled_deposit
from digiketen.applications.workflow import WORKFLOW, Step
from digiketen.inventory import services as inventory
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
    """The device comes back: it is erased again before anyone else gets it. The deposit is
    paid back within the period and forfeited after it."""
    now = now or timezone.now()
    application = locked(application_id)
    move = WORKFLOW.begin(application, Step.RETURN, actor=actor)
    if condition not in Condition.values:
        raise Refused(_("Kies in welke staat het apparaat terugkomt."))
    handover = DeviceHandover.objects.select_for_update().get(application=application)
    paid = unsettled_deposit(handover)
    refund = refund_due(handover, now)
    if refund and not method:
        raise Refused(_("Kies hoe het statiegeld wordt terugbetaald."))
    device = Device.objects.select_for_update().get(pk=handover.device_id)
    inventory.move_for_application(actor, device, DeviceState.RETURNED, condition)
    inventory.move_for_application(actor, device, DeviceState.AWAITING_ERASURE, "")
    if paid is not None:
        kind = LedgerKind.REFUNDED if refund else LedgerKind.FORFEITED
        ledger_entry(handover, kind, paid.amount_cents, method, actor, now)
    handover.returned_at = now
    handover.return_condition = condition
    handover.return_notes = notes
    handover.save(update_fields=["returned_at", "return_condition", "return_notes"])
    WORKFLOW.finish(
        application,
        move,
        actor=actor,
        after={"device": str(device), "condition": condition, "refunded": refund},
    )
    return handover
