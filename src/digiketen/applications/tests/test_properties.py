"""Property-based tests: random histories of deposits and of the waiting list, checked against
a small model of what staff and residents should see.

Each example runs inside its own rolled-back transaction, so examples never see each other's
rows."""

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from digiketen.applications import selectors, services
from digiketen.applications.models import (
    NO_CATEGORY_RANK,
    Application,
    DepositEntry,
    DistributionPolicy,
    LedgerKind,
    PaymentMethod,
    PriorityCategory,
    Status,
)
from digiketen.core.models import AuditEvent
from digiketen.inventory.models import Device, DeviceState
from digiketen.tests.factories import ApplicationFactory, LocationFactory

EXAMPLES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Local midnight in Amsterdam (23:00 UTC): handovers fall in the fortnight around 29 February
# 2024, often just after midnight, where the business day differs from the UTC date.
START = datetime(2024, 2, 19, 23, 0, tzinfo=UTC)
CASH, CARD = PaymentMethod.CASH, PaymentMethod.CARD
_tags = itertools.count(1)


def refund_until(handed_at: datetime, years: int) -> date:
    """The last day of the refund period: the local handover date `years` later (29 February
    becomes 28 February)."""
    day = timezone.localdate(handed_at)
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def too_late(last_day: date) -> datetime:
    """The first moment after the refund period: local midnight after its last day."""
    return datetime.combine(last_day + timedelta(days=1), time(0), timezone.get_current_timezone())


def new_ready_device(hub) -> Device:
    return Device.objects.create(
        asset_tag=f"PROP-{next(_tags):06d}",
        organisation=hub.organisation,
        hub=hub,
        type="laptop",
        state=DeviceState.READY,
    )


# ---------------------------------------------------------------------------------------------
# Deposit ledger


@dataclass(frozen=True)
class Loan:
    method: str
    handed_day: int  # after START
    handed_minute: int  # of the (local) day
    # None: kept; ("days", n): back n days after handover; ("deadline", s): s seconds from the
    # first moment after the refund period.
    give_back: tuple | None
    refund_method: str  # "" when staff forget to choose
    return_twice: bool


@dataclass
class LoanState:
    hub: object
    handed_at: datetime
    last_day: date  # of the refund period
    deadline: datetime  # the first moment after it
    application_id: int = 0
    handover_id: int = 0
    settled: str = ""  # "", "refunded" or "forfeited"
    returned: bool = False


loans = st.builds(
    Loan,
    method=st.sampled_from([CASH, CARD]),
    handed_day=st.integers(0, 14),
    handed_minute=st.integers(0, 24 * 60 - 1),
    give_back=st.none()
    | st.tuples(st.just("days"), st.integers(0, 4 * 366))
    | st.tuples(st.just("deadline"), st.integers(-2, 2)),
    refund_method=st.sampled_from(["", CASH, CARD]),
    return_twice=st.booleans(),
)
# A daily forfeit run: some days after START, or a few seconds around one loan's deadline.
forfeit_runs = st.lists(
    st.tuples(st.just("days"), st.integers(0, 5 * 366))
    | st.tuples(st.just("deadline"), st.integers(0, 10), st.integers(-2, 2)),
    max_size=4,
)


class Ledger:
    """Plays a history through the services and keeps the model it is checked against."""

    def __init__(self, hub, staff, deposit: int, years: int):
        self.hub, self.staff = hub, staff
        self.deposit, self.years = deposit, years
        self.loans: list[LoanState] = []
        self.cash: dict[date, int] = {}  # what the hub's cash box gains per business day

    def new_loan(self, hub, handed_at: datetime) -> LoanState:
        last_day = refund_until(handed_at, self.years)
        loan = LoanState(hub, handed_at, last_day, too_late(last_day))
        self.loans.append(loan)
        return loan

    def hand_over(self, loan: LoanState, method: str) -> None:
        application = ApplicationFactory(hub=loan.hub, status=Status.WAITING, queued_at=START)
        services.reserve(
            actor=self.staff,
            application_id=application.pk,
            device_id=new_ready_device(loan.hub).pk,
            reason="test",
        )
        handover = services.hand_over(
            actor=self.staff,
            application_id=application.pk,
            signed_on="paper",
            method=method,
            now=loan.handed_at,
        )
        assert handover.deposit_cents == self.deposit
        assert handover.refund_until == loan.last_day  # the date on the signed agreement
        loan.application_id, loan.handover_id = application.pk, handover.pk
        if method == CASH and loan.hub == self.hub:
            self._cash(loan.handed_at, self.deposit)

    def give_back(self, loan: LoanState, when: datetime, plan: Loan) -> None:
        refunds = not loan.settled and when < loan.deadline
        method = plan.refund_method
        if refunds and not method:
            with pytest.raises(services.Refused, match="terugbetaald"):
                self._return(loan, when, "")
            assert Application.objects.get(pk=loan.application_id).status == Status.HANDED_OUT
            method = CASH
        handover = self._return(loan, when, method)
        assert handover.returned_at == when
        assert Application.objects.get(pk=loan.application_id).status == Status.RETURNED
        device = Device.objects.get(pk=handover.device_id)
        assert device.state == DeviceState.AWAITING_ERASURE
        loan.returned = True
        if not loan.settled:
            loan.settled = "refunded" if refunds else "forfeited"
            if refunds and method == CASH:
                self._cash(when, -self.deposit)
        if plan.return_twice:
            entries = DepositEntry.objects.count()
            with pytest.raises(services.Refused):
                self._return(loan, when, CASH)
            assert DepositEntry.objects.count() == entries

    def forfeit_run(self, when: datetime) -> None:
        due = [
            loan
            for loan in self.loans
            if loan.handover_id and not loan.returned and not loan.settled and when >= loan.deadline
        ]
        assert services.forfeit_expired_deposits(now=when) == len(due)
        for loan in due:
            loan.settled = "forfeited"

    def held(self) -> int:
        return self.deposit * sum(
            1
            for loan in self.loans
            if loan.hub == self.hub and loan.handover_id and not loan.settled
        )

    def _return(self, loan: LoanState, when: datetime, method: str):
        return services.register_return(
            actor=self.staff,
            application_id=loan.application_id,
            condition="good",
            method=method,
            now=when,
        )

    def _cash(self, when: datetime, amount: int) -> None:
        day = timezone.localdate(when)
        self.cash[day] = self.cash.get(day, 0) + amount


