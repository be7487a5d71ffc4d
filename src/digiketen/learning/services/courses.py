"""Courses: the catalogue, its publication in the finder, sign-up, intake, the fair waiting
list and seats, attendance and completion. The only place that changes course data.

The waiting list is one per programme, across its runs and locations. Its order is the
moment of sign-up (`queued_at`); a person is offered a seat in a run only when the run suits
their chosen places and days, and always the earliest person that it suits. Every seat
change runs under a lock on the programme's row, so two seats are never offered to one
person and a run never gets more people than chairs (the numbered-seat constraint guards
the data as well)."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.core import audit
from digiketen.core.errors import Refused
from digiketen.core.workflow import By
from digiketen.directory.models import Access, Service, ServiceAtLocation, ServiceType
from digiketen.learning.models import (
    HOLDS_SEAT,
    Attendance,
    CourseRun,
    CourseSession,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    EnrolmentStep,
    Programme,
)
from digiketen.learning.workflow_courses import WORKFLOW
from digiketen.permissions import Perm

S = EnrolmentStatus
PROGRAMME_FIELDS = [
    "name",
    "name_en",
    "description",
    "level",
    "language",
    "is_free",
    "cost_cents",
    "for_whom",
    "what_to_bring",
    "loan_device_available",
    "intake_needed",
    "min_sessions_attended",
    "is_active",
]
RUN_FIELDS = ["location", "capacity", "teachers", "is_open"]
INTAKE_FIELDS = ["goal", "own_device", "needs_loan_device", "level"]
CONTACT_FIELDS = ["name", "reach_by", "phone", "email", "address"]


def offer_hours() -> int:
    """How long a seat offer stays open (COURSE_OFFER_HOURS, default 48)."""
    return getattr(settings, "COURSE_OFFER_HOURS", 48)


def _require(actor, obj) -> None:
    if not permissions.has_perm(actor, Perm.MANAGE_COURSES, obj):
        raise Programme.DoesNotExist


# -- catalogue ---------------------------------------------------------------------------


@transaction.atomic
def save_programme(*, actor, organisation, data: dict, programme: Programme | None = None):
    """Create or change a programme of `organisation`; its published runs follow."""
    programme = programme or Programme(organisation=organisation)
    _require(actor, programme)
    before = audit.snapshot(programme, PROGRAMME_FIELDS) if programme.pk else None
    for name in PROGRAMME_FIELDS:
        if name in data:
            setattr(programme, name, data[name])
    if programme.is_free:
        programme.cost_cents = 0
    programme.save()
    audit.record(
        "learning.programme_saved",
        actor=actor,
        subject=programme,
        before=before,
        after=audit.snapshot(programme, PROGRAMME_FIELDS),
    )
    for run in programme.runs.select_related("location", "programme__organisation"):
        publish_run(run)
    return programme


@transaction.atomic
def save_run(*, actor, programme: Programme, data: dict, run: CourseRun | None = None):
    """Create or change a run; it is published in the finder, and new seats go to the list."""
    run = run or CourseRun(programme=programme)
    _require(actor, programme)
    if data.get("location") and data["location"].organisation_id != programme.organisation_id:
        raise Refused(_("Kies een locatie van uw eigen organisatie."))
    before = audit.snapshot(run, RUN_FIELDS) if run.pk else None
    for name in RUN_FIELDS:
        if name in data:
            setattr(run, name, data[name])
    run.save()
    audit.record(
        "learning.run_saved",
        actor=actor,
        subject=run,
        before=before,
        after=audit.snapshot(run, RUN_FIELDS),
    )
    fill_seats(programme_id=programme.pk)
    return run


@transaction.atomic
def add_session(*, actor, run: CourseRun, date, starts, ends) -> CourseSession:
    _require(actor, run)
    if starts >= ends:
        raise Refused(_("De begintijd moet voor de eindtijd liggen."))
    session = CourseSession.objects.create(run=run, date=date, starts=starts, ends=ends)
    audit.record(
        "learning.session_added", actor=actor, subject=run, after={"session": str(session)}
    )
    publish_run(run)
    return session


def free_places(run: CourseRun) -> int:
    taken = run.enrolments.filter(status__in=HOLDS_SEAT).count()
    return max(run.capacity - taken, 0)


def publish_run(run: CourseRun) -> Service:
    """The run as a service of its organisation in the finder, the printed overviews and the
    HSDS API: made from the programme and the run, never typed a second time. A run without
    free places, closed for sign-up or of an inactive programme is not shown."""
    programme = run.programme
    if run.service_id is None:  # published meanwhile through another copy of the row?
        run.service_id = CourseRun.objects.filter(pk=run.pk).values_list("service", flat=True)[0]
    sessions = list(run.sessions.all())
    service = run.service or Service(organisation=programme.organisation, type=ServiceType.COURSE)
    service.name = _("%(course)s in %(place)s (groep %(number)s)") % {
        "course": programme.name,
        "place": run.location.name,
        "number": run.pk,
    }
    lessons = ", ".join(str(s) for s in sessions)
    service.description = programme.description + (
        "\n\n" + _("Lessen: %(sessions)s.") % {"sessions": lessons} if lessons else ""
    )
    service.access = Access.APPOINTMENT
    service.is_free = programme.is_free
    service.cost_description = "" if programme.is_free else programme.cost_display
    service.what_to_bring = programme.what_to_bring
    service.for_whom = programme.for_whom
    service.phone = run.location.phone
    today = timezone.localdate()
    service.is_active = (
        run.is_open
        and programme.is_active
        and free_places(run) > 0
        and not any(s.date < today for s in sessions)
    )
    service.last_confirmed_at = timezone.now()
    service.save()
    service.languages.exclude(code=programme.language).delete()
    service.languages.get_or_create(code=programme.language)
    ServiceAtLocation.objects.filter(service=service).exclude(location=run.location).delete()
    at, _created = ServiceAtLocation.objects.get_or_create(service=service, location=run.location)
    note = (_("Lessen: %(sessions)s.") % {"sessions": lessons})[:300] if lessons else ""
    if at.note != note:
        at.note = note
        at.save(update_fields=["note"])
    if run.service_id != service.pk:
        run.service = service
        run.save(update_fields=["service"])
    return service


# -- sign-up and intake ------------------------------------------------------------------


@transaction.atomic
def request_place(
    *,
    programme: Programme,
    data: dict,
    locations=(),
    days=(),
    source: str,
    actor=None,
    help_contact=None,
    handover=None,
) -> Enrolment:
    """The one way to ask for a place: the public form, the desk, a help point visit and a
    laptop handout all come here. A programme without an intake puts the person on its
    waiting list at once (and offers a free seat that suits them)."""
    # From a help point or a handout the helper passes on the resident's own wish (with
    # their consent): the request is the resident's; the helper is named in the audit.
    passed_on = source in {EnrolmentSource.HELP_POINT, EnrolmentSource.HANDOUT}
    by = By.STAFF if actor is not None and not passed_on else By.RESIDENT
    # The programme's lock first, then the moment of sign-up: places in the queue follow
    # the order in which sign-ups commit, so nobody who came later is ever served first.
    Programme.objects.select_for_update().get(pk=programme.pk)
    enrolment = Enrolment(
        programme=programme,
        source=source,
        queued_at=timezone.now(),
        help_contact=help_contact,
        handover=handover,
        days=sorted({int(d) for d in days}),
        **{name: data.get(name, "") for name in CONTACT_FIELDS},
    )
    move = WORKFLOW.begin(enrolment, EnrolmentStep.REQUEST, actor=actor, by=by)
    enrolment.status = move.target
    enrolment.save()
    enrolment.locations.set(locations)
    WORKFLOW.finish(
        enrolment, move, actor=actor, by=by, after={"source": source, "days": enrolment.days}
    )
    if passed_on and actor is not None:
        audit.record("learning.request_passed_on", actor=actor, subject=enrolment)
    if not programme.intake_needed:
        _intake(enrolment, data={}, actor=None, by=By.SYSTEM)
    return enrolment


def _locked(enrolment_id: int) -> Enrolment:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("programme__organisation", "run__location")
        .get(pk=enrolment_id)
    )


def _intake(enrolment: Enrolment, *, data: dict, actor, by: By) -> Enrolment:
    move = WORKFLOW.begin(enrolment, EnrolmentStep.INTAKE, actor=actor, by=by)
    for name in INTAKE_FIELDS:
        if name in data:
            setattr(enrolment, name, data[name])
    WORKFLOW.finish(
        enrolment, move, actor=actor, by=by, after=audit.snapshot(enrolment, INTAKE_FIELDS)
    )
    fill_seats(programme_id=enrolment.programme_id)
    return enrolment


@transaction.atomic
def record_intake(*, actor, enrolment_id: int, data: dict) -> Enrolment:
    """The intake conversation: goal, own device, loan device, level; then the waiting list."""
    return _intake(_locked(enrolment_id), data=data, actor=actor, by=By.STAFF)


@transaction.atomic
def move_up(*, actor, enrolment_id: int, before_id: int, reason: str) -> Enrolment:
    """Put a waiting person just before another one on the list; only with a reason."""
    if not reason.strip():
        raise Refused(_("Schrijf op waarom deze persoon eerder aan de beurt is."))
    enrolment = _locked(enrolment_id)
    _require(actor, enrolment)
    other = Enrolment.objects.get(pk=before_id, programme=enrolment.programme)
    if enrolment.status != S.WAITING or other.status != S.WAITING:
        raise Refused(_("Alleen mensen op de wachtlijst kunnen van plaats wisselen."))
    old = enrolment.queued_at
    if other.queued_at >= old:
        raise Refused(_("Deze persoon staat al eerder op de lijst."))
    enrolment.queued_at = other.queued_at - timedelta(microseconds=1)
    enrolment.save(update_fields=["queued_at"])
    audit.record(
        "learning.moved_up",
        actor=actor,
        subject=enrolment,
        before={"queued_at": old.isoformat()},
        after={"queued_at": enrolment.queued_at.isoformat(), "reason": reason.strip()},
    )
    fill_seats(programme_id=enrolment.programme_id)
    return enrolment


# -- seats -------------------------------------------------------------------------------


def suits(enrolment: Enrolment, run: CourseRun, location_ids: set[int], weekdays: set[int]):
    """Does `run` fit the person's chosen places and days (nothing chosen: everything)?"""
    if location_ids and run.location_id not in location_ids:
        return False
    days = set(enrolment.days or [])
    return not days or weekdays <= days


