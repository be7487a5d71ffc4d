"""Demo courses: Digisterker "Werken met de e-overheid" at Centre Céramique (the library; an
intake first, 4 lessons of 2 hours, 8 places) and Klik & Tik at Wijkcentrum Malberg (Trajekt;
8 lessons by volunteers). One Digisterker group has finished (attendance, certificates), the
next one is full, so a few people wait on the list. Everything goes through the services, as
staff would do it; a second run changes nothing."""

from datetime import date, time, timedelta

from django.utils import timezone

from digiketen.accounts.models import User
from digiketen.core.models import Channel
from digiketen.learning.models import DropoutReason, EnrolmentSource, Level, Programme
from digiketen.learning.services import courses as services
from digiketen.organisations import demo as organisations_demo

DIGISTERKER = "Digisterker: Werken met de e-overheid"
KLIK_EN_TIK = "Klik & Tik"

# name, how to reach, weekdays that suit (empty: any day), source
FINISHED_GROUP = [
    ("Maria Janssen", Channel.PHONE, [], EnrolmentSource.DESK),
    ("Hendrik Coenen", Channel.LETTER, [], EnrolmentSource.HELP_POINT),
    ("Aisha El Amrani", Channel.SMS, [1], EnrolmentSource.PUBLIC),
    ("Piet Bemelmans", Channel.PHONE, [], EnrolmentSource.DESK),
    ("Ingrid Vinken", Channel.EMAIL, [1, 3], EnrolmentSource.PUBLIC),
]
NEXT_GROUP = [
    ("Jos Houben", Channel.PHONE, [], EnrolmentSource.DESK),
    ("Fatima Yilmaz", Channel.SMS, [1], EnrolmentSource.PUBLIC),
    ("Annie Meijers", Channel.LETTER, [], EnrolmentSource.HELP_POINT),
    ("Sjef Lemmens", Channel.PHONE, [1, 2], EnrolmentSource.DESK),
    ("Lieke Ramakers", Channel.EMAIL, [], EnrolmentSource.PUBLIC),
    ("Mohammed Bouzid", Channel.SMS, [], EnrolmentSource.HANDOUT),
    ("Truus Willems", Channel.PHONE, [], EnrolmentSource.DESK),
    ("Jan Frijns", Channel.LETTER, [1], EnrolmentSource.DESK),
    # The group is full from here: these wait.
    ("Greet Pluymaekers", Channel.PHONE, [], EnrolmentSource.DESK),
    ("Ahmet Kaya", Channel.SMS, [3], EnrolmentSource.PUBLIC),
    ("Wiel Hermans", Channel.PHONE, [4], EnrolmentSource.HELP_POINT),
]
STILL_TO_MEET = ("Nicole Dassen", Channel.EMAIL, [], EnrolmentSource.PUBLIC)
KLIK_EN_TIK_PEOPLE = [
    ("Tonny Smeets", Channel.PHONE, [3], EnrolmentSource.DESK),
    ("Yasmina Haddou", Channel.SMS, [], EnrolmentSource.PUBLIC),
    ("Harrie Kurvers", Channel.LETTER, [], EnrolmentSource.DESK),
    ("Elly Notermans", Channel.PHONE, [3], EnrolmentSource.HELP_POINT),
]


