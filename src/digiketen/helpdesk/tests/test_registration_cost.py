"""What a registration at the desk costs the server, in queries: the help point registers
visitors one after another, so every query here is paid for each visit (bench/README.md)."""

import secrets

import pytest
from django.http import HttpResponse
from django.urls import path, reverse

from digiketen import permissions
from digiketen.conftest import login_verified
from digiketen.helpdesk.models import HelpContact
from digiketen.permissions import Perm
from digiketen.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db


@permissions.require_perm(Perm.REGISTER_HELP)
def bare_staff_view(request):
    """What every staff page pays before its own work, as bench/bench_urls.py's staff-ok."""
    return HttpResponse("ok")


urlpatterns = [path("kaal", bare_staff_view, name="bare-staff"), *site_urlpatterns]


def _visit(library, theme, agency) -> dict:
    return {
        "once": secrets.token_urlsafe(24),
        "location": library.pk,
        "channel": "walk_in",
        "question_type": "government",
        "minutes": "10",
        "vraag-TOTAL_FORMS": "3",
        "vraag-INITIAL_FORMS": "0",
        "vraag-0-theme": theme("DigiD activeren").pk,
        "vraag-0-agencies": [agency("Belastingdienst/Toeslagen").pk, agency("DUO").pk],
        "vraag-0-outcome": "a",
        "vraag-1-theme": theme("Huurtoeslag").pk,
        "vraag-1-outcome": "e",
    }


def test_a_registration_costs_a_fixed_handful_of_queries(
    client, library, helper, theme, agency, django_assert_num_queries
):
    login_verified(client, helper)
    client.post(reverse("helpdesk:register"), _visit(library, theme, agency))  # warms up
    visit = _visit(library, theme, agency)

    # The session; the user with roles and authenticator; the form's key; the location; then
    # in one transaction (a savepoint inside the test's) the visit, its two questions, their
    # agencies, the survey code (in a savepoint of its own) and the form's key.
    with django_assert_num_queries(13):
        response = client.post(reverse("helpdesk:register"), visit)

    contact = HelpContact.objects.latest("pk")
    assert response["Location"] == contact.get_absolute_url()
    questions = contact.questions.order_by("pk")
    assert [q.theme.name for q in questions] == ["DigiD activeren", "Huurtoeslag"]
    assert [sorted(a.name for a in q.agencies.all()) for q in questions] == [
        ["Belastingdienst/Toeslagen", "DUO"],
        [],
    ]


@pytest.mark.urls(__name__)
def test_a_staff_page_pays_two_queries_for_the_session_user_and_second_factor(
    client, helper, django_assert_num_queries
):
    login_verified(client, helper)
    client.get(reverse("bare-staff"))  # warms up

    # The session; the user with their roles and confirmed authenticators.
    with django_assert_num_queries(2):
        assert client.get(reverse("bare-staff")).status_code == 200


def test_a_renamed_theme_shows_in_the_next_form(client, helper, theme):
    login_verified(client, helper)
    client.get(reverse("helpdesk:register"))
    renamed = theme("Boetes")
    renamed.name = "Boetes en aanmaningen"
    renamed.save()

    assert "Boetes en aanmaningen" in client.get(reverse("helpdesk:register")).content.decode()
