"""Every URL pattern, opened without logging in: path converters filled with real, valid and
hostile values (NUL, control characters, 100 kB), hostile query strings, now and then another
method. Never a 5xx. Staff pages must only send the visitor to the login page."""

import pytest
from django.test import Client
from hypothesis import strategies as st

from digiketen.tests.fuzz import hostile
from digiketen.tests.fuzz import urls as fuzz_urls
from digiketen.tests.fuzz.conftest import fresh_example, fuzz_each, send

pytestmark = pytest.mark.fuzz

ROUTES = fuzz_urls.routes()
PUBLIC = [r for r in ROUTES if r.public]
STAFF = [r for r in ROUTES if not r.public]
METHODS = st.sampled_from(["GET"] * 6 + ["HEAD", "OPTIONS", "PUT", "DELETE", "TRACE", "BREW"])


def test_the_walk_sees_the_public_pages():
    names = {r.name for r in PUBLIC}
    assert {"core:home", "directory:public-results", "applications:apply-step"} <= names
    assert {"donations:donate", "helpdesk:survey", "certificates:verify"} <= names
    assert "inventory:device-list" in {r.name for r in STAFF}


def test_every_public_page_never_fails(world):
    def example(route, data):
        url = data.draw(fuzz_urls.urls(route, world.known), label="url")
        query = data.draw(hostile.hostile_query(), label="query")
        method = data.draw(METHODS, label="method")
        with fresh_example():
            send(Client(), method, url, query=query)

    fuzz_each(PUBLIC, example)


def test_staff_pages_without_login_never_fail(world):
    """A visitor on a staff page, however its path is mangled, is sent to the login page
    (with the mangled path as `next`) or gets a 4xx."""

    def example(route, data):
        url = data.draw(fuzz_urls.urls(route, world.known), label="url")
        query = data.draw(hostile.hostile_query(), label="query")
        with fresh_example():
            response = send(Client(), "GET", url, query=query)
        assert response.status_code in (301, 302, 400, 404, 405), (response.status_code, url)

    # The staff pages share their code paths (login_required, the 2FA middleware): a few
    # examples each are enough.
    fuzz_each(STAFF, example, share=4)
