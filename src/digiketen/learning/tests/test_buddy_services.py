from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.core.errors import IllegalTransition, Refused
from digiketen.core.models import AuditEvent, Message
from digiketen.learning.models import MatchStatus, MatchStep, RequestStatus
from digiketen.learning.services import buddies as services
from digiketen.learning.tests.buddy_factories import BuddyRequestFactory, VolunteerFactory
from digiketen.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Trajekt")


@pytest.fixture
def coordinator(organisation):
    return make_staff(Role.BUDDY_COORDINATOR, organisation, email="mo@example.org")


def _match(coordinator, organisation, **volunteer):
    volunteer = VolunteerFactory(organisation=organisation, **volunteer)
    request = BuddyRequestFactory(organisation=organisation)
    match = services.propose_match(
        actor=coordinator, request_id=request.pk, volunteer_id=volunteer.pk
    )
    return services.take_step(actor=coordinator, match_id=match.pk, step=MatchStep.START)


def test_received_vog_is_valid_for_the_years_the_organisation_sets(coordinator, organisation):
    services.save_policy(
        actor=coordinator, organisation=organisation, vog_validity_years=2, review_months=6
    )
    volunteer = VolunteerFactory(organisation=organisation, without_vog=True)
    services.record_vog(
        actor=coordinator,
        volunteer_id=volunteer.pk,
        requested_on=date(2026, 1, 5),
        received_on=date(2026, 2, 1),
    )
    volunteer.refresh_from_db()
    assert volunteer.vog_valid_until == date(2028, 2, 1)
    assert AuditEvent.objects.filter(action="learning.vog_recorded").count() == 1


def test_default_vog_validity_is_three_years(coordinator, organisation):
    volunteer = VolunteerFactory(organisation=organisation, without_vog=True)
    services.record_vog(
        actor=coordinator,
        volunteer_id=volunteer.pk,
        requested_on=None,
        received_on=date(2026, 3, 1),
    )
    volunteer.refresh_from_db()
    assert volunteer.vog_valid_until == date(2029, 3, 1)


def test_coordinator_of_another_organisation_cannot_touch_a_volunteer(organisation):
    other = make_staff(Role.BUDDY_COORDINATOR, OrganisationFactory())
    volunteer = VolunteerFactory(organisation=organisation)
    with pytest.raises(type(volunteer).DoesNotExist):
        services.record_vog(
            actor=other, volunteer_id=volunteer.pk, requested_on=None, received_on=None
        )


def test_volunteer_without_valid_vog_cannot_be_proposed(coordinator, organisation):
    volunteer = VolunteerFactory(organisation=organisation, without_vog=True)
    request = BuddyRequestFactory(organisation=organisation)
    with pytest.raises(Refused):
        services.propose_match(actor=coordinator, request_id=request.pk, volunteer_id=volunteer.pk)
    assert not request.matches.exists()


def test_match_starts_with_review_after_the_set_months_and_request_is_matched(
    coordinator, organisation
):
    match = _match(coordinator, organisation)
    assert match.status == MatchStatus.ACTIVE
    assert match.review_on == services.add_months(match.started_on, 12)
    match.request.refresh_from_db()
    assert match.request.status == RequestStatus.MATCHED
    assert [h.step for h in match.history.all()] == [MatchStep.PROPOSE, MatchStep.START]
    assert AuditEvent.objects.filter(action="learning.match_started").exists()


def test_decline_needs_a_reason_and_the_request_waits_for_another(coordinator, organisation):
    volunteer = VolunteerFactory(organisation=organisation)
    request = BuddyRequestFactory(organisation=organisation)
    match = services.propose_match(
        actor=coordinator, request_id=request.pk, volunteer_id=volunteer.pk
    )
    with pytest.raises(Refused):
        services.take_step(actor=coordinator, match_id=match.pk, step=MatchStep.RESIDENT_DECLINES)
    services.take_step(
        actor=coordinator, match_id=match.pk, step=MatchStep.RESIDENT_DECLINES, reason="distance"
    )
    match.refresh_from_db()
    assert (match.status, match.decline_reason) == (MatchStatus.DECLINED, "distance")
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN
    # The declined volunteer is not suggested again for this request.
    from digiketen.learning.selectors import buddies as selectors

    assert volunteer.pk not in {s.candidate.id for s in selectors.suggestions(request=request)}


def test_ending_a_match_needs_a_reason_and_closes_the_request(coordinator, organisation):
    match = _match(coordinator, organisation)
    services.take_step(actor=coordinator, match_id=match.pk, step=MatchStep.END, reason="goal")
    match.refresh_from_db()
    assert match.status == MatchStatus.ENDED and match.ended_on == timezone.localdate()
    with pytest.raises(IllegalTransition):
        services.take_step(actor=coordinator, match_id=match.pk, step=MatchStep.START)


# From the buddy policy, written out by hand: what may follow what.
POLICY = {
    ("proposed", "volunteer_declines"),
    ("proposed", "resident_declines"),
    ("proposed", "start"),
    ("active", "hold"),
    ("active", "end"),
    ("on_hold", "resume"),
    ("on_hold", "end"),
}


@pytest.mark.parametrize("state", ["proposed", "declined", "active", "on_hold", "ended"])
@pytest.mark.parametrize("step", [s for s in MatchStep if s != MatchStep.PROPOSE])
def test_only_policy_moves_succeed(coordinator, organisation, state, step):
    volunteer = VolunteerFactory(organisation=organisation)
    request = BuddyRequestFactory(organisation=organisation)
    match = services.propose_match(
        actor=coordinator, request_id=request.pk, volunteer_id=volunteer.pk
    )
    type(match).objects.filter(pk=match.pk).update(
        status=state, ended_on=timezone.localdate(), end_reason="other"
    )
    if (state, step) in POLICY:
        services.take_step(actor=coordinator, match_id=match.pk, step=step, reason="other")
    else:
        with pytest.raises(IllegalTransition):
            services.take_step(actor=coordinator, match_id=match.pk, step=step, reason="other")


