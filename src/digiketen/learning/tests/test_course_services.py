from datetime import timedelta

import pytest
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.core.errors import IllegalTransition, Refused
from digiketen.core.models import AuditEvent, Message
from digiketen.learning.models import EnrolmentSource, EnrolmentStatus
from digiketen.learning.services import courses as services
from digiketen.learning.tests.course_factories import (
    RunFactory,
    add_sessions,
    contact,
)
from digiketen.tests.factories import LocationFactory

S = EnrolmentStatus


def sign_up(programme, name, **kwargs):
    return services.request_place(
        programme=programme, data=contact(name), source=EnrolmentSource.PUBLIC, **kwargs
    )


@pytest.fixture
def run(db):
    run = RunFactory(capacity=2)
    add_sessions(run)
    return run


def test_a_free_seat_goes_to_the_first_who_signed_up_and_the_rest_wait(run):
    people = [sign_up(run.programme, f"P{i}") for i in range(4)]
    statuses = [p.__class__.objects.get(pk=p.pk).status for p in people]
    assert statuses == [S.OFFERED, S.OFFERED, S.WAITING, S.WAITING]
    # The person is told, by SMS, where and when.
    sms = Message.objects.filter(kind="learning.course.offered").first()
    assert run.location.street in sms.body


def test_a_freed_seat_is_offered_at_once_to_the_next_person(run):
    first, _second, third = (sign_up(run.programme, f"P{i}") for i in range(3))
    services.leave(enrolment_id=first.pk)
    third.refresh_from_db()
    assert third.status == S.OFFERED
    assert third.run == run


def test_an_offer_expires_after_48_hours_and_passes_on(run):
    first, _second, third = (sign_up(run.programme, f"P{i}") for i in range(3))
    assert services.expire_offers(now=timezone.now() + timedelta(hours=47)) == 0
    assert services.expire_offers(now=timezone.now() + timedelta(hours=49)) == 2
    first.refresh_from_db()
    third.refresh_from_db()
    assert first.status == S.EXPIRED
    assert third.status == S.OFFERED


def test_an_expired_offer_cannot_be_accepted(run):
    first = sign_up(run.programme, "P0")
    with pytest.raises(Refused):
        services.accept_offer(enrolment_id=first.pk, now=timezone.now() + timedelta(hours=49))
    first.refresh_from_db()
    assert first.status == S.EXPIRED


def test_the_run_must_suit_the_chosen_place_and_days(run):
    elsewhere = LocationFactory(organisation=run.programme.organisation)
    wrong_place = sign_up(run.programme, "A", locations=[elsewhere])
    wrong_day = sign_up(run.programme, "B", days=[0])  # the run is on Tuesdays
    fits = sign_up(run.programme, "C", locations=[run.location], days=[1, 3])
    wrong_place.refresh_from_db(), wrong_day.refresh_from_db(), fits.refresh_from_db()
    assert (wrong_place.status, wrong_day.status, fits.status) == (S.WAITING, S.WAITING, S.OFFERED)


def test_moving_up_needs_a_reason_and_is_audited(run):
    run.capacity = 1
    run.save()
    people = [sign_up(run.programme, f"P{i}") for i in range(3)]
    coordinator = make_staff(Role.COURSE_COORDINATOR, run.programme.organisation)
    with pytest.raises(Refused):
        services.move_up(
            actor=coordinator, enrolment_id=people[2].pk, before_id=people[1].pk, reason=" "
        )
    services.move_up(
        actor=coordinator, enrolment_id=people[2].pk, before_id=people[1].pk, reason="Urgent"
    )
    event = AuditEvent.objects.get(action="learning.moved_up")
    assert event.after["reason"] == "Urgent"
    services.leave(enrolment_id=people[0].pk)
    people[2].refresh_from_db()
    assert people[2].status == S.OFFERED


def test_intake_first_when_the_programme_asks_for_it(run):
    run.programme.intake_needed = True
    run.programme.save()
    person = sign_up(run.programme, "P")
    assert person.status == S.REQUESTED
    coordinator = make_staff(Role.COURSE_COORDINATOR, run.programme.organisation)
    services.record_intake(
        actor=coordinator,
        enrolment_id=person.pk,
        data={"goal": "DigiD", "own_device": False, "needs_loan_device": True, "level": "basic"},
    )
    person.refresh_from_db()
    assert person.status == S.OFFERED
    assert list(person.history.values_list("step", flat=True)) == ["request", "intake", "offer"]


def test_another_organisations_coordinator_cannot_take_a_step(run):
    person = sign_up(run.programme, "P")
    services.accept_offer(enrolment_id=person.pk)
    stranger = make_staff(Role.COURSE_COORDINATOR)
    with pytest.raises(person.__class__.DoesNotExist):
        services.drop_out(actor=stranger, enrolment_id=person.pk, reason="time")


def test_completion_needs_the_programmes_number_of_lessons(run):
    person = sign_up(run.programme, "P")
    services.accept_offer(enrolment_id=person.pk)
    teacher = make_staff(Role.COURSE_COORDINATOR, run.programme.organisation)
    sessions = list(run.sessions.all())
    for session in sessions[:2]:
        services.record_attendance(
            actor=teacher, session_id=session.pk, present={person.pk}, reasons={}
        )
    with pytest.raises(Refused):
        services.complete(actor=teacher, enrolment_id=person.pk)
    services.record_attendance(
        actor=teacher, session_id=sessions[3].pk, present=set(), reasons={person.pk: "ziek"}
    )
    services.record_attendance(
        actor=teacher, session_id=sessions[2].pk, present={person.pk}, reasons={}
    )
    services.complete(actor=teacher, enrolment_id=person.pk)
    person.refresh_from_db()
    assert person.status == S.COMPLETED and len(person.certificate_code) == 10
    with pytest.raises(IllegalTransition):
        services.complete(actor=teacher, enrolment_id=person.pk)


def test_a_run_with_places_is_a_course_in_the_finder_until_it_is_full(run):
    service = services.publish_run(run)
    assert service.type == "course" and service.is_active
    assert service.organisation == run.programme.organisation
    assert service.at_locations.get().location == run.location
    sign_up(run.programme, "A")
    sign_up(run.programme, "B")
    service.refresh_from_db()
    assert not service.is_active