def play_deposit_history(hub, staff, deposit, years, plans, runs) -> None:
    DistributionPolicy.objects.all().delete()
    DistributionPolicy.objects.create(deposit_cents=deposit, refund_years=years)
    # A loan at another hub of the same organisation, paid in cash on the first day: it must
    # never show up in this hub's ledger or cash box, but the daily run forfeits it too.
    other_hub = LocationFactory(organisation=hub.organisation)
    ledger = Ledger(hub, staff, deposit, years)
    events = [(START, 0, "hand_over", ledger.new_loan(other_hub, START), CASH)]
    for plan in plans:
        handed_at = START + timedelta(days=plan.handed_day, minutes=plan.handed_minute)
        loan = ledger.new_loan(hub, handed_at)
        events.append((handed_at, 0, "hand_over", loan, plan.method))
        if plan.give_back is not None:
            if plan.give_back[0] == "days":
                returned_at = handed_at + timedelta(days=plan.give_back[1])
            else:
                returned_at = loan.deadline + timedelta(seconds=plan.give_back[1])
            events.append((returned_at, 1, "give_back", loan, plan))
    ours = ledger.loans[1:]
    for run in runs:
        if run[0] == "days":
            when = START + timedelta(days=run[1])
        else:
            when = ours[run[1] % len(ours)].deadline + timedelta(seconds=run[2])
        events.append((when, 2, "forfeit_run", None, None))

    for when, _order, action, loan, detail in sorted(events, key=lambda e: e[:2]):
        if action == "hand_over":
            ledger.hand_over(loan, detail)
        elif action == "give_back":
            ledger.give_back(loan, when, detail)
        else:
            ledger.forfeit_run(when)
        assert selectors.ledger_totals(hub).held == ledger.held()

    for loan in ours:
        entries = list(DepositEntry.objects.filter(handover_id=loan.handover_id))
        assert sorted(e.kind for e in entries) == sorted(
            [LedgerKind.PAID] + ([loan.settled] if loan.settled else [])
        )
        assert all(e.amount_cents == deposit and e.hub_id == hub.pk for e in entries)
        balance = sum(
            e.amount_cents if e.kind == LedgerKind.PAID else -e.amount_cents for e in entries
        )
        assert balance == (0 if loan.settled else deposit)
    refunded = sum(1 for loan in ours if loan.settled == "refunded")
    forfeited = sum(1 for loan in ours if loan.settled == "forfeited")
    assert selectors.ledger_totals(hub) == selectors.LedgerTotals(
        paid=deposit * len(ours), refunded=deposit * refunded, forfeited=deposit * forfeited
    )
    # The daily cash count: per day, and over all days, cash paid in minus cash paid back.
    days = {timezone.localdate(when) for when, *_rest in events}
    for day in days:
        assert selectors.expected_cash(hub, day) == ledger.cash.get(day, 0), day
    cash = DepositEntry.objects.filter(hub=hub, method=CASH)
    paid_cash = sum(e.amount_cents for e in cash.filter(kind=LedgerKind.PAID))
    refunded_cash = sum(e.amount_cents for e in cash.filter(kind=LedgerKind.REFUNDED))
    assert paid_cash == deposit * sum(1 for plan in plans if plan.method == CASH)
    assert sum(selectors.expected_cash(hub, day) for day in days) == paid_cash - refunded_cash


