"""The chain's entries to a course: a help point visit with outcome "b" and a laptop
handout with a course wish both sign up through request_place, and show it was done."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.applications.tests import conftest as handout
from digiketen.conftest import login_verified
from digiketen.helpdesk import codelists
from digiketen.helpdesk import services as helpdesk
from digiketen.helpdesk.models import Agency, Outcome, Theme
from digiketen.learning.models import Enrolment, EnrolmentSource, EnrolmentStatus
from digiketen.learning.tests.course_factories import RunFactory, add_sessions
from digiketen.tests.factories import LocationFactory

# The handout's fixtures: a hub with staff and an invited application.
hub, staff, ready_device, waiting, invited = (
    handout.hub,
    handout.staff,
    handout.ready_device,
    handout.waiting,
    handout.invited,
)


def _visit(helper, location, outcome):
    codelists.load(Theme, Agency, Outcome)
    return helpdesk.register_visit(
        actor=helper,
        data={
            "location": location,
            "channel": "walk_in",
            "question_type": "government",
            "started_at": timezone.now() - timedelta(minutes=20),
            "minutes": 15,
        },
        questions=[{"theme": Theme.objects.first(), "outcome": outcome}],
    )


def test_a_visit_referred_to_a_course_signs_the_visitor_up_and_shows_it(staff_client):
    run = RunFactory()
    add_sessions(run)
    client, helper = staff_client(Role.HELP_POINT_STAFF)
    location = LocationFactory(organisation=helper.memberships.get().organisation)
    contact = _visit(helper, location, "b")
    visit_page = client.get(contact.get_absolute_url())
    follow = reverse("learning:from-visit", args=[contact.pk])
    assert follow in visit_page.text
    form = {
        "once": "v" * 24,
        "programme": run.programme.pk,
        "name": "Wiel Hermans",
        "reach_by": "phone",
        "phone": "043 111 22 33",
    }
    refused = client.post(follow, form)  # no consent ticked: nothing passed on
    assert refused.status_code == 200
    assert "error-summary" in refused.text
    assert not Enrolment.objects.exists()
    client.post(follow, form | {"consent": "on"})
    client.post(follow, form | {"consent": "on"})  # sent twice: one request
    enrolment = Enrolment.objects.get()
    assert enrolment.source == EnrolmentSource.HELP_POINT
    assert enrolment.help_contact == contact
    assert enrolment.status == EnrolmentStatus.OFFERED  # no intake, a free seat: offered
    visit_page = client.get(contact.get_absolute_url())
    assert f"Aangemeld voor {run.programme.name}" in visit_page.text
    assert follow not in visit_page.text


def test_a_visit_with_another_outcome_offers_no_course(staff_client):
    client, helper = staff_client(Role.HELP_POINT_STAFF)
    location = LocationFactory(organisation=helper.memberships.get().organisation)
    contact = _visit(helper, location, "a")
    assert (
        reverse("learning:from-visit", args=[contact.pk])
        not in client.get(contact.get_absolute_url()).text
    )


def test_another_help_points_visit_is_404(staff_client):
    _own, helper = staff_client(Role.HELP_POINT_STAFF)
    contact = _visit(
        helper, LocationFactory(organisation=helper.memberships.get().organisation), "b"
    )
    other, _user = staff_client(Role.HELP_POINT_STAFF)
    assert other.get(reverse("learning:from-visit", args=[contact.pk])).status_code == 404


def test_a_laptop_handout_with_a_course_wish_signs_the_resident_up(client, hub, staff, invited):
    run = RunFactory()
    add_sessions(run)
    application = invited(first_name="Annie", last_name="Meijers", phone="0612345678")
    login_verified(client, staff)
    client.post(
        reverse("applications:handover", args=[application.pk]),
        {"signed_on": "paper", "method": "cash", "course_wanted": "on"},
    )
    done = reverse("applications:handover-done", args=[application.pk])
    follow = reverse("learning:from-handover", args=[application.handover.pk])
    assert follow in client.get(done).text
    form = client.get(follow)
    assert 'value="Annie Meijers"' in form.text  # typed once, at the application
    client.post(
        follow,
        {
            "once": "h" * 24,
            "programme": run.programme.pk,
            "name": "Annie Meijers",
            "reach_by": "sms",
            "phone": "0612345678",
            "consent": "on",
        },
    )
    enrolment = Enrolment.objects.get()
    assert enrolment.source == EnrolmentSource.HANDOUT
    assert enrolment.handover == application.handover
    page = client.get(done).text
    assert f"Aangemeld voor {run.programme.name}" in page
    assert follow not in page