def fill_seats(*, programme_id: int, now=None) -> list[Enrolment]:
    """Offer every free seat of the programme's open runs to the earliest waiting person whom
    the run suits. Called after every change that frees a seat or adds a person."""
    now = now or timezone.now()
    # One lock per programme: its waiting list and all its seats change one at a time.
    Programme.objects.select_for_update().get(pk=programme_id)
    runs = list(
        CourseRun.objects.select_for_update(of=("self",))
        .filter(programme_id=programme_id, is_open=True)
        .select_related("location", "programme__organisation", "service")
        .prefetch_related("sessions")
        .order_by("pk")
    )
    waiting = list(
        Enrolment.objects.filter(programme_id=programme_id, status=S.WAITING)
        .prefetch_related("locations")
        .order_by("queued_at", "pk")
    )
    offered = []
    today = timezone.localdate(now)
    for run in runs:
        sessions = list(run.sessions.all())
        if any(s.date < today for s in sessions):
            continue  # begun: no newcomers
        weekdays = {s.date.weekday() for s in sessions}
        held = set(
            Enrolment.objects.filter(run=run, status__in=HOLDS_SEAT).values_list("seat", flat=True)
        )
        free = [seat for seat in range(1, run.capacity + 1) if seat not in held]
        for seat in free:
            person = next(
                (
                    e
                    for e in waiting
                    if suits(e, run, {loc.pk for loc in e.locations.all()}, weekdays)
                ),
                None,
            )
            if person is None:
                break
            waiting.remove(person)
            offered.append(_offer(person, run, seat, now))
        publish_run(run)
    return offered


