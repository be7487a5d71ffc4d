"""What staff are told, per form field, about the proof of low income they checked. The
expected messages are written out here by hand, from the eligibility rules."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from digiketen.applications.models import Route
from digiketen.applications.services import route_problems

POLICY = SimpleNamespace(
    accept_pass=True, accept_referral=True, accept_income=True, pass_number_example="1234567890"
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
                "pass_number": "Dit pasnummer heeft niet de goede vorm. "
                "Het ziet eruit als 1234567890.",
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
        pass_number_example="1234567890",
    )
    proof = {"pass_number": "1234567890", "pass_valid_until": TOMORROW, "referred_by": PARTNER}
    assert route_problems(closed, route=route, income_seen=True, **proof) == {
        "route": "Kies welk bewijs u heeft gecontroleerd."
    }


def test_an_empty_pass_number_asks_for_it_with_the_example():
    problems = route_problems(POLICY, route=Route.PASS, pass_valid_until=TOMORROW)
    assert problems == {"pass_number": "Vul het pasnummer in. Het ziet eruit als 1234567890."}


@pytest.mark.parametrize(
    ("number", "fits"),
    [
        ("sp-654321", True),  # letters in either case
        ("SP - 654 321", True),  # spaces do not count
        ("SP654321", False),  # the hyphen is part of the form
        ("S1-654321", False),  # a digit where a letter belongs
        ("SP-65432", False),  # one digit short
        ("SP-6543210", False),
    ],
)
def test_the_coordinators_example_is_the_form(number, fits):
    policy = SimpleNamespace(**vars(POLICY) | {"pass_number_example": "SP-123456"})
    problems = route_problems(
        policy, route=Route.PASS, pass_number=number, pass_valid_until=TOMORROW
    )
    assert ("pass_number" not in problems) is fits


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("example", "error"),
    [("SP-123456", None), (" 12 34 ", None), ("--", "Typ een voorbeeld met cijfers of letters.")],
)
def test_the_coordinator_sets_the_form_by_example(example, error):
    from django.forms.models import model_to_dict

    from digiketen.applications.forms.settings import PolicyForm
    from digiketen.applications.models import DistributionPolicy

    policy = DistributionPolicy.current()
    data = {k: v for k, v in model_to_dict(policy).items() if v is not None}
    data = data | {"pass_number_example": example}
    form = PolicyForm(data, instance=policy)
    if error is None:
        assert form.is_valid(), form.errors
        assert form.cleaned_data["pass_number_example"] == example.strip()
    else:
        assert form.errors["pass_number_example"] == [error]
