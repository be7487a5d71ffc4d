import pytest
from django.urls import reverse

from digiketen.core import demo
from digiketen.core.models import AuditEvent
from digiketen.learning.models import Match, MatchStatus, Volunteer

pytestmark = pytest.mark.django_db


def test_demo_has_volunteers_one_with_an_expired_vog_and_a_match_with_meetings():
    demo.seed()
    volunteers = Volunteer.objects.filter(organisation__name="Trajekt")
    assert volunteers.count() == 3
    assert volunteers.filter(vog_expiry_told_on__isnull=False).count() == 1
    match = Match.objects.get(status=MatchStatus.ACTIVE)
    assert match.meetings.count() == 3


def test_coordinator_sees_suggestions_with_reasons_and_reading_is_audited(client):
    from digiketen.conftest import login_verified

    demo.seed()
    from digiketen.accounts.models import User

    login_verified(client, User.objects.get(username="maatjes"))
    request = Match.objects.get().request.organisation.buddy_requests.get(name="Meneer Haddou")
    page = client.get(reverse("learning:request-detail", args=[request.pk]))
    assert "Youssef El Amrani" in page.text
    assert "Spreekt Arabisch" in page.text
    assert "Piet Custers" not in page.text  # expired VOG: never suggested
    assert AuditEvent.objects.filter(action="learning.request_viewed").count() == 1
    response = client.post(
        reverse("learning:match-propose", args=[request.pk]),
        {"volunteer": Volunteer.objects.get(name="Youssef El Amrani").pk},
    )
    match = Match.objects.get(request=request)
    assert response["Location"] == match.get_absolute_url()
    page = client.get(match.get_absolute_url())
    assert "Voorgesteld" in page.text and "Inwoner wil niet" in page.text
