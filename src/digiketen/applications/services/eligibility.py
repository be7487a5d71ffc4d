from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.applications import pass_format, selectors
from digiketen.applications.fingerprints import pass_hash
from digiketen.applications.models import (
    NO_CATEGORY_RANK,
    POLICY_FIELDS,
    Application,
    DistributionPolicy,
    Route,
    Status,
)
from digiketen.applications.services.common import Refused, locked
from digiketen.applications.workflow import WORKFLOW, Step
from digiketen.core import audit
from digiketen.permissions import Perm


def suggested_category(application: Application):
    """The first priority group whose signal matches what the resident told us."""
    signals = {
        "school_children": application.school_children > 0,
        "job_seeking": "job_seeking" in application.purposes,
        "alone_75": application.alone_75,
    }
    for category in selectors.active_categories():
        if category.signal and signals.get(category.signal):
            return category
    return None


@transaction.atomic
def decide_eligibility(
    *,
    actor,
    application_id: int,
    eligible: bool,
    route: str = "",
    pass_number: str = "",
    pass_valid_until: date | None = None,
    income_seen: bool = False,
    referred_by=None,
    category=None,
    household_note: str = "",
    reason: str = "",
) -> Application:
    """Staff decide whether the resident qualifies. Only the outcome of checking a pass or an
    income statement is kept, never the document or the pass number itself."""
    application = locked(application_id)
    if not eligible:
        step = Step.REJECT
    elif application.wants_device:
        step = Step.APPROVE
    else:
        step = Step.APPROVE_INTERNET
    move = WORKFLOW.begin(application, step, actor=actor)
    if eligible:
        policy = DistributionPolicy.current()
        problems = route_problems(
            policy,
            route=route,
            pass_number=pass_number,
            pass_valid_until=pass_valid_until,
            income_seen=income_seen,
            referred_by=referred_by,
        )
        if problems:
            raise Refused(next(iter(problems.values())))
        fingerprint = pass_hash(pass_number) if route == Route.PASS else ""
        if selectors.possible_duplicates(application, fingerprint) and not household_note:
            raise Refused(
                _(
                    "Er lijkt al een apparaat in dit huishouden te zijn. "
                    "Schrijf op waarom u toch toekent."
                )
            )
        application.route = route
        application.pass_hash = fingerprint
        application.pass_valid_until = pass_valid_until if route == Route.PASS else None
        application.income_seen = route == Route.INCOME
        application.referred_by = referred_by if route == Route.REFERRAL else None
        application.category = category
        application.queue_rank = category.rank if category else NO_CATEGORY_RANK
        application.household_note = household_note
        application.queued_at = timezone.now()
    elif not reason:
        raise Refused(_("Schrijf op waarom de aanvraag wordt afgewezen."))
    application.decision_reason = reason
    application.checked_by = actor
    application.checked_at = timezone.now()
    return WORKFLOW.finish(
        application,
        move,
        actor=actor,
        after={
            "route": application.route,
            "category": str(category or ""),
            "household_note": household_note,
            "reason": reason,
        },
        reason=reason,
    )


def route_problems(
    policy, *, route, pass_number="", pass_valid_until=None, income_seen=False, referred_by=None
) -> dict[str, str]:
    """What is wrong with the proof staff checked, per form field; empty when it is fine."""
    accepted = {
        Route.PASS: policy.accept_pass,
        Route.REFERRAL: policy.accept_referral,
        Route.INCOME: policy.accept_income,
    }
    if not accepted.get(route):
        return {"route": _("Kies welk bewijs u heeft gecontroleerd.")}
    problems = {}
    if route == Route.PASS:
        example = {"example": policy.pass_number_example}
        if not pass_number.strip():
            problems["pass_number"] = _("Vul het pasnummer in. Het ziet eruit als %(example)s.") % (
                example
            )
        elif not pass_format.matches(pass_number, policy.pass_number_example):
            problems["pass_number"] = (
                _("Dit pasnummer heeft niet de goede vorm. Het ziet eruit als %(example)s.")
                % example
            )
        if pass_valid_until is None:
            problems["pass_valid_until"] = _("Vul in tot wanneer de pas geldig is.")
        elif pass_valid_until < timezone.localdate():
            problems["pass_valid_until"] = _("Deze pas is verlopen.")
    if route == Route.INCOME and not income_seen:
        problems["income_seen"] = _("Kruis aan dat u de verklaring heeft gezien.")
    if route == Route.REFERRAL and referred_by is None:
        problems["referred_by"] = _("Kies de organisatie die doorverwees.")
    return problems


@transaction.atomic
def move_up(*, actor, application_id: int, position: int, reason: str) -> Application:
    """Put an application at `position` of its hub's waiting list. Always with a reason, and
    visible in the audit log: the list is fair only when every exception is explained."""
    application = locked(application_id)
    move = WORKFLOW.begin(application, Step.MOVE_UP, actor=actor)
    if not reason.strip():
        raise Refused(_("Schrijf op waarom deze aanvraag naar voren gaat."))
    # Lock the whole queue of the hub: two moves at once must not interleave.
    queue = list(selectors.waiting_list(application.hub).select_for_update())
    before = queue.index(application) + 1
    if not 1 <= position < before:
        raise Refused(_("Kies een plaats vóór de huidige plaats (%(place)s).") % {"place": before})
    ahead = queue[position - 1]
    # Make room: those of the same group ahead of that place move two microseconds earlier
    # (their order stays), then the application goes just before the one now at that place.
    Application.objects.filter(
        pk__in=[a.pk for a in queue[: position - 1] if a.queue_rank == ahead.queue_rank]
    ).update(queued_at=F("queued_at") - timedelta(microseconds=2))
    application.queue_rank = ahead.queue_rank
    application.queued_at = ahead.queued_at - timedelta(microseconds=1)
    application.moved_up = True
    return WORKFLOW.finish(
        application,
        move,
        actor=actor,
        before={"position": before},
        after={"position": position, "reason": reason},
    )


@transaction.atomic
def save_policy(*, actor, policy: DistributionPolicy, categories: list) -> None:
    """Save the rules and priority groups; waiting applications follow a changed rank."""
    if not permissions.has_perm(actor, Perm.CONFIGURE_DISTRIBUTION):
        raise PermissionDenied
    before = audit.snapshot(DistributionPolicy.current(), POLICY_FIELDS)
    policy.save()
    for category in categories:
        category.save()
        # Applications moved up by hand keep the place they were given.
        Application.objects.filter(category=category, status=Status.WAITING, moved_up=False).update(
            queue_rank=category.rank if category.is_active else NO_CATEGORY_RANK
        )
    audit.record(
        "application.policy_changed",
        actor=actor,
        subject=policy,
        before=before,
        after=audit.snapshot(policy, POLICY_FIELDS) | {"categories": [str(c) for c in categories]},
    )
