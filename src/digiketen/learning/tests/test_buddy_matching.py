"""The hard gate of the suggestions, over generated volunteers: nobody without a VOG valid
after today is ever suggested, whatever else fits."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digiketen.learning import matching
from digiketen.learning.models import Volunteer
from digiketen.learning.selectors import buddies as selectors
from digiketen.learning.tests.buddy_factories import BuddyRequestFactory
from digiketen.tests.factories import OrganisationFactory

TODAY = date(2026, 6, 1)
LANGUAGES = ["nl", "en", "ar", "tr"]
TIMES = ["mon_am", "tue_pm", "wed_ev"]
vog_end = st.one_of(
    st.none(),
    st.dates(min_value=TODAY - timedelta(days=800), max_value=TODAY + timedelta(days=800)),
)
candidates = st.lists(
    st.builds(
        matching.Candidate,
        id=st.integers(1, 10_000),
        name=st.text(min_size=1, max_size=5),
        languages=st.frozensets(st.sampled_from(LANGUAGES)),
        postcode=st.sampled_from(["6211", "6221", "6229"]),
        availability=st.frozensets(st.sampled_from(TIMES)),
        topics=st.frozensets(st.integers(1, 4)),
        home_visits=st.booleans(),
        vog_valid_until=vog_end,
        is_active=st.booleans(),
    ),
    max_size=20,
    unique_by=lambda c: c.id,
)
wishes = st.builds(
    matching.Wish,
    language=st.sampled_from(LANGUAGES),
    postcode=st.sampled_from(["6211", "6221"]),
    availability=st.frozensets(st.sampled_from(TIMES)),
    topics=st.frozensets(st.integers(1, 4)),
    home_visit=st.booleans(),
)


def _valid(vog_valid_until, today) -> bool:
    # Written apart from the code: a VOG counts up to the day before it ends.
    return vog_valid_until is not None and today < vog_valid_until


@settings(deadline=None)  # a loaded test machine is slow, not wrong
@given(candidates, wishes, st.one_of(st.none(), st.floats(0, 50)))
def test_nobody_without_a_valid_vog_is_ever_suggested(pool, wish, km):
    suggested = matching.rank(pool, wish, today=TODAY, distance=lambda c: km)
    for suggestion in suggested:
        c = suggestion.candidate
        assert _valid(c.vog_valid_until, TODAY)
        assert c.is_active and (c.home_visits or not wish.home_visit)
    # And everyone who passes the gate is suggested: the gate is not too strict.
    passing = {
        c.id
        for c in pool
        if _valid(c.vog_valid_until, TODAY)
        and c.is_active
        and (c.home_visits or not wish.home_visit)
    }
    assert {s.candidate.id for s in suggested} == passing
    scores = [s.score for s in suggested]
    assert scores == sorted(scores, reverse=True)


def test_score_explains_language_distance_time_and_topic():
    candidate = matching.Candidate(
        1,
        "Vera",
        frozenset({"ar", "nl"}),
        "6211",
        frozenset({"mon_am"}),
        frozenset({2}),
        True,
        TODAY + timedelta(days=1),
    )
    wish = matching.Wish("ar", "6211", frozenset({"mon_am"}), frozenset({2}), False)
    found = matching.score(
        candidate,
        wish,
        distance_km=1.2,
        labels={"ar": "Arabisch", "mon_am": "maandagochtend", 2: "E-mail"},
    )
    assert found.score == 40 + 30 + 20 + 20
    assert found.reasons == [
        "Spreekt Arabisch",
        "Woont 1.2 km verderop",
        "Kan op maandagochtend",
        "Helpt met E-mail",
    ]
    far = matching.score(candidate, wish, distance_km=12, labels={})
    assert far.score == 40 + 0 + 20 + 20


@pytest.mark.django_db
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(vog_end, st.booleans()), min_size=1, max_size=8))
def test_suggestions_from_the_database_never_hold_an_invalid_vog(volunteers):
    organisation = OrganisationFactory()
    request = BuddyRequestFactory(organisation=organisation)
    Volunteer.objects.bulk_create(
        Volunteer(
            organisation=organisation,
            name=f"V{i}",
            languages=["nl"],
            postcode="6211",
            vog_received_on=end and end - timedelta(days=1000),
            vog_valid_until=end,
            home_visits=home,
        )
        for i, (end, home) in enumerate(volunteers)
    )
    suggested = selectors.suggestions(request=request, today=TODAY)
    expected = {f"V{i}" for i, (end, _home) in enumerate(volunteers) if _valid(end, TODAY)}
    assert {s.candidate.name for s in suggested} == expected
