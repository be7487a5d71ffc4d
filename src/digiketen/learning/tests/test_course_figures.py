"""Skill gain (paired only) and the course figures, against numbers worked out here from
what the test entered, not from the selectors' code."""

import random
from datetime import timedelta

from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.learning.models import SKILL_KEYS, Enrolment, EnrolmentSource, EnrolmentStatus
from digiketen.learning.selectors import course_figures
from digiketen.learning.services import course_skills
from digiketen.learning.services import courses as services
from digiketen.learning.tests.course_factories import RunFactory, add_sessions, contact

S = EnrolmentStatus


def _placed(run, count):
    people = []
    for n in range(count):
        enrolment = services.request_place(
            programme=run.programme, data=contact(f"P{n}"), source=EnrolmentSource.PUBLIC
        )
        services.accept_offer(enrolment_id=enrolment.pk)
        people.append(enrolment)
    return people


def test_skill_gain_counts_only_people_measured_both_times(db):
    run = RunFactory(capacity=12)
    coordinator = make_staff(Role.COURSE_COORDINATOR, run.programme.organisation)
    people = _placed(run, 12)
    rng = random.Random(13)
    first, last = {}, {}
    for person in people:
        answered = rng.choice(["both", "both", "both", "first", "last", "none"])
        if answered in {"both", "first"}:
            first[person.pk] = {k for k in SKILL_KEYS if rng.random() < 0.3}
        if answered in {"both", "last"}:
            last[person.pk] = {k for k in SKILL_KEYS if rng.random() < 0.7}
    course_skills.record_skills(actor=coordinator, run_id=run.pk, moment="first", answers=first)
    course_skills.record_skills(actor=coordinator, run_id=run.pk, moment="last", answers=last)
    # The oracle: pairs from the dictionaries above.
    pairs = first.keys() & last.keys()
    expected = [
        (sum(k in first[p] for p in pairs), sum(k in last[p] for p in pairs)) for k in SKILL_KEYS
    ]
    gain = course_figures.skill_gain(Enrolment.objects.filter(run=run))
    assert gain.people == len(pairs)
    assert 0 < gain.people < len(people)  # some were measured only once: they do not count
    assert [(before, after) for _text, before, after in gain.statements] == expected
    assert gain.statements[0][0] == "Ik kan zelf inloggen met DigiD."


def test_entering_a_moment_again_replaces_it(db):
    run = RunFactory()
    coordinator = make_staff(Role.COURSE_COORDINATOR, run.programme.organisation)
    (person,) = _placed(run, 1)
    for moment in ("first", "last", "last"):
        course_skills.record_skills(
            actor=coordinator, run_id=run.pk, moment=moment, answers={person.pk: {"digid"}}
        )
    course_skills.record_skills(
        actor=coordinator, run_id=run.pk, moment="last", answers={person.pk: {"digid", "email"}}
    )
    gain = course_figures.skill_gain(Enrolment.objects.all())
    assert gain.people == 1
    assert {text: (b, a) for text, b, a in gain.statements}[
        "Ik kan een e-mail sturen met een bijlage."
    ] == (0, 1)


def test_figures_per_organisation_and_period(db):
    run = RunFactory(capacity=3)
    sessions = add_sessions(run, first=timezone.localdate() + timedelta(days=7), count=4)
    other = RunFactory()  # another organisation: not counted
    services.request_place(programme=other.programme, data=contact(), source="public")
    coordinator = make_staff(Role.COURSE_COORDINATOR, run.programme.organisation)
    people = [
        services.request_place(
            programme=run.programme, data=contact(f"P{n}"), source=EnrolmentSource.PUBLIC
        )
        for n in range(5)
    ]  # 3 offered, 2 waiting
    for person in people[:3]:
        services.accept_offer(enrolment_id=person.pk)
    for session in sessions:
        services.record_attendance(
            actor=coordinator,
            session_id=session.pk,
            present={people[0].pk, people[1].pk},
            reasons={},
        )
    services.complete(actor=coordinator, enrolment_id=people[0].pk)
    services.drop_out(actor=coordinator, enrolment_id=people[2].pk, reason="time")
    # people[3] got the freed seat (an offer, not yet a place).
    today = timezone.localdate()
    numbers = course_figures.figures(
        organisation_ids={run.programme.organisation_id},
        start=today - timedelta(days=1),
        end=today + timedelta(days=60),
    )
    assert numbers.requests == 5
    assert numbers.placed == 3
    assert numbers.median_days_to_place is not None and numbers.median_days_to_place < 0.01
    assert numbers.participants == 3  # placed, completed and dropped out; not the offer
    assert numbers.completed == 1
    assert numbers.dropped_out == 1
    assert Enrolment.objects.get(pk=people[3].pk).status == S.OFFERED
    earlier = course_figures.figures(
        organisation_ids={run.programme.organisation_id},
        start=today - timedelta(days=30),
        end=today - timedelta(days=2),
    )
    assert (earlier.requests, earlier.participants, earlier.completed) == (0, 0, 0)
    everyone = course_figures.figures(organisation_ids=None, start=today, end=today)
    assert everyone.requests == 6
