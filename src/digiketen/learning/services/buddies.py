"""Buddy volunteers, residents' requests, matches and meetings: every change goes through
here, checks the coordinator's organisation and writes an audit event. The daily job
(learning_daily) watches the VOG of every volunteer."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.core import audit, links, outbox
from digiketen.core.errors import Refused
from digiketen.core.models import Channel
from digiketen.core.workflow import By
from digiketen.learning.buddy_workflow import DECLINES, WORKFLOW
from digiketen.learning.models import (
    BuddyRequest,
    Match,
    MatchStatus,
    MatchStep,
    Meeting,
    RequestSource,
    RequestStatus,
    Volunteer,
)
from digiketen.learning.selectors import buddies as buddy_selectors
from digiketen.learning.services.buddy_offer import publish_offer
from digiketen.permissions import Perm

VOLUNTEER_FIELDS = [
    "name",
    "email",
    "phone",
    "languages",
    "postcode",
    "neighbourhood",
    "availability",
    "home_visits",
    "topics",
    "intake_on",
    "agreement_signed_on",
    "is_active",
]
VOG_FIELDS = ["vog_requested_on", "vog_received_on", "vog_valid_until"]
REQUEST_FIELDS = [
    "name",
    "phone",
    "email",
    "wish",
    "topics",
    "language",
    "postcode",
    "availability",
    "home_visit",
]
REMINDER_DAYS = (60, 30)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def _check(actor, obj) -> None:
    """Outside the actor's organisations the object does not exist for them."""
    if not permissions.has_perm(actor, Perm.MANAGE_BUDDIES, obj):
        raise type(obj).DoesNotExist


def _save(obj, data: dict, fields: list[str]) -> None:
    m2m = {name: data[name] for name in fields if name in data and name == "topics"}
    for name in fields:
        if name in data and name not in m2m:
            setattr(obj, name, data[name])
    obj.full_clean(exclude=["organisation", "help_contact"])
    obj.save()
    for name, values in m2m.items():
        getattr(obj, name).set(values)


@transaction.atomic
def save_policy(*, actor, organisation, vog_validity_years: int, review_months: int):
    found = buddy_selectors.policy(organisation)
    _check(actor, organisation)
    before = audit.snapshot(found, ["vog_validity_years", "review_months"]) if found.pk else None
    found.vog_validity_years, found.review_months = vog_validity_years, review_months
    found.full_clean(exclude=["organisation"])
    found.save()
    audit.record(
        "learning.buddy_policy_changed",
        actor=actor,
        subject=found,
        before=before,
        after=audit.snapshot(found, ["vog_validity_years", "review_months"]),
    )
    return found


@transaction.atomic
def save_volunteer(*, actor, data: dict, volunteer_id: int | None = None) -> Volunteer:
    """Create a volunteer (data holds `organisation`) or change one."""
    if volunteer_id is None:
        volunteer = Volunteer(organisation=data["organisation"])
        before = None
    else:
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer_id)
        before = audit.snapshot(volunteer, VOLUNTEER_FIELDS)
    _check(actor, volunteer)
    _save(volunteer, data, VOLUNTEER_FIELDS)
    after = audit.snapshot(volunteer, VOLUNTEER_FIELDS)
    if before is None:
        audit.record("learning.volunteer_created", actor=actor, subject=volunteer, after=after)
    else:
        audit.record(
            "learning.volunteer_updated", actor=actor, subject=volunteer, before=before, after=after
        )
    publish_offer(volunteer.organisation)
    return volunteer


@transaction.atomic
def record_vog(
    *, actor, volunteer_id: int, requested_on: date | None, received_on: date | None
) -> Volunteer:
    """The VOG requested and/or received; a received VOG is valid for the organisation's
    number of years from its date, and the reminders start again for it."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer_id)
    _check(actor, volunteer)
    if received_on and received_on > timezone.localdate():
        raise Refused(_("Een VOG kan niet in de toekomst ontvangen zijn."))
    before = audit.snapshot(volunteer, VOG_FIELDS)
    volunteer.vog_requested_on = requested_on
    if received_on != volunteer.vog_received_on:
        volunteer.vog_received_on = received_on
        years = buddy_selectors.policy(volunteer.organisation).vog_validity_years
        volunteer.vog_valid_until = add_years(received_on, years) if received_on else None
        volunteer.vog_reminded_60_on = volunteer.vog_reminded_30_on = None
        volunteer.vog_expiry_told_on = None
    volunteer.save()
    audit.record(
        "learning.vog_recorded",
        actor=actor,
        subject=volunteer,
        before=before,
        after=audit.snapshot(volunteer, VOG_FIELDS),
    )
    publish_offer(volunteer.organisation)
    return volunteer


@transaction.atomic
def create_request(
    *,
    actor,
    data: dict,
    source: str = RequestSource.STAFF,
    help_contact=None,
) -> BuddyRequest:
    """A resident's request for a buddy (data holds `organisation`)."""
    request = BuddyRequest(
        organisation=data["organisation"], source=source, help_contact=help_contact
    )
    if source == RequestSource.STAFF:
        _check(actor, request)
    _save(request, data, REQUEST_FIELDS)
    audit.record(
        "learning.request_created",
        actor=actor,
        subject=request,
        after={"source": source, "organisation": str(request.organisation)},
    )
    return request


