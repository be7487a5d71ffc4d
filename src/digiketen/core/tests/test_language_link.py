"""The link in the header to the same page in the other language keeps the page and its
question (the finder's filters, a postcode), also with characters outside ASCII."""

import html
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def language_link(page: str) -> str:
    return html.unescape(re.search(r'<a class="dk-header__link" href="([^"]*)" lang=', page)[1])


def test_the_other_language_link_keeps_the_page_and_its_question(client):
    # As a browser sends it: the é percent-encoded.
    dutch = client.get(reverse("core:privacy") + "?wijk=C%C3%A9ramique&hulp=digid").text
    english = client.get(language_link(dutch)).text
    assert language_link(dutch) == "/en/privacy?wijk=C%C3%A9ramique&hulp=digid"
    assert language_link(english) == "/privacy?wijk=C%C3%A9ramique&hulp=digid"
