from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.applications import selectors
from digiketen.applications.models import (
    CashCount,
    DepositEntry,
    DeviceHandover,
    DistributionPolicy,
    LedgerKind,
)
from digiketen.applications.services.common import Refused, locked, neutral_reason
from digiketen.applications.workflow import WORKFLOW, Step
from digiketen.core import audit
from digiketen.inventory import services as inventory
from digiketen.inventory.models import Device, DeviceState
from digiketen.permissions import Perm


@transaction.atomic
def hand_over(
    *,
    actor,
    application_id: int,
    signed_on: str,
    signed_name: str = "",
    agreed: bool = False,
    method: str = "",
    course_wanted: bool = False,
    now: datetime | None = None,
) -> DeviceHandover:
    """Give the device, with the signed agreement and the deposit in the ledger."""
    now = now or timezone.now()
    application = locked(application_id)
    move = WORKFLOW.begin(application, Step.HAND_OVER, actor=actor)
    policy = DistributionPolicy.current()
    if signed_on == "screen" and not (signed_name.strip() and agreed):
        raise Refused(_("Laat de inwoner de naam typen en het vakje aankruisen."))
    deposit = selectors.deposit_due(application)
    if deposit and not method:
        raise Refused(_("Kies hoe het statiegeld is betaald."))
    device = Device.objects.select_for_update().get(pk=application.device_id)
    inventory.move_for_application(actor, device, DeviceState.HANDED_OUT, neutral_reason())
    handover = DeviceHandover.objects.create(
        application=application,
        device=device,
        form=policy.handout_form,
        signed_on=signed_on,
        signed_name=signed_name.strip(),
        deposit_cents=deposit,
        refund_until=add_years(timezone.localdate(now), policy.refund_years) if deposit else None,
        course_wanted=course_wanted,
        handed_by=actor,
        handed_at=now,
    )
    if deposit:
        ledger_entry(handover, LedgerKind.PAID, deposit, method, actor, now)
    application.invitation_token = None
    if application.slot is not None and application.slot.starts_at > now:
        # Picked up before the appointment: the time is free for someone else, and no page
        # or reminder names a time that no longer applies.
        application.slot = None
    WORKFLOW.finish(
        application,
        move,
        actor=actor,
        after={
            "device": str(device),
            "form": handover.form,
            "deposit_cents": handover.deposit_cents,
        },
    )
    return handover


def ledger_entry(handover, kind, amount, method, actor, now) -> DepositEntry:
    return DepositEntry.objects.create(
        hub=handover.application.hub,
        handover=handover,
        kind=kind,
        amount_cents=amount,
        method=method if kind != LedgerKind.FORFEITED else "",
        actor=actor,
        created_at=now,
        business_date=timezone.localdate(now),
    )


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def unsettled_deposit(handover: DeviceHandover) -> DepositEntry | None:
    """The paid deposit entry, while it is neither refunded nor forfeited."""
    entries = list(handover.deposit_entries.all())
    paid = next((e for e in entries if e.kind == LedgerKind.PAID), None)
    settled = any(e.kind != LedgerKind.PAID for e in entries)
    return None if settled else paid


def refund_due(handover: DeviceHandover, now: datetime | None = None) -> bool:
    """Is the deposit paid back if the device comes back now? Up to and including the date
    on the agreement, fixed at handover."""
    today = timezone.localdate(now or timezone.now())
    return (
        unsettled_deposit(handover) is not None
        and handover.refund_until is not None
        and today <= handover.refund_until
    )


@transaction.atomic
def forfeit_expired_deposits(*, now: datetime | None = None) -> int:
    """Deposits of devices kept past the refund period are forfeited (run daily)."""
    now = now or timezone.now()
    count = 0
    for handover in selectors.unsettled_deposits().select_for_update():
        if handover.refund_until and timezone.localdate(now) > handover.refund_until:
            paid = handover.deposit_entries.get(kind=LedgerKind.PAID)
            ledger_entry(handover, LedgerKind.FORFEITED, paid.amount_cents, "", None, now)
            count += 1
    return count


@transaction.atomic
def record_cash_count(
    *, actor, hub, business_date: date, counted_cents: int, note: str = ""
) -> CashCount:
    if not permissions.has_perm(actor, Perm.HANDLE_APPLICATIONS, hub):
        raise PermissionDenied
    expected = selectors.expected_cash(hub, business_date)
    if counted_cents != expected and not note.strip():
        raise Refused(_("Het getelde bedrag wijkt af. Schrijf op waardoor."))
    count, _created = CashCount.objects.update_or_create(
        hub=hub,
        business_date=business_date,
        defaults={
            "expected_cents": expected,
            "counted_cents": counted_cents,
            "note": note,
            "counted_by": actor,
        },
    )
    audit.record(
        "deposit.cash_counted",
        actor=actor,
        subject=hub,
        after={"date": business_date.isoformat(), "expected": expected, "counted": counted_cents},
    )
    return count