def _offer(enrolment: Enrolment, run: CourseRun, seat: int, now) -> Enrolment:
    move = WORKFLOW.begin(enrolment, EnrolmentStep.OFFER, by=By.SYSTEM)
    enrolment.run, enrolment.seat = run, seat
    enrolment.offer_expires_at = now + timedelta(hours=offer_hours())
    WORKFLOW.finish(
        enrolment,
        move,
        by=By.SYSTEM,
        after={"run": run.pk, "seat": seat, "until": enrolment.offer_expires_at.isoformat()},
    )
    return enrolment


def _release(enrolment: Enrolment) -> None:
    enrolment.seat = None
    enrolment.offer_expires_at = None


def accept_offer(*, enrolment_id: int, actor=None, now=None) -> Enrolment:
    """Take the offered seat (the resident by their link, or staff on the phone). An offer
    past its time is expired first (and passes on), then refused."""
    now = now or timezone.now()
    with transaction.atomic():
        enrolment = _locked(enrolment_id)
        late = enrolment.status == S.OFFERED and enrolment.offer_expires_at <= now
        if late:
            _expire(enrolment, now)
        else:
            by = By.STAFF if actor is not None else By.RESIDENT
            move = WORKFLOW.begin(enrolment, EnrolmentStep.ACCEPT, actor=actor, by=by)
            enrolment.offer_expires_at = None
            WORKFLOW.finish(enrolment, move, actor=actor, by=by)
    if late:
        raise Refused(_("Dit aanbod is verlopen. De plaats is naar iemand anders gegaan."))
    return enrolment


