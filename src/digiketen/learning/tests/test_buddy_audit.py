"""Every buddy service refuses a coordinator of another organisation (and a colleague without
the buddy grant) without changing a row, and every change or read leaves its audit event."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.conftest import login_verified, make_staff
from digiketen.learning.models import BuddyRequest, Match, MatchStep, Volunteer
from digiketen.learning.services import buddies as services
from digiketen.learning.tests.buddy_factories import BuddyRequestFactory, VolunteerFactory
from digiketen.organisations.models import Organisation
from digiketen.tests.audit import assert_audited, assert_refused
from digiketen.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Trajekt")


@pytest.fixture
def coordinator(organisation):
    return make_staff(Role.BUDDY_COORDINATOR, organisation)


@pytest.fixture
def outsiders(organisation):
    """A buddy coordinator elsewhere, and a help point colleague at the same organisation."""
    return [
        make_staff(Role.BUDDY_COORDINATOR, OrganisationFactory()),
        make_staff(Role.HELP_POINT_STAFF, organisation),
    ]


def _proposed(coordinator, organisation) -> Match:
    volunteer = VolunteerFactory(organisation=organisation)
    request = BuddyRequestFactory(organisation=organisation)
    return services.propose_match(
        actor=coordinator, request_id=request.pk, volunteer_id=volunteer.pk
    )


def test_policy_of_another_organisation_is_refused_and_a_change_is_audited(
    coordinator, organisation, outsiders
):
    for outsider in outsiders:
        assert_refused(
            services.save_policy,
            raises=Organisation.DoesNotExist,
            actor=outsider,
            organisation=organisation,
            vog_validity_years=1,
            review_months=3,
        )
    services.save_policy(
        actor=coordinator, organisation=organisation, vog_validity_years=2, review_months=6
    )
    assert_audited(
        "learning.buddy_policy_changed",
        actor=coordinator,
        before=None,
        after={"vog_validity_years": 2, "review_months": 6},
    )


def test_volunteer_is_created_and_changed_only_by_its_own_coordinator(
    coordinator, organisation, outsiders
):
    data = {
        "organisation": organisation,
        "name": "Vera Janssen",
        "languages": ["nl"],
        "postcode": "6211",
        "availability": ["mon_am"],
        "topics": [],
    }
    for outsider in outsiders:
        assert_refused(
            services.save_volunteer, raises=Volunteer.DoesNotExist, actor=outsider, data=data
        )
    volunteer = services.save_volunteer(actor=coordinator, data=data)
    assert_audited(
        "learning.volunteer_created",
        actor=coordinator,
        subject=volunteer,
        after={"name": "Vera Janssen", "postcode": "6211"},
    )
    for outsider in outsiders:
        assert_refused(
            services.save_volunteer,
            raises=Volunteer.DoesNotExist,
            actor=outsider,
            volunteer_id=volunteer.pk,
            data={"postcode": "6221"},
        )
    services.save_volunteer(actor=coordinator, volunteer_id=volunteer.pk, data={"postcode": "6221"})
    assert_audited(
        "learning.volunteer_updated",
        subject=volunteer,
        before={"postcode": "6211"},
        after={"postcode": "6221"},
    )


def test_vog_is_recorded_only_by_its_own_coordinator(coordinator, organisation, outsiders):
    volunteer = VolunteerFactory(organisation=organisation, without_vog=True)
    for outsider in outsiders:
        assert_refused(
            services.record_vog,
            raises=Volunteer.DoesNotExist,
            actor=outsider,
            volunteer_id=volunteer.pk,
            requested_on=date(2026, 1, 5),
            received_on=None,
        )
    services.record_vog(
        actor=coordinator,
        volunteer_id=volunteer.pk,
        requested_on=date(2026, 1, 5),
        received_on=None,
    )
    assert_audited(
        "learning.vog_recorded",
        actor=coordinator,
        subject=volunteer,
        before={"vog_requested_on": None},
        after={"vog_requested_on": "2026-01-05", "vog_valid_until": None},
    )


def test_request_by_staff_needs_the_buddy_grant_of_its_organisation(
    coordinator, organisation, outsiders
):
    data = {
        "organisation": organisation,
        "name": "Mevrouw Smeets",
        "wish": "Leren videobellen",
        "language": "nl",
        "postcode": "6211",
        "topics": [],
    }
    for outsider in outsiders:
        assert_refused(
            services.create_request, raises=BuddyRequest.DoesNotExist, actor=outsider, data=data
        )
    request = services.create_request(actor=coordinator, data=data)
    assert_audited(
        "learning.request_created",
        actor=coordinator,
        subject=request,
        after={"source": "staff", "organisation": "Trajekt"},
    )


def test_proposing_is_refused_outside_the_organisation(coordinator, organisation, outsiders):
    volunteer = VolunteerFactory(organisation=organisation)
    request = BuddyRequestFactory(organisation=organisation)
    for outsider in outsiders:
        assert_refused(
            services.propose_match,
            raises=BuddyRequest.DoesNotExist,
            actor=outsider,
            request_id=request.pk,
            volunteer_id=volunteer.pk,
        )
    match = services.propose_match(
        actor=coordinator, request_id=request.pk, volunteer_id=volunteer.pk
    )
    assert_audited(
        "learning.match_proposed", actor=coordinator, subject=match, after={"status": "proposed"}
    )


def test_every_step_is_refused_outside_the_organisation_and_audited(
    coordinator, organisation, outsiders
):
    match = _proposed(coordinator, organisation)
    for outsider in outsiders:
        assert_refused(
            services.take_step,
            raises=Match.DoesNotExist,
            actor=outsider,
            match_id=match.pk,
            step=MatchStep.START,
        )
    services.take_step(actor=coordinator, match_id=match.pk, step=MatchStep.START)
    assert_audited("learning.match_started", actor=coordinator, subject=match)
    services.take_step(actor=coordinator, match_id=match.pk, step=MatchStep.HOLD)
    assert_audited("learning.match_on_hold", actor=coordinator, subject=match)
    services.take_step(actor=coordinator, match_id=match.pk, step=MatchStep.RESUME)
    assert_audited("learning.match_resumed", actor=coordinator, subject=match)
    services.take_step(actor=coordinator, match_id=match.pk, step=MatchStep.END, reason="goal")
    assert_audited(
        "learning.match_ended", actor=coordinator, subject=match, after={"reason": "goal"}
    )
    declined = _proposed(coordinator, organisation)
    services.take_step(
        actor=coordinator, match_id=declined.pk, step=MatchStep.VOLUNTEER_DECLINES, reason="time"
    )
    assert_audited(
        "learning.match_declined", subject=declined, after={"reason": "time", "status": "declined"}
    )


def test_meeting_is_logged_only_by_its_own_coordinator(coordinator, organisation, outsiders):
    match = _proposed(coordinator, organisation)
    services.take_step(actor=coordinator, match_id=match.pk, step=MatchStep.START)
    data = {"held_on": timezone.localdate(), "minutes": 45, "note": "E-mail"}
    for outsider in outsiders:
        assert_refused(
            services.log_meeting,
            raises=Match.DoesNotExist,
            actor=outsider,
            match_id=match.pk,
            data=data,
        )
    services.log_meeting(actor=coordinator, match_id=match.pk, data=data)
    assert_audited(
        "learning.meeting_logged", actor=coordinator, subject=match, after={"minutes": 45}
    )


def test_expired_vog_is_audited_as_the_system(coordinator, organisation):
    with time_machine.travel(date(2026, 1, 10), tick=False):
        volunteer = VolunteerFactory(organisation=organisation, vog_received_on=date(2023, 3, 1))
    with time_machine.travel(date(2026, 3, 2), tick=False):
        services.check_vogs()
        services.check_vogs()
    assert_audited(
        "learning.vog_expired",
        actor=None,
        actor_label="systeem",
        subject=volunteer,
        after={"on_hold": 0},
    )


def test_reading_lists_and_records_is_audited(client, coordinator, organisation):
    volunteer = VolunteerFactory(organisation=organisation, name="Vera Janssen")
    match = _proposed(coordinator, organisation)
    login_verified(client, coordinator)
    page = client.get(reverse("learning:volunteer-list"))
    assert "Vera Janssen" in page.text
    event = assert_audited("learning.volunteer_listed", actor=coordinator)
    assert "Vera Janssen" in event.after["shown"]
    page = client.get(reverse("learning:request-list"))
    assert match.request.name in page.text
    assert_audited("learning.request_listed", actor=coordinator, organisation=organisation)
    client.get(volunteer.get_absolute_url())
    assert_audited("learning.volunteer_viewed", actor=coordinator, subject=volunteer)
    client.get(reverse("learning:request-detail", args=[match.request.pk]))
    assert_audited("learning.request_viewed", actor=coordinator, subject=match.request)
    client.get(match.get_absolute_url())
    assert_audited("learning.match_viewed", actor=coordinator, subject=match)


def test_figures_download_as_csv_and_excel_counts_only_the_own_organisation(
    client, coordinator, organisation
):
    import csv
    from io import BytesIO

    from openpyxl import load_workbook

    with time_machine.travel(date(2026, 2, 3), tick=False):
        BuddyRequestFactory(organisation=organisation)
        BuddyRequestFactory(organisation=organisation)
        BuddyRequestFactory(organisation=OrganisationFactory(name="Elders"))
    with time_machine.travel(date(2025, 2, 3), tick=False):
        BuddyRequestFactory(organisation=organisation)
    login_verified(client, coordinator)
    query = "?start=2026-01-01&end=2026-03-31"
    page = client.get(reverse("learning:buddy-figures") + query)
    link = reverse("learning:buddy-figures-export", args=["csv"]) + query.replace("&", "&amp;")
    assert link in page.text  # the download keeps the period chosen
    response = client.get(reverse("learning:buddy-figures-export", args=["csv"]) + query)
    assert response["Content-Disposition"] == (
        'attachment; filename="maatjes-2026-01-01-2026-03-31.csv"'
    )
    rows = list(csv.reader(response.content.decode().splitlines(), delimiter=";"))
    assert rows[0] == ["Wat", "Deze periode", "Een jaar eerder"]
    assert ["Nieuwe aanvragen", "2", "1"] in rows
    response = client.get(reverse("learning:buddy-figures-export", args=["xlsx"]) + query)
    sheet = load_workbook(BytesIO(response.content)).active
    values = [[cell.value for cell in row][:3] for row in sheet.iter_rows()]
    assert values[0][:2] == ["Maatjes", "Trajekt"]  # whose figures they are
    assert ["Nieuwe aanvragen", 2, 1] in values
    assert client.get(reverse("learning:buddy-figures-export", args=["pdf"])).status_code == 404