@transaction.atomic
def propose_match(*, actor, request_id: int, volunteer_id: int) -> Match:
    """Propose a volunteer for an open request; the score and its reasons are kept."""
    # Lock the request so two coordinators cannot propose two volunteers at the same moment.
    request = BuddyRequest.objects.select_for_update().get(pk=request_id)
    _check(actor, request)
    if request.status != RequestStatus.OPEN:
        raise Refused(_("Deze aanvraag wacht niet meer op een maatje."))
    if request.matches.filter(status__in=buddy_selectors.LIVE).exists():
        raise Refused(_("Voor deze aanvraag is al een maatje voorgesteld."))
    volunteer = Volunteer.objects.get(pk=volunteer_id, organisation_id=request.organisation_id)
    found = {s.candidate.id: s for s in buddy_selectors.suggestions(request=request)}.get(
        volunteer.pk
    )
    match = Match(organisation=request.organisation, volunteer=volunteer, request=request)
    move = WORKFLOW.begin(match, MatchStep.PROPOSE, actor=actor)
    if found is None:
        raise Refused(_("Deze vrijwilliger past niet bij deze aanvraag."))
    match.score, match.reasons = found.score, found.reasons
    return WORKFLOW.finish(match, move, actor=actor, after={"volunteer": volunteer.name})


def _locked_match(actor, match_id: int) -> Match:
    match = (
        Match.objects.select_for_update().select_related("volunteer", "request").get(pk=match_id)
    )
    _check(actor, match)
    return match


@transaction.atomic
def take_step(
    *,
    actor,
    match_id: int,
    step: str,
    reason: str = "",
    day: date | None = None,
) -> Match:
    """Decline (with a coded reason), start, hold, resume or end (with a reason) a match."""
    match = _locked_match(actor, match_id)
    move = WORKFLOW.begin(match, step, actor=actor)
    day = day or timezone.localdate()
    after: dict = {}
    if step in DECLINES or step == MatchStep.END:
        if not reason:
            raise Refused(_("Kies een reden."))
        after["reason"] = reason
    if step in DECLINES:
        match.decline_reason = reason
    elif step == MatchStep.START:
        months = buddy_selectors.policy(match.organisation).review_months
        match.started_on, match.review_on = day, add_months(day, months)
        match.request.status, match.request.matched_at = RequestStatus.MATCHED, timezone.now()
        match.request.save(update_fields=["status", "matched_at"])
        after |= {"started_on": str(day), "review_on": str(match.review_on)}
    elif step == MatchStep.END:
        match.ended_on, match.end_reason = day, reason
        match.request.status = RequestStatus.CLOSED
        match.request.save(update_fields=["status"])
    return WORKFLOW.finish(match, move, actor=actor, after=after)


@transaction.atomic
def log_meeting(*, actor, match_id: int, data: dict) -> Meeting:
    """A meeting of a running match, written down by the coordinator for either side."""
    match = _locked_match(actor, match_id)
    if match.status != MatchStatus.ACTIVE:
        raise Refused(_("Ontmoetingen schrijft u op bij een match die loopt."))
    if data["held_on"] > timezone.localdate() or (
        match.started_on and data["held_on"] < match.started_on
    ):
        raise Refused(_("Die datum valt niet in de tijd van deze match."))
    meeting = Meeting.objects.create(match=match, entered_by=actor, **data)
    audit.record(
        "learning.meeting_logged",
        actor=actor,
        subject=match,
        after={"held_on": str(meeting.held_on), "minutes": meeting.minutes},
    )
    return meeting


def _coordinator_emails(organisation) -> list[str]:
    from digiketen.accounts.models import User
    from digiketen.accounts.roles import Role

    users = User.objects.filter(
        is_active=True,
        memberships__organisation=organisation,
        memberships__role=Role.BUDDY_COORDINATOR,
    ).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _tell(volunteer: Volunteer, *, kind: str, subject: str, body: str, volunteer_too: bool):
    recipients = _coordinator_emails(volunteer.organisation)
    if volunteer_too and volunteer.email:
        recipients.append(volunteer.email)
    for recipient in recipients:
        outbox.send(
            channel=Channel.EMAIL,
            to=recipient,
            subject=subject,
            body=body,
            kind=kind,
            about=volunteer,
            organisation=volunteer.organisation,
            language=settings.LANGUAGE_CODE,
        )


