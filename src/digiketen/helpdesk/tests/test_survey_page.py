"""The public survey page: made once for every code (core.page_cache.render_shared), while
each visit still checks its own code and gets its own CSRF token."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from digiketen.core.models import SiteConfiguration
from digiketen.helpdesk.models import SurveyAnswer

pytestmark = pytest.mark.django_db
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANSWER = {"helped": "yes", "mark": "8", "would_return": "yes", "would_recommend": "yes"}


def _url(contact) -> str:
    return reverse("helpdesk:survey", args=[contact.survey.code])


def test_a_second_code_gets_the_same_page_with_a_token_of_its_own(visit):
    first, second = visit(), visit()
    pages = []
    for contact in (first, second):
        client = Client(enforce_csrf_checks=True)
        page = client.get(_url(contact))
        assert "Bent u geholpen?" in page.text
        token = CSRF.search(page.text).group(1)
        pages.append((page.text, token))
        answer = client.post(_url(contact), {**ANSWER, "csrfmiddlewaretoken": token})
        assert "Dank u wel" in answer.text
    assert pages[0][1] != pages[1][1]
    assert CSRF.sub("", pages[0][0]) == CSRF.sub("", pages[1][0])
    assert SurveyAnswer.objects.count() == 2


def test_a_used_code_is_refused_after_the_page_was_made(visit):
    contact = visit()
    assert Client().get(_url(contact)).status_code == 200
    assert "Dank u wel" in Client().post(_url(contact), ANSWER).text
    again = Client().get(_url(contact))
    assert again.status_code == 404
    assert "al ingevuld" in again.text
    unknown = Client().get(reverse("helpdesk:survey", args=["ZZZZZZZZ"]))
    assert unknown.status_code == 404


def test_the_page_comes_in_the_visitors_language(visit):
    contact = visit()
    assert "Bent u geholpen?" in Client().get(_url(contact)).text
    english = Client().get("/en" + _url(contact)).text
    assert "Bent u geholpen?" not in english
    assert 'lang="en"' in english


def test_a_new_site_name_shows_at_once(visit):
    contact = visit()
    Client().get(_url(contact))
    config = SiteConfiguration.load()
    config.municipality_name = "Gemeente Proef"
    config.save()
    assert "Gemeente Proef" in Client().get(_url(contact)).text


def test_a_visitor_with_a_message_waiting_sees_it(visit):
    contact = visit()
    Client().get(_url(contact))
    client = Client()
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.INFO, "Welkom terug")])
    assert "Welkom terug" in client.get(_url(contact)).text


def test_a_visit_with_a_code_costs_one_query(visit, django_assert_num_queries):
    first, second = visit(), visit()
    Client().get(_url(first))  # the page is made
    # The code and the visitor's misses read in one statement; a found code counts nowhere.
    with django_assert_num_queries(1):
        page = Client().get(_url(second))
    assert "Bent u geholpen?" in page.text


def test_a_resident_opens_their_survey_as_often_as_they_like(visit):
    contact = visit()
    answers = [Client(REMOTE_ADDR="192.0.2.1").get(_url(contact)).status_code for _n in range(40)]
    assert answers == [200] * 40


def test_one_address_tries_thirty_unknown_codes_per_quarter_hour(visit):
    contact = visit()
    for n in range(30):
        unknown = Client(REMOTE_ADDR="192.0.2.1").get(f"/tevredenheid/ZZZZZZ{n:02d}")
        assert unknown.status_code == 404
    # Guessing is slow: then not even a real code opens from there.
    refused = Client(REMOTE_ADDR="192.0.2.1").get(_url(contact))
    assert refused.status_code == 429
    assert "Even wachten" in refused.text
    assert Client(REMOTE_ADDR="192.0.2.2").get(_url(contact)).status_code == 200
