"""Public pages from the cache: the same page for every visitor without a session, fresh
per-visitor tokens, and every edit shown at once."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.conftest import login_verified, make_staff
from digiketen.core.models import SiteConfiguration
from digiketen.directory.models import ServiceType
from digiketen.tests.factories import LocationFactory, ServiceAtLocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db
HOME = reverse("core:home")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ONCE = re.compile(r'name="once" value="([^"]+)"')


@pytest.fixture
def place():
    return ServiceAtLocationFactory(
        service=ServiceFactory(type=ServiceType.HELP_POINT, name="Hulp bij DigiD"),
        location=LocationFactory(name="Bibliotheek Oost"),
    )


def test_a_second_visitor_gets_the_page_without_a_query(place, django_assert_num_queries):
    first = Client().get(reverse("directory:public-results", args=["digid"]))
    assert "Bibliotheek Oost" in first.text
    with django_assert_num_queries(0):
        second = Client().get(reverse("directory:public-results", args=["digid"]))
    assert second.content == first.content


def test_an_edit_shows_at_once(place):
    url = reverse("directory:public-location", args=[place.location.uuid])
    assert "Bibliotheek Oost" in Client().get(url).text
    place.location.name = "Bibliotheek West"
    place.location.save()
    page = Client().get(url).text
    assert "Bibliotheek West" in page
    assert "Bibliotheek Oost" not in page


def test_a_new_site_name_shows_on_every_page_at_once(place):
    assert "Gemeente Proef" not in Client().get(HOME).text
    config = SiteConfiguration.load()
    config.municipality_name = "Gemeente Proef"
    config.save()
    assert "Gemeente Proef" in Client().get(HOME).text


def test_each_visitor_gets_their_own_csrf_token_that_works():
    url = reverse("applications:status")
    tokens = []
    for _visitor in range(2):
        client = Client(enforce_csrf_checks=True)
        page = client.get(url)
        token = CSRF.search(page.text).group(1)
        tokens.append(token)
        # The token in the cached page belongs to this visitor's cookie: the form can be sent.
        answer = client.post(
            url, {"csrfmiddlewaretoken": token, "reference": "AV-X", "postcode": ""}
        )
        assert answer.status_code == 200
    assert tokens[0] != tokens[1]


def test_each_visitor_gets_their_own_one_time_key():
    # The key belongs to the visitor's application in progress (made with the first answer,
    # kept in their session), so a cached first page carries none to share.
    url = reverse("applications:apply")
    assert ONCE.search(Client().get(url).text) is None
    keys = set()
    for _visitor in range(3):
        visitor = Client()
        visitor.post(url, {"wants": "device", "purposes": ["school"]})
        keys.add(visitor.session["application_draft"]["once"])
    assert len(keys) == 3


def test_a_logged_in_member_of_staff_gets_their_own_page(client):
    Client().get(HOME)  # cached for visitors without a session
    login_verified(client, make_staff(Role.HUB_STAFF))
    page = client.get(HOME).text
    assert "Uitloggen" in page
    assert "Inloggen voor medewerkers" not in page


def test_a_visitor_with_a_message_waiting_sees_it(client):
    Client().get(HOME)
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Dank u wel")])
    assert "Dank u wel" in client.get(HOME).text


def test_pages_with_a_session_are_not_compressed(client):
    visitor = Client().get(HOME, headers={"accept-encoding": "gzip"})
    assert visitor["Content-Encoding"] == "gzip"
    login_verified(client, make_staff(Role.HUB_STAFF))
    staff = client.get(HOME, headers={"accept-encoding": "gzip"})
    assert not staff.has_header("Content-Encoding")
