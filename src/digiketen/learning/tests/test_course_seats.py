"""Seats: 50 people signing up at once for the last 3 seats (PostgreSQL), and a property test
over random sign-ups, seat releases and offer expiries."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digiketen.learning.models import Enrolment, EnrolmentSource, EnrolmentStatus
from digiketen.learning.services import courses as services
from digiketen.learning.tests.course_factories import RunFactory, add_sessions, contact

S = EnrolmentStatus
PEOPLE = 50


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_sign_ups_for_the_last_three_seats_place_exactly_three():
    run = RunFactory(capacity=3)
    add_sessions(run)
    barrier = threading.Barrier(PEOPLE)

    def sign_up(n: int) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.request_place(
                programme=run.programme, data=contact(f"P{n}"), source=EnrolmentSource.PUBLIC
            )
        finally:
            thread_connection.close()

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        for future in [pool.submit(sign_up, n) for n in range(PEOPLE)]:
            future.result(timeout=120)
    held = Enrolment.objects.filter(run=run, status__in=[S.OFFERED, S.PLACED])
    assert held.count() == 3
    assert sorted(held.values_list("seat", flat=True)) == [1, 2, 3]
    assert Enrolment.objects.filter(status=S.WAITING).count() == PEOPLE - 3
    assert Enrolment.objects.count() == PEOPLE  # no duplicates
    # The three are the three earliest in the queue.
    earliest = list(Enrolment.objects.order_by("queued_at", "pk").values_list("pk", flat=True)[:3])
    assert sorted(held.values_list("pk", flat=True)) == sorted(earliest)


# An action on the list: ("join", days) | ("leave", k) | ("expire",) | ("accept", k)
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("join"), st.sampled_from([[], [1], [0], [1, 3]])),
        st.tuples(st.just("leave"), st.integers(0, 20)),
        st.tuples(st.just("accept"), st.integers(0, 20)),
        st.tuples(st.just("expire")),
    ),
    min_size=1,
    max_size=25,
)


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS)
def test_order_is_kept_and_capacity_never_exceeded(actions):
    run = RunFactory(capacity=2)
    add_sessions(run)  # Tuesdays
    clock = timezone.now()
    people = []
    for action in actions:
        if action[0] == "join":
            people.append(
                services.request_place(
                    programme=run.programme,
                    data=contact(f"P{len(people)}"),
                    days=action[1],
                    source=EnrolmentSource.PUBLIC,
                )
            )
        elif action[0] in {"leave", "accept"} and people:
            person = Enrolment.objects.get(pk=people[action[1] % len(people)].pk)
            if action[0] == "leave" and person.status in {S.REQUESTED, S.WAITING, S.OFFERED}:
                services.leave(enrolment_id=person.pk)
            elif action[0] == "accept" and person.status == S.OFFERED:
                services.accept_offer(enrolment_id=person.pk)  # real time: before every expiry
        elif action[0] == "expire":
            clock += timedelta(hours=49)
            services.expire_offers(now=clock)
        # Written from the rules, not from the code: never more seats than chairs...
        held = Enrolment.objects.filter(run=run, status__in=[S.OFFERED, S.PLACED])
        assert held.count() <= run.capacity
        # ...and nobody the run suits (any day, or Tuesday chosen) waits while a seat is free,
        # or waits while someone who signed up later holds a seat.
        waiting_suited = [
            e
            for e in Enrolment.objects.filter(status=S.WAITING).order_by("queued_at", "pk")
            if not e.days or 1 in e.days
        ]
        if waiting_suited:
            assert held.count() == run.capacity
            first_waiting = waiting_suited[0]
            offered_later = held.filter(status=S.OFFERED, queued_at__gt=first_waiting.queued_at)
            assert not offered_later.exists()
    Enrolment.objects.all().delete()
