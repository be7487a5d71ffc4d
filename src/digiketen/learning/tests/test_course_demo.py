"""The demo's courses: seeded through the services, and a second run changes nothing."""

from digiketen.learning import demo_courses
from digiketen.learning.models import Enrolment, EnrolmentStatus, Programme

S = EnrolmentStatus


def test_demo_courses_have_a_finished_group_a_full_one_and_a_waiting_list(db):
    from digiketen.core import demo

    demo.seed()
    demo_courses.seed()  # again: nothing doubles
    assert sorted(Programme.objects.values_list("name", flat=True)) == sorted(
        [demo_courses.DIGISTERKER, demo_courses.KLIK_EN_TIK]
    )
    digisterker = Programme.objects.get(name=demo_courses.DIGISTERKER)
    assert digisterker.runs.count() == 2
    finished, upcoming = digisterker.runs.order_by("pk")
    assert finished.sessions.count() == upcoming.sessions.count() == 4
    assert finished.enrolments.filter(status=S.COMPLETED).count() == 4
    assert finished.enrolments.filter(status=S.DROPPED_OUT).count() == 1
    assert upcoming.enrolments.filter(status__in=[S.OFFERED, S.PLACED]).count() == 8
    waiting = Enrolment.objects.filter(programme=digisterker, status=S.WAITING)
    assert waiting.count() == 3
    assert digisterker.enrolments.filter(status=S.REQUESTED).count() == 1
    klik = Programme.objects.get(name=demo_courses.KLIK_EN_TIK)
    run = klik.runs.get()
    assert run.location.name == "Wijkcentrum Malberg"
    assert run.sessions.count() == 8
    assert run.service.is_active  # in the finder: it has places
    assert not finished.service.is_active
    assert Enrolment.objects.count() == 5 + 11 + 1 + 4
