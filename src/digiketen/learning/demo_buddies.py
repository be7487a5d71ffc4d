"""Demo buddies: a few volunteers (one with an expired VOG), requests, a match with meetings."""

from datetime import timedelta

from django.utils import timezone

from digiketen.accounts.models import User
from digiketen.learning import buddy_codelists
from digiketen.learning.models import BuddyTopic, MatchStep, Volunteer
from digiketen.learning.services import buddies as services
from digiketen.organisations import demo as organisations_demo

VOLUNTEERS = [
    # name, languages, PC4, day parts, home visits, topics (by order), VOG age in days
    ("Anneke Hermans", ["nl", "li"], "6211", ["mon_am", "wed_pm"], True, [0, 2], 200),
    ("Youssef El Amrani", ["nl", "ar"], "6221", ["tue_pm", "thu_ev"], True, [1, 2, 5], 400),
    ("Piet Custers", ["nl", "de"], "6229", ["fri_am"], False, [3, 4], 1200),  # VOG expired
]
REQUESTS = [
    ("Mevrouw Jacobs", "Videobellen met mijn kleinkinderen", "nl", "6211", ["mon_am"], True, [5]),
    ("Meneer Haddou", "Bankzaken op de telefoon", "ar", "6221", ["tue_pm"], True, [1, 2]),
]


def seed() -> None:
    organisation = organisations_demo.organisation("trajekt")
    if Volunteer.objects.filter(organisation=organisation).exists():
        return
    coordinator = User.objects.get(username="maatjes")
    buddy_codelists.load(BuddyTopic)  # a flushed test database lost the migration's rows
    topics = list(BuddyTopic.objects.order_by("order"))
    today = timezone.localdate()
    volunteers = []
    for name, languages, postcode, times, home, topic_ix, vog_age in VOLUNTEERS:
        volunteer = services.save_volunteer(
            actor=coordinator,
            data={
                "organisation": organisation,
                "name": name,
                "email": f"{name.split()[0].lower()}@example.org",
                "languages": languages,
                "postcode": postcode,
                "availability": times,
                "home_visits": home,
                "topics": [topics[i] for i in topic_ix],
                "intake_on": today - timedelta(days=vog_age + 20),
                "agreement_signed_on": today - timedelta(days=vog_age + 10),
            },
        )
        services.record_vog(
            actor=coordinator,
            volunteer_id=volunteer.pk,
            requested_on=today - timedelta(days=vog_age + 14),
            received_on=today - timedelta(days=vog_age),
        )
        volunteers.append(volunteer)
    requests = [
        services.create_request(
            actor=coordinator,
            data={
                "organisation": organisation,
                "name": name,
                "phone": "0612345678",
                "wish": wish,
                "language": language,
                "postcode": postcode,
                "availability": times,
                "home_visit": home,
                "topics": [topics[i] for i in topic_ix],
            },
        )
        for name, wish, language, postcode, times, home, topic_ix in REQUESTS
    ]
    match = services.propose_match(
        actor=coordinator, request_id=requests[0].pk, volunteer_id=volunteers[0].pk
    )
    services.take_step(
        actor=coordinator, match_id=match.pk, step=MatchStep.START, day=today - timedelta(days=60)
    )
    for weeks_ago, note in ((7, "WhatsApp geïnstalleerd"), (5, "Eerste videogesprek"), (2, "")):
        services.log_meeting(
            actor=coordinator,
            match_id=match.pk,
            data={
                "held_on": today - timedelta(weeks=weeks_ago),
                "minutes": 60,
                "topic": topics[5],
                "note": note,
                "logged_by": "volunteer" if weeks_ago == 2 else "coordinator",
            },
        )
    services.check_vogs(today=today)  # the expired VOG is told about, as the daily job would