def seed() -> None:
    if Programme.objects.filter(name__in=[DIGISTERKER, KLIK_EN_TIK]).exists():
        return
    today = timezone.localdate()
    coordinator = User.objects.get(username="cursus")
    admin = User.objects.get(username="beheerder")
    library = organisations_demo.organisation("bibliotheek")
    ceramique = organisations_demo.location("ceramique")
    digisterker = services.save_programme(
        actor=coordinator,
        organisation=library,
        data={
            "name": DIGISTERKER,
            "name_en": "Digisterker: using government websites",
            "description": (
                "In 4 lessons leert u werken met DigiD en de websites van de overheid: de "
                "gemeente, de Belastingdienst en uw zorgverzekering. U oefent in een kleine "
                "groep, in uw eigen tempo."
            ),
            "level": Level.BASIC,
            "for_whom": "Voor iedereen die al een beetje met een computer kan werken.",
            "what_to_bring": "Uw eigen laptop of tablet als u die heeft, en uw DigiD als u die "
            "al heeft.",
            "loan_device_available": True,
            "intake_needed": True,
            "min_sessions_attended": 3,
        },
    )
    # The group that finished: placed first, its four Tuesdays then lie behind us.
    finished = services.save_run(
        actor=coordinator,
        programme=digisterker,
        data={"location": ceramique, "capacity": 8, "teachers": "Ellen Custers"},
    )
    people = [_sign_up(digisterker, coordinator, person) for person in FINISHED_GROUP]
    for enrolment in people:
        _intake_and_accept(enrolment, coordinator)
    first = _tuesday(today - timedelta(weeks=7))
    sessions = _sessions(coordinator, finished, first, 4, time(10), time(12))
    for number, session in enumerate(sessions):
        # Piet stops after the first lesson; Ingrid misses one.
        present = {e.pk for e in people if not (e.name == "Piet Bemelmans" and number > 0)}
        if number == 2:
            present.discard(people[4].pk)
        services.record_attendance(
            actor=coordinator,
            session_id=session.pk,
            present=present,
            reasons={people[4].pk: "Ziek"},
        )
    for enrolment in people:
        if enrolment.name == "Piet Bemelmans":
            services.drop_out(
                actor=coordinator, enrolment_id=enrolment.pk, reason=DropoutReason.TOO_HARD
            )
        else:
            services.complete(actor=coordinator, enrolment_id=enrolment.pk)
    services.save_run(
        actor=coordinator, programme=digisterker, run=finished, data={"is_open": False}
    )

    # The next group, on Tuesdays from in two weeks: full, with a waiting list.
    upcoming = services.save_run(
        actor=coordinator,
        programme=digisterker,
        data={"location": ceramique, "capacity": 8, "teachers": "Ellen Custers"},
    )
    _sessions(coordinator, upcoming, _tuesday(today + timedelta(weeks=2)), 4, time(10), time(12))
    for number, person in enumerate(NEXT_GROUP):
        enrolment = _sign_up(digisterker, coordinator, person)
        _intake_and_accept(enrolment, coordinator, accept=number < 6)
    _sign_up(digisterker, coordinator, STILL_TO_MEET)

    # Klik & Tik at the community centre: no intake, eight lessons by volunteers.
    klik = services.save_programme(
        actor=admin,
        organisation=organisations_demo.organisation("trajekt"),
        data={
            "name": KLIK_EN_TIK,
            "name_en": "Click & Tap",
            "description": (
                "Voor wie nog nooit met een computer of tablet heeft gewerkt. Vrijwilligers "
                "leren u stap voor stap: aanzetten, typen, op internet zoeken en e-mailen."
            ),
            "level": Level.BEGINNER,
            "for_whom": "Voor beginners. U hoeft niets te kunnen.",
            "what_to_bring": "Niets. Er zijn laptops en tablets in het wijkcentrum.",
            "loan_device_available": True,
            "intake_needed": False,
            "min_sessions_attended": 6,
        },
    )
    run = services.save_run(
        actor=admin,
        programme=klik,
        data={
            "location": organisations_demo.location("malberg"),
            "capacity": 10,
            "teachers": "Vrijwilligers van Trajekt",
        },
    )
    thursday = _tuesday(today + timedelta(weeks=1)) + timedelta(days=2)
    _sessions(admin, run, thursday, 8, time(13, 30), time(15))
    for number, person in enumerate(KLIK_EN_TIK_PEOPLE):
        enrolment = _sign_up(klik, admin, person)
        if number < 3:
            services.accept_offer(enrolment_id=enrolment.pk, actor=admin)


def _sign_up(programme, actor, person):
    name, reach_by, days, source = person
    slug = name.lower().replace(" ", ".")
    data = {
        "name": name,
        "reach_by": reach_by,
        "phone": "06 12 34 56 78" if reach_by in {Channel.PHONE, Channel.SMS} else "",
        "email": f"{slug}@example.org" if reach_by == Channel.EMAIL else "",
        "address": "Voorbeeldstraat 1\n6211 AA Maastricht" if reach_by == Channel.LETTER else "",
    }
    return services.request_place(
        programme=programme,
        data=data,
        days=days,
        source=source,
        actor=None if source == EnrolmentSource.PUBLIC else actor,
    )


def _intake_and_accept(enrolment, actor, *, accept=True):
    services.record_intake(
        actor=actor,
        enrolment_id=enrolment.pk,
        data={
            "goal": "Zelf mijn zaken regelen met DigiD.",
            "own_device": enrolment.pk % 3 != 0,
            "needs_loan_device": enrolment.pk % 3 == 0,
            "level": Level.BASIC,
        },
    )
    enrolment.refresh_from_db()
    if accept and enrolment.status == "offered":
        services.accept_offer(enrolment_id=enrolment.pk, actor=actor)


def _sessions(actor, run, first: date, count: int, starts: time, ends: time):
    return [
        services.add_session(
            actor=actor, run=run, date=first + timedelta(weeks=n), starts=starts, ends=ends
        )
        for n in range(count)
    ]


def _tuesday(day: date) -> date:
    return day + timedelta(days=(1 - day.weekday()) % 7)
