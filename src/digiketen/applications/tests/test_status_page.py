"""The status lookup's answer page: made once per language and form shape
(core.page_cache.render_shared_form), filled in with each lookup's own values and errors,
which must read exactly as a page made for that lookup alone; and its cost in queries."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from digiketen.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
STATUS = reverse("applications:status")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
NASTY = {"reference": "<b>&\"x'</b>", "postcode": "<&'\">"}


def _page(form: dict, *, shared: bool, path: str = STATUS) -> str:
    """The answer to `form`: from the shared page, or made for this visitor alone (a
    visitor with a session gets the page made for them)."""
    client = Client()
    if not shared:
        client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    return CSRF.sub("", client.post(path, form).text)


@pytest.mark.parametrize(
    "form",
    [
        {"reference": "AV-ABC123", "postcode": "6211 CN"},  # valid, not found
        NASTY,  # both fields refused
        {"reference": "", "postcode": " 6211cn "},  # one empty
        {"reference": "AV-<&>", "postcode": "6211CN"},
    ],
)
@pytest.mark.parametrize("path", [STATUS, "/en" + STATUS])
def test_a_filled_in_page_reads_as_one_made_for_the_lookup(form, path):
    _page({"reference": "AV-ZZZ999", "postcode": "1234AB"}, shared=True, path=path)  # made
    _page({"reference": "", "postcode": ""}, shared=True, path=path)
    assert _page(form, shared=True, path=path) == _page(form, shared=False, path=path)


def test_entered_values_are_escaped_and_no_marker_is_left():
    _page(NASTY, shared=True)
    page = _page(NASTY, shared=True)
    assert 'value="&lt;b&gt;&amp;&quot;x&#x27;&lt;/b&gt;"' in page
    assert 'value="&lt;&amp;&#x27;&quot;&gt;"' in page
    assert "<b>&" not in page and "\x00" not in page


def test_the_error_shows_once_with_help_for_a_lost_code_in_each_language():
    """Issue 12, point 5: once (in the summary above the form), not twice."""
    form = {"reference": "AV-ABC123", "postcode": "6211 CN"}
    for _n in range(2):  # made, then from the cache
        dutch, english = _page(form, shared=True), _page(form, shared=True, path="/en" + STATUS)
        assert dutch.count("Wij vinden geen aanvraag met deze code en postcode.") == 1
        assert english.count("We cannot find an application with this code and postcode.") == 1
        assert 'value="AV-ABC123"' in dutch and 'value="6211 CN"' in english
        assert "Code kwijt?" in dutch and "Lost your code?" in english


def test_a_lookup_that_finds_nothing_costs_two_queries(django_assert_num_queries):
    ApplicationFactory(postcode="6211CN")
    client = Client()
    client.post(STATUS, {"reference": "AV-ABC123", "postcode": "6211 CN"})
    # Counted, limits read and matched in one; the failure counted in a second.
    with django_assert_num_queries(2):
        answer = client.post(STATUS, {"reference": "AV-DEF456", "postcode": "6211 CN"})
    assert "Wij vinden geen aanvraag" in answer.text
