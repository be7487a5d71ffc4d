"""'Niet gekomen' goes back to where staff came from, but never to another site."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.conftest import login_verified
from digiketen.tests.factories import ApplicationFactory, HubFactory, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def missed(client):
    application = ApplicationFactory(hub=HubFactory(), scheduled=True)
    with time_machine.travel(application.slot.starts_at + datetime.timedelta(hours=1)):
        login_verified(client, staff_of(application.organisation, Role.HUB_STAFF))
        yield application


@pytest.mark.parametrize(
    "next_url",
    ["https://elders.example/", "//elders.example/pad", "http://testserver.elders.example/"],
)
def test_a_foreign_next_address_is_replaced_by_the_application(client, missed, next_url):
    url = reverse("applications:no-show", args=[missed.pk])
    form = client.get(url, {"next": next_url})
    assert next_url not in form.text
    assert f'value="{missed.get_absolute_url()}"' in form.text
    response = client.post(url, {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == missed.get_absolute_url()
    missed.refresh_from_db()
    assert missed.no_shows == 1


def test_an_own_next_address_is_followed(client, missed):
    day_list = reverse("applications:list")
    response = client.post(reverse("applications:no-show", args=[missed.pk]), {"next": day_list})
    assert response["Location"] == day_list
