"""Every course service refuses a course coordinator of another organisation (and a colleague
without the course grant) without changing a row, and every change or read of a participant
leaves its audit event."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.conftest import login_verified, make_staff
from digiketen.learning.models import (
    SKILL_KEYS,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Programme,
)
from digiketen.learning.services import course_skills
from digiketen.learning.services import courses as services
from digiketen.learning.tests.course_factories import (
    ProgrammeFactory,
    RunFactory,
    add_sessions,
    contact,
)
from digiketen.tests.audit import assert_audited, assert_refused
from digiketen.tests.factories import LocationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
S = EnrolmentStatus


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Centre Céramique")


@pytest.fixture
def coordinator(organisation):
    return make_staff(Role.COURSE_COORDINATOR, organisation)


@pytest.fixture
def outsiders(organisation):
    """A course coordinator elsewhere, and a help point colleague at the same organisation."""
    return [
        make_staff(Role.COURSE_COORDINATOR, OrganisationFactory()),
        make_staff(Role.HELP_POINT_STAFF, organisation),
    ]


@pytest.fixture
def run(organisation):
    run = RunFactory(programme__organisation=organisation, capacity=1)
    add_sessions(run)
    return run


def _sign_up(programme, name="Fatima Yilmaz"):
    return services.request_place(
        programme=programme, data=contact(name), source=EnrolmentSource.PUBLIC
    )


def _placed(run) -> Enrolment:
    enrolment = _sign_up(run.programme)
    services.accept_offer(enrolment_id=enrolment.pk)
    enrolment.refresh_from_db()
    assert enrolment.status == S.PLACED
    return enrolment


def test_programme_is_saved_only_by_its_own_coordinator(coordinator, organisation, outsiders):
    data = {"name": "Klik & Tik", "description": "Rustig beginnen met de computer."}
    for outsider in outsiders:
        assert_refused(
            services.save_programme,
            raises=Programme.DoesNotExist,
            actor=outsider,
            organisation=organisation,
            data=data,
        )
    programme = services.save_programme(actor=coordinator, organisation=organisation, data=data)
    assert_audited(
        "learning.programme_saved",
        actor=coordinator,
        subject=programme,
        after={"name": "Klik & Tik", "is_active": True},
    )
    for outsider in outsiders:
        assert_refused(
            services.save_programme,
            raises=Programme.DoesNotExist,
            actor=outsider,
            organisation=organisation,
            programme=programme,
            data={"name": "Anders"},
        )
    services.save_programme(
        actor=coordinator, organisation=organisation, programme=programme, data={"name": "Klik"}
    )
    assert_audited(
        "learning.programme_saved",
        subject=programme,
        before={"name": "Klik & Tik"},
        after={"name": "Klik"},
        count=2,
    )


def test_run_and_its_lessons_are_saved_only_by_its_own_coordinator(
    coordinator, organisation, outsiders
):
    programme = ProgrammeFactory(organisation=organisation)
    location = LocationFactory(organisation=organisation)
    data = {"location": location, "capacity": 6}
    for outsider in outsiders:
        assert_refused(
            services.save_run,
            raises=Programme.DoesNotExist,
            actor=outsider,
            programme=programme,
            data=data,
        )
    run = services.save_run(actor=coordinator, programme=programme, data=data)
    assert_audited(
        "learning.run_saved", actor=coordinator, subject=run, before=None, after={"capacity": 6}
    )
    lesson = {"date": date.today() + timedelta(days=30), "starts": time(10), "ends": time(12)}
    for outsider in outsiders:
        assert_refused(
            services.add_session, raises=Programme.DoesNotExist, actor=outsider, run=run, **lesson
        )
    services.add_session(actor=coordinator, run=run, **lesson)
    assert_audited("learning.session_added", actor=coordinator, subject=run)
    assert run.sessions.count() == 1


def test_a_request_at_the_desk_is_made_only_by_the_organisations_coordinator(
    coordinator, run, outsiders
):
    for outsider in outsiders:
        assert_refused(
            services.request_place,
            raises=Enrolment.DoesNotExist,
            actor=outsider,
            programme=run.programme,
            data=contact(),
            source=EnrolmentSource.DESK,
        )
    enrolment = services.request_place(
        actor=coordinator, programme=run.programme, data=contact(), source=EnrolmentSource.DESK
    )
    assert_audited(
        "learning.enrolment_requested",
        actor=coordinator,
        subject=enrolment,
        after={"source": "desk"},
    )
    # No intake needed: on the list at once, and the free seat is offered.
    assert_audited("learning.enrolment_intake", actor=None, subject=enrolment)
    assert_audited("learning.seat_offered", actor=None, subject=enrolment, after={"seat": 1})


def test_a_wish_from_a_help_point_names_the_helper(organisation, run):
    helper = make_staff(Role.HELP_POINT_STAFF, organisation)
    enrolment = services.request_place(
        actor=helper,
        programme=run.programme,
        data=contact(),
        source=EnrolmentSource.HELP_POINT,
    )
    assert_audited("learning.request_passed_on", actor=helper, subject=enrolment)
    assert_audited("learning.enrolment_requested", actor=None, subject=enrolment)


def test_intake_is_recorded_only_by_the_organisations_coordinator(
    coordinator, organisation, outsiders
):
    run = RunFactory(programme__organisation=organisation, programme__intake_needed=True)
    add_sessions(run)
    enrolment = _sign_up(run.programme)
    data = {"goal": "Zelf mijn DigiD gebruiken", "own_device": True}
    for outsider in outsiders:
        assert_refused(
            services.record_intake,
            raises=Enrolment.DoesNotExist,
            actor=outsider,
            enrolment_id=enrolment.pk,
            data=data,
        )
    services.record_intake(actor=coordinator, enrolment_id=enrolment.pk, data=data)
    assert_audited(
        "learning.enrolment_intake",
        actor=coordinator,
        subject=enrolment,
        after={"goal": "Zelf mijn DigiD gebruiken"},
    )


def test_moving_up_is_done_only_by_the_organisations_coordinator(coordinator, run, outsiders):
    _first, second, third = (_sign_up(run.programme, f"P{i}") for i in range(3))
    for outsider in outsiders:
        assert_refused(
            services.move_up,
            raises=Programme.DoesNotExist,
            actor=outsider,
            enrolment_id=third.pk,
            before_id=second.pk,
            reason="Heeft de cursus nodig voor werk",
        )
    services.move_up(
        actor=coordinator,
        enrolment_id=third.pk,
        before_id=second.pk,
        reason="Heeft de cursus nodig voor werk",
    )
    assert_audited(
        "learning.moved_up",
        actor=coordinator,
        subject=third,
        after={"reason": "Heeft de cursus nodig voor werk"},
    )


def test_an_offer_is_accepted_by_staff_only_of_the_organisation(coordinator, run, outsiders):
    enrolment = _sign_up(run.programme)
    for outsider in outsiders:
        assert_refused(
            services.accept_offer,
            raises=Enrolment.DoesNotExist,
            actor=outsider,
            enrolment_id=enrolment.pk,
        )
    services.accept_offer(actor=coordinator, enrolment_id=enrolment.pk)
    assert_audited("learning.seat_accepted", actor=coordinator, subject=enrolment)


def test_leaving_by_phone_is_recorded_only_by_the_organisations_staff(coordinator, run, outsiders):
    enrolment = _sign_up(run.programme)
    for outsider in outsiders:
        assert_refused(
            services.leave, raises=Enrolment.DoesNotExist, actor=outsider, enrolment_id=enrolment.pk
        )
    services.leave(actor=coordinator, enrolment_id=enrolment.pk)
    assert_audited("learning.enrolment_left", actor=coordinator, subject=enrolment)


def test_an_offer_not_answered_in_time_expires_in_the_log(run):
    enrolment = _sign_up(run.programme)
    services.expire_offers(now=timezone.now() + timedelta(hours=49))
    assert_audited("learning.offer_expired", actor=None, subject=enrolment)


def test_attendance_completion_and_dropout_only_by_the_organisations_coordinator(
    coordinator, organisation, outsiders
):
    run = RunFactory(programme__organisation=organisation, capacity=2)
    sessions = add_sessions(run)
    finisher, stopper = _placed(run), _placed(run)
    for outsider in outsiders:
        assert_refused(
            services.record_attendance,
            raises=Programme.DoesNotExist,
            actor=outsider,
            session_id=sessions[0].pk,
            present={finisher.pk},
            reasons={},
        )
    for session in sessions[:3]:
        services.record_attendance(
            actor=coordinator, session_id=session.pk, present={finisher.pk}, reasons={}
        )
    assert_audited(
        "learning.attendance_recorded",
        actor=coordinator,
        subject=run,
        after={"present": 1},
        count=3,
    )
    for outsider in outsiders:
        assert_refused(
            services.complete,
            raises=Enrolment.DoesNotExist,
            actor=outsider,
            enrolment_id=finisher.pk,
        )
        assert_refused(
            services.drop_out,
            raises=Enrolment.DoesNotExist,
            actor=outsider,
            enrolment_id=stopper.pk,
            reason="health",
        )
    services.complete(actor=coordinator, enrolment_id=finisher.pk)
    assert_audited(
        "learning.enrolment_completed",
        actor=coordinator,
        subject=finisher,
        after={"certificate": True},
    )
    services.drop_out(actor=coordinator, enrolment_id=stopper.pk, reason="health")
    assert_audited(
        "learning.enrolment_dropped_out",
        actor=coordinator,
        subject=stopper,
        after={"reason": "health"},
    )


def test_skills_are_entered_only_by_the_organisations_coordinator(coordinator, run, outsiders):
    enrolment = _placed(run)
    answers = {enrolment.pk: {SKILL_KEYS[0]}}
    for outsider in outsiders:
        assert_refused(
            course_skills.record_skills,
            raises=Programme.DoesNotExist,
            actor=outsider,
            run_id=run.pk,
            moment="first",
            answers=answers,
        )
    assert course_skills.record_skills(
        actor=coordinator, run_id=run.pk, moment="first", answers=answers
    )
    assert_audited(
        "learning.skills_recorded",
        actor=coordinator,
        subject=run,
        after={"moment": "first", "people": 1},
    )


def test_reading_the_waiting_list_participants_and_a_person_is_logged(client, coordinator, run):
    enrolment = _placed(run)
    _sign_up(run.programme, "Jan de Vries")  # the run is full: he waits
    login_verified(client, coordinator)
    waiting = client.get(reverse("learning:programme-detail", args=[run.programme.pk]))
    assert "Jan de Vries" in waiting.text
    assert_audited("learning.waiting_list_viewed", actor=coordinator, subject=run.programme)
    participants = client.get(reverse("learning:run-detail", args=[run.pk]))
    assert "Fatima Yilmaz" in participants.text
    assert_audited("learning.participants_viewed", actor=coordinator, subject=run)
    person = client.get(reverse("learning:enrolment-detail", args=[enrolment.pk]))
    assert "Fatima Yilmaz" in person.text
    assert_audited("learning.enrolment_viewed", actor=coordinator, subject=enrolment)