def check_vogs(*, today: date | None = None) -> dict[str, int]:
    """The daily VOG watch: an expired VOG puts the volunteer's running matches on hold and
    tells the coordinator (once); 60 and 30 days before the end, a reminder (once each)."""
    today = today or timezone.localdate()
    counts = {"expired": 0, "on_hold": 0, "reminded": 0}
    expired = Volunteer.objects.filter(vog_valid_until__lte=today, vog_expiry_told_on__isnull=True)
    for volunteer_id in expired.values_list("pk", flat=True):
        counts["on_hold"] += _expire(volunteer_id, today)
        counts["expired"] += 1
    for days in REMINDER_DAYS:
        field = f"vog_reminded_{days}_on"
        due = Volunteer.objects.filter(
            is_active=True,
            vog_valid_until__gt=today,
            vog_valid_until__lte=today + timedelta(days=days),
            **{f"{field}__isnull": True},
        )
        for volunteer_id in due.values_list("pk", flat=True):
            counts["reminded"] += _remind(volunteer_id, field, today)
    return counts


@transaction.atomic
def _expire(volunteer_id: int, today: date) -> int:
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer_id)
    if volunteer.vog_expiry_told_on is not None:
        return 0  # another scheduler replica got here first
    held = 0
    for match in volunteer.matches.select_for_update().filter(status=MatchStatus.ACTIVE):
        move = WORKFLOW.begin(match, MatchStep.HOLD, by=By.SYSTEM)
        WORKFLOW.finish(match, move, by=By.SYSTEM, after={"reason": "vog_expired"})
        held += 1
    volunteer.vog_expiry_told_on = today
    publish_offer(volunteer.organisation)  # without them, maybe no one left to offer
    # A reminder that did not go out yet is no longer needed.
    volunteer.vog_reminded_60_on = volunteer.vog_reminded_60_on or today
    volunteer.vog_reminded_30_on = volunteer.vog_reminded_30_on or today
    volunteer.save()
    with translation.override(settings.LANGUAGE_CODE):
        body = _(
            "De VOG van %(name)s is verlopen op %(day)s. %(held)s lopende match(es) staan "
            "daarom op pauze. Vraag een nieuwe VOG aan en start de match daarna weer.\n\n%(url)s"
        ) % {
            "name": volunteer.name,
            "day": volunteer.vog_valid_until.strftime("%d-%m-%Y"),
            "held": held,
            "url": links.absolute(volunteer.get_absolute_url()),
        }
        _tell(
            volunteer,
            kind="vog_expired",
            subject=_("VOG verlopen: matches op pauze"),
            body=body,
            volunteer_too=False,
        )
    audit.record(
        "learning.vog_expired", actor_label="systeem", subject=volunteer, after={"on_hold": held}
    )
    return held


@transaction.atomic
def _remind(volunteer_id: int, field: str, today: date) -> int:
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer_id)
    if getattr(volunteer, field) is not None:
        return 0
    setattr(volunteer, field, today)
    if field == "vog_reminded_30_on":  # seen first at 30 days: the 60-day one is past
        volunteer.vog_reminded_60_on = volunteer.vog_reminded_60_on or today
    volunteer.save()
    with translation.override(settings.LANGUAGE_CODE):
        body = _(
            "De VOG van %(name)s is geldig tot %(day)s. Vraag op tijd een nieuwe VOG aan, "
            "anders gaan de matches van deze vrijwilliger op pauze.\n\n%(url)s"
        ) % {
            "name": volunteer.name,
            "day": volunteer.vog_valid_until.strftime("%d-%m-%Y"),
            "url": links.absolute(volunteer.get_absolute_url()),
        }
        _tell(
            volunteer,
            kind="vog_reminder",
            subject=_("VOG verloopt binnenkort"),
            body=body,
            volunteer_too=True,
        )
    return 1


def forget_finished(*, today: date | None = None) -> int:
    """Names and contact details of requests that ended more than BUDDY_RETENTION_MONTHS
    ago are removed; the figures keep counting the request and its match."""
    today = today or timezone.localdate()
    before = add_months(today, -settings.BUDDY_RETENTION_MONTHS)
    done = (
        BuddyRequest.objects.filter(status=RequestStatus.CLOSED)
        .exclude(name="")
        .exclude(matches__status__in=buddy_selectors.LIVE)
        .exclude(matches__ended_on__gt=before)
        .filter(
            # Closed without a match ever starting: from the day it was made.
            created_at__date__lte=before
        )
    )
    return done.update(name="", phone="", email="", wish="")
