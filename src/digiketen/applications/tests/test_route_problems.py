"""What staff are told, per form field, about the proof of low income they checked. The
expected messages are written out here by hand, from the eligibility rules."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from digiketen.applications.models import Route
from digiketen.applications.services import route_problems

POLICY = SimpleNamespace(
    accept_pass=True, accept_referral=True, accept_income=True, pass_number_pattern=r"\d{10}"
)
TOMORROW = timezone.localdate() + timedelta(days=1)
YESTERDAY = timezone.localdate() - timedelta(days=1)
PARTNER = object()  # any organisation that referred


@pytest.mark.parametrize(
    ("route", "proof", "problems"),
    [
        (Route.PASS, {"pass_number": "1234 567 890", "pass_valid_until": TOMORROW}, {}),
        (
            Route.PASS,
            {"pass_number": "12345", "pass_valid_until": None},
            {
                "pass_number": "Dit pasnummer heeft niet de goede vorm.",
                "pass_valid_until": "Vul in tot wanneer de pas geldig is.",
            },
        ),
        (
            Route.PASS,
            {"pass_number": "1234567890", "pass_valid_until": YESTERDAY},
            {"pass_valid_until": "Deze pas is verlopen."},
        ),
        (Route.REFERRAL, {"referred_by": PARTNER}, {}),
        (Route.REFERRAL, {}, {"referred_by": "Kies de organisatie die doorverwees."}),
        (Route.INCOME, {"income_seen": True}, {}),
        (
            Route.INCOME,
            {"income_seen": False},
            {"income_seen": "Kruis aan dat u de verklaring heeft gezien."},
        ),
    ],
)
def test_each_problem_sits_at_its_own_field(route, proof, problems):
    assert route_problems(POLICY, route=route, **proof) == problems


@pytest.mark.parametrize("route", [Route.PASS, Route.REFERRAL, Route.INCOME])
def test_a_kind_of_proof_the_municipality_does_not_accept_is_refused(route):
    closed = SimpleNamespace(
        accept_pass=route != Route.PASS,
        accept_referral=route != Route.REFERRAL,
        accept_income=route != Route.INCOME,
        pass_number_pattern=r"\d{10}",
    )
    proof = {"pass_number": "1234567890", "pass_valid_until": TOMORROW, "referred_by": PARTNER}
    assert route_problems(closed, route=route, income_seen=True, **proof) == {
        "route": "Kies welk bewijs u heeft gecontroleerd."
    }
