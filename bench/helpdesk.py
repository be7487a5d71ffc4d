"""Registering a help point visit, and the year figures, with a large history.

Loads N registered questions (default 1,000,000) into a separate database once, then prints
the p50/p95 time of registering one visit with two questions (the service the registration
page calls) and of computing one location's year figures (what "Jaarcijfers" shows).

Usage:
    .venv/bin/python bench/helpdesk.py [--questions 1000000] [--runs 200]
SQLite in /tmp/digiketen-bench by default; for PostgreSQL set DB_ENGINE=postgresql and the
PG* variables (use an empty scratch database).
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digiketen.conf.dev")
os.environ.setdefault("DIGIKETEN_VAR_DIR", "/tmp/digiketen-bench")
os.environ["DEBUG"] = "false"  # no query log: it would grow with every insert

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from digiketen.accounts.models import Membership, User  # noqa: E402
from digiketen.helpdesk import selectors, services  # noqa: E402
from digiketen.helpdesk.models import (  # noqa: E402
    Agency,
    HelpContact,
    HelpQuestion,
    SurveyAnswer,
    Theme,
)
from digiketen.organisations.models import Location, Organisation  # noqa: E402

BATCH = 20_000


def world():
    organisation, _ = Organisation.objects.get_or_create(
        name="Bibliotheek (bench)", defaults={"type": "library"}
    )
    locations = [
        Location.objects.get_or_create(
            organisation=organisation,
            name=f"Vestiging {n}",
            defaults={"street": "Markt", "house_number": "1", "postcode": "6211 CN", "city": "M"},
        )[0]
        for n in range(10)
    ]
    helper, created = User.objects.get_or_create(username="bench-helper")
    if created:
        Membership.objects.create(user=helper, organisation=organisation, role="help_point_staff")
    return organisation, locations, helper


def load(target: int, organisation, locations, helper) -> None:
    have = HelpQuestion.objects.count()
    if have >= target:
        print(f"{have:,} questions already loaded")
        return
    rng = random.Random(1)
    themes = list(Theme.objects.values_list("pk", flat=True))
    agencies = list(Agency.objects.values_list("pk", flat=True))
    now = timezone.now()
    started = time.perf_counter()
    while have < target:
        with transaction.atomic():
            contacts = HelpContact.objects.bulk_create(
                HelpContact(
                    location=rng.choice(locations),
                    organisation=organisation,
                    helper=helper,
                    channel=rng.choice(["walk_in", "phone", "appointment", "online"]),
                    question_type="government",
                    started_at=now - timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60)),
                    minutes=rng.randint(3, 60),
                    follow_up=rng.random() < 0.1,
                )
                for _n in range(BATCH // 2)
            )
            questions = HelpQuestion.objects.bulk_create(
                HelpQuestion(
                    contact=contact, theme_id=rng.choice(themes), outcome_id=rng.choice("abcdex")
                )
                for contact in contacts
                for _q in range(rng.choice([1, 2, 2, 3]))
            )
            HelpQuestion.agencies.through.objects.bulk_create(
                HelpQuestion.agencies.through(helpquestion_id=q.pk, agency_id=rng.choice(agencies))
                for q in questions
                if rng.random() < 0.7
            )
            SurveyAnswer.objects.bulk_create(
                SurveyAnswer(
                    contact=contact,
                    helped=rng.choice(["yes", "partly", "no"]),
                    mark=rng.randint(4, 10),
                    would_return=rng.random() < 0.85,
                    would_recommend=rng.random() < 0.8,
                )
                for contact in contacts
                if rng.random() < 0.25
            )
        have += len(questions)
        print(f"\r{have:,} questions loaded", end="", flush=True)
    print(f" in {time.perf_counter() - started:.0f} s")


def timed(action, runs: int) -> tuple[float, float]:
    times = []
    for _n in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[18]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    organisation, locations, helper = world()
    load(args.questions, organisation, locations, helper)
    themes = list(Theme.objects.all()[:2])

    def register():
        services.register_visit(
            actor=helper,
            data={
                "location": locations[0],
                "channel": "walk_in",
                "question_type": "government",
                "started_at": timezone.now(),
                "minutes": 10,
            },
            questions=[{"theme": themes[0], "outcome": "a"}, {"theme": themes[1], "outcome": "e"}],
        )

    year = selectors.Period.around(timezone.localdate(), "year")
    p50, p95 = timed(register, args.runs)
    print(f"register a visit with two questions: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    p50, p95 = timed(lambda: selectors.figures([locations[0].pk], year), max(args.runs // 10, 5))
    print(f"year figures of one location:        p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    p50, p95 = timed(lambda: selectors.figures(None, year), max(args.runs // 20, 5))
    print(f"year figures of all locations:       p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(f"({HelpQuestion.objects.count():,} questions in {HelpContact.objects.count():,} visits)")


if __name__ == "__main__":
    main()