@transaction.atomic
def leave(*, enrolment_id: int, actor=None) -> Enrolment:
    """Off the list (by the link in every message, or staff after a phone call); a held seat
    goes to the next person at once."""
    enrolment = _locked(enrolment_id)
    by = By.STAFF if actor is not None else By.RESIDENT
    move = WORKFLOW.begin(enrolment, EnrolmentStep.LEAVE, actor=actor, by=by)
    had_seat = enrolment.seat is not None
    _release(enrolment)
    WORKFLOW.finish(enrolment, move, actor=actor, by=by)
    if had_seat:
        fill_seats(programme_id=enrolment.programme_id)
    return enrolment


def _expire(enrolment: Enrolment, now) -> None:
    move = WORKFLOW.begin(enrolment, EnrolmentStep.EXPIRE, by=By.SYSTEM)
    _release(enrolment)
    WORKFLOW.finish(enrolment, move, by=By.SYSTEM)
    fill_seats(programme_id=enrolment.programme_id, now=now)


def expire_offers(*, now=None) -> int:
    """Offers not answered in time pass on to the next person (run daily, and lazily when
    the person opens their link)."""
    now = now or timezone.now()
    count = 0
    due = Enrolment.objects.filter(status=S.OFFERED, offer_expires_at__lte=now)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            enrolment = _locked(pk)
            if enrolment.status == S.OFFERED and enrolment.offer_expires_at <= now:
                _expire(enrolment, now)
                count += 1
    return count


# -- attendance and completion -----------------------------------------------------------


@transaction.atomic
def record_attendance(*, actor, session_id: int, present: set[int], reasons: dict[int, str]):
    """Who came to a session (the placed participants of its run); absence with a reason."""
    session = CourseSession.objects.select_related("run__programme__organisation").get(
        pk=session_id
    )
    _require(actor, session.run)
    participants = list(session.run.enrolments.filter(status__in=[S.PLACED, S.COMPLETED]))
    for enrolment in participants:
        is_present = enrolment.pk in present
        Attendance.objects.update_or_create(
            session=session,
            enrolment=enrolment,
            defaults={
                "present": is_present,
                "absence_reason": "" if is_present else reasons.get(enrolment.pk, "")[:200],
            },
        )
    audit.record(
        "learning.attendance_recorded",
        actor=actor,
        subject=session.run,
        after={"session": str(session), "present": len(present & {e.pk for e in participants})},
    )
    return session


def sessions_attended(enrolment: Enrolment) -> int:
    return enrolment.attendance.filter(present=True).count()


def _enough(enrolment, now) -> str:
    if sessions_attended(enrolment) >= enrolment.programme.min_sessions_attended:
        return ""
    return _("Deze persoon was nog niet bij genoeg lessen.")


@transaction.atomic
def complete(*, actor, enrolment_id: int) -> Enrolment:
    """Completed by the programme's rule (lessons attended); a certificate code is issued."""
    enrolment = _locked(enrolment_id)
    move = WORKFLOW.begin(enrolment, EnrolmentStep.COMPLETE, actor=actor)
    if problem := _enough(enrolment, None):
        raise Refused(problem)
    enrolment.certificate_code = secrets.token_hex(5).upper()
    _release(enrolment)
    WORKFLOW.finish(enrolment, move, actor=actor, after={"certificate": True})
    return enrolment


@transaction.atomic
def drop_out(*, actor, enrolment_id: int, reason: str) -> Enrolment:
    enrolment = _locked(enrolment_id)
    move = WORKFLOW.begin(enrolment, EnrolmentStep.DROP_OUT, actor=actor)
    if not reason:
        raise Refused(_("Kies waarom deze persoon stopt."))
    enrolment.dropout_reason = reason
    _release(enrolment)
    WORKFLOW.finish(enrolment, move, actor=actor, after={"reason": reason})
    fill_seats(programme_id=enrolment.programme_id)
    return enrolment