def test_meeting_is_logged_on_a_running_match_only(coordinator, organisation):
    match = _match(coordinator, organisation)
    services.log_meeting(
        actor=coordinator,
        match_id=match.pk,
        data={"held_on": timezone.localdate(), "minutes": 60, "note": "DigiD-app", "topic": None},
    )
    assert match.meetings.count() == 1
    services.take_step(actor=coordinator, match_id=match.pk, step=MatchStep.HOLD)
    with pytest.raises(Refused):
        services.log_meeting(
            actor=coordinator,
            match_id=match.pk,
            data={"held_on": timezone.localdate(), "minutes": 30},
        )


def test_expired_vog_puts_matches_on_hold_tells_the_coordinator_once(coordinator, organisation):
    with time_machine.travel(date(2026, 1, 10), tick=False):
        match = _match(coordinator, organisation, vog_received_on=date(2023, 3, 1))
    assert match.volunteer.vog_valid_until == date(2026, 3, 1)
    with time_machine.travel(date(2026, 2, 28), tick=False):
        call_command("learning_daily", stdout=StringIO())
    match.refresh_from_db()
    assert match.status == MatchStatus.ACTIVE
    with time_machine.travel(date(2026, 3, 1), tick=False):
        call_command("learning_daily", stdout=StringIO())
        call_command("learning_daily", stdout=StringIO())
        match.refresh_from_db()
        assert match.status == MatchStatus.ON_HOLD
        assert match.history.last().actor_label == "systeem"
        told = Message.objects.filter(kind="vog_expired")
        assert list(told.values_list("recipient", flat=True)) == ["mo@example.org"]
        # Resuming needs a new VOG first.
        with pytest.raises(Refused):
            services.take_step(actor=coordinator, match_id=match.pk, step=MatchStep.RESUME)
        from digiketen.learning.selectors import buddies as selectors

        request = BuddyRequestFactory(organisation=organisation)
        assert match.volunteer_id not in {
            s.candidate.id for s in selectors.suggestions(request=request)
        }


def test_reminders_60_and_30_days_before_expiry_once_each(coordinator, organisation):
    volunteer = VolunteerFactory(
        organisation=organisation,
        vog_received_on=date(2023, 6, 1),
        email="vera@example.org",
    )
    assert volunteer.vog_valid_until == date(2026, 6, 1)
    sent = Message.objects.filter(kind="vog_reminder")
    for day in (date(2026, 3, 1), date(2026, 4, 1), date(2026, 4, 2), date(2026, 4, 20)):
        with time_machine.travel(day, tick=False):
            services.check_vogs()
    assert sent.count() == 2  # 60 days before: coordinator and volunteer
    for day in (date(2026, 5, 2), date(2026, 5, 3), date(2026, 5, 30)):
        with time_machine.travel(day, tick=False):
            services.check_vogs()
    assert sent.count() == 4
    assert set(sent.values_list("recipient", flat=True)) == {"mo@example.org", "vera@example.org"}


def test_finished_requests_lose_names_after_the_retention_period(
    coordinator, organisation, settings
):
    settings.BUDDY_RETENTION_MONTHS = 12
    with time_machine.travel(date(2025, 1, 10), tick=False):
        match = _match(coordinator, organisation)
        services.take_step(actor=coordinator, match_id=match.pk, step=MatchStep.END, reason="goal")
    with time_machine.travel(date(2025, 12, 10), tick=False):
        assert services.forget_finished() == 0
    with time_machine.travel(date(2026, 1, 11), tick=False):
        assert services.forget_finished() == 1
    match.request.refresh_from_db()
    assert match.request.name == "" and match.request.phone == ""
    assert match.request.status == RequestStatus.CLOSED


def test_figures_count_requests_waiting_matches_and_meetings(coordinator, organisation):
    from digiketen.learning.selectors import buddies as selectors

    with time_machine.travel(date(2026, 1, 5), tick=False):
        request = BuddyRequestFactory(organisation=organisation)
        volunteer = VolunteerFactory(organisation=organisation)
        match = services.propose_match(
            actor=coordinator, request_id=request.pk, volunteer_id=volunteer.pk
        )
    with time_machine.travel(date(2026, 1, 15), tick=False):
        services.take_step(actor=coordinator, match_id=match.pk, step=MatchStep.START)
        services.log_meeting(
            actor=coordinator,
            match_id=match.pk,
            data={"held_on": date(2026, 1, 15), "minutes": 90},
        )
    BuddyRequestFactory(organisation=OrganisationFactory())  # another organisation's
    numbers = selectors.figures(
        organisation_ids={organisation.pk}, start=date(2026, 1, 1), end=date(2026, 1, 31)
    )
    assert numbers["requests"] == 1
    assert numbers["matches_started"] == 1
    assert numbers["median_wait_days"] == 10
    assert numbers["active_matches"] == 1
    assert (numbers["meetings"], numbers["meeting_hours"]) == (1, 1.5)
    earlier = selectors.figures(
        organisation_ids={organisation.pk}, start=date(2025, 1, 1), end=date(2025, 1, 31)
    )
    assert earlier["requests"] == earlier["active_matches"] == 0
