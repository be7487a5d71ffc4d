"""Factories for courses: a programme, a run with sessions, a person on its waiting list."""

from datetime import date, time, timedelta

import factory

from digiketen.core.models import Channel
from digiketen.learning.models import CourseRun, CourseSession, Level, Programme
from digiketen.tests.factories import LocationFactory, OrganisationFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Digisterker {n}")
    description = "Werken met de e-overheid: DigiD, Belastingdienst en de gemeente."
    level = Level.BEGINNER
    intake_needed = False
    min_sessions_attended = 3


class RunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseRun

    programme = factory.SubFactory(ProgrammeFactory)
    location = factory.LazyAttribute(
        lambda o: LocationFactory(organisation=o.programme.organisation)
    )
    capacity = 8


def add_sessions(run, *, first: date | None = None, count: int = 4) -> list[CourseSession]:
    """`count` weekly sessions from `first` (default: a Tuesday next month), 10:00-12:00."""
    first = first or _next_weekday(date.today() + timedelta(days=30), 1)
    return [
        CourseSession.objects.create(
            run=run, date=first + timedelta(weeks=i), starts=time(10), ends=time(12)
        )
        for i in range(count)
    ]


def _next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def contact(name="Fatima Yilmaz", **overrides) -> dict:
    return {
        "name": name,
        "reach_by": Channel.SMS,
        "phone": "0612345678",
        "email": "",
        "address": "",
    } | overrides