@EXAMPLES
@given(
    deposit=st.integers(1, 10_000),
    years=st.integers(1, 3),
    plans=st.lists(loans, min_size=1, max_size=6),
    runs=forfeit_runs,
)
def test_deposits_are_refunded_within_the_period_forfeited_after_and_the_ledger_balances(
    hub, staff, deposit, years, plans, runs
):
    with transaction.atomic():
        play_deposit_history(hub, staff, deposit, years, plans, runs)
        transaction.set_rollback(True)


# ---------------------------------------------------------------------------------------------
# Waiting list

reasons = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), min_size=1, max_size=30
).filter(str.strip)
# (which entry, which place, reason, kind of attempt)
moves = st.lists(
    st.tuples(
        st.integers(0, 100),
        st.integers(0, 100),
        reasons,
        st.sampled_from(["valid", "valid", "valid", "not_ahead", "no_reason"]),
    ),
    max_size=5,
)
entrants = st.lists(
    st.tuples(st.none() | st.integers(0, 3), st.integers(0, 30)), min_size=1, max_size=10
)


def fair_order(applications: list[Application]) -> list[int]:
    """Priority group first (lower rank earlier, no group last), then first come first served."""

    def key(application):
        rank = application.category.rank if application.category else NO_CATEGORY_RANK
        return (rank, application.queued_at, application.pk)

    return [a.pk for a in sorted(applications, key=key)]


def listed(hub) -> list[int]:
    return list(selectors.waiting_list(hub).values_list("pk", flat=True))


def play_queue_history(hub, staff, ranks, people, attempts) -> None:
    categories = [
        PriorityCategory.objects.create(name=f"Groep {i}", rank=rank)
        for i, rank in enumerate(ranks)
    ]
    applications = []
    for category_index, seconds in people:
        category = None
        if categories and category_index is not None:
            category = categories[category_index % len(categories)]
        applications.append(
            ApplicationFactory(
                hub=hub,
                status=Status.WAITING,
                category=category,
                queue_rank=category.rank if category else NO_CATEGORY_RANK,
                queued_at=START + timedelta(seconds=seconds),
            )
        )
    # Not on this hub's list: another hub's first in line, and an unchecked application.
    ApplicationFactory(
        hub=LocationFactory(organisation=hub.organisation),
        status=Status.WAITING,
        queue_rank=0,
        queued_at=START - timedelta(days=1),
    )
    ApplicationFactory(hub=hub, status=Status.SUBMITTED, queued_at=START - timedelta(days=1))

    expected = fair_order(applications)
    assert listed(hub) == expected
    moved: set[int] = set()
    audited = []
    for pick, target, reason, kind in attempts:
        if len(expected) < 2:
            break
        before = 2 + pick % (len(expected) - 1)
        application_id = expected[before - 1]
        if kind == "not_ahead":
            position = before + target % (len(expected) - before + 1)
            with pytest.raises(services.Refused, match=f"huidige plaats \\({before}\\)"):
                services.move_up(
                    actor=staff, application_id=application_id, position=position, reason=reason
                )
        elif kind == "no_reason":
            with pytest.raises(services.Refused, match="waarom"):
                services.move_up(
                    actor=staff, application_id=application_id, position=1, reason="  "
                )
        else:
            position = 1 + target % (before - 1)
            services.move_up(
                actor=staff, application_id=application_id, position=position, reason=reason
            )
            expected.insert(position - 1, expected.pop(before - 1))
            moved.add(application_id)
            audited.append((str(application_id), {"position": before}, position, reason))
        assert listed(hub) == expected, (kind, application_id, before)

    queue = list(selectors.waiting_list(hub).select_related("category"))
    assert [a.pk for a in queue] == expected
    unmoved = [a for a in queue if a.pk not in moved]
    assert [a.pk for a in unmoved] == fair_order(unmoved)
    for place, application in enumerate(queue, start=1):
        assert selectors.queue_position(application) == (place, len(queue))
    events = AuditEvent.objects.filter(action="application.moved_up").order_by("pk")
    assert [
        (e.object_id, e.before, e.after["position"], e.after["reason"]) for e in events
    ] == audited


@EXAMPLES
@given(ranks=st.lists(st.integers(0, 20), max_size=4), people=entrants, attempts=moves)
# Four residents, no ties: staff move the fourth to place 2, then the (new) fourth to place 3.
@example(
    ranks=[],
    people=[(None, 0), (None, 1), (None, 2), (None, 3)],
    attempts=[(2, 1, "Sollicitatie volgende week", "valid"), (2, 2, "Mantelzorger", "valid")],
)
def test_the_waiting_list_is_fair_and_moving_up_puts_someone_exactly_at_the_chosen_place(
    hub, staff, ranks, people, attempts
):
    with transaction.atomic():
        play_queue_history(hub, staff, ranks, people, attempts)
        transaction.set_rollback(True)
