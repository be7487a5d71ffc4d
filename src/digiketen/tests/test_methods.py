"""Every view declares the HTTP methods it answers, and any other method gets 405 with an Allow
header (core.http.MethodMiddleware) before the CSRF check could answer 403, on every URL."""

import re

from django.test import Client
from django.urls import URLResolver, get_resolver

from digiketen.accounts.roles import Role
from digiketen.conftest import login_verified, make_staff
from digiketen.core.http import allowed_methods
from digiketen.tests.factories import UserFactory

SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x"}
SAMPLES["uuid"] = "00000000-0000-4000-8000-000000000000"
CONVERTER = re.compile(r"<(?:(\w+):)?\w+>")
UNDECLARED = ["PUT", "PATCH", "DELETE", "POST"]


def _patterns(patterns=None, prefix="/"):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, route)
        else:
            url = CONVERTER.sub(lambda m: SAMPLES[m.group(1) or "str"], route)
            yield url, pattern.callback


PATTERNS = list(_patterns())


def test_every_view_declares_its_methods():
    # A view without require_safe / require_http_methods (or a class-based view) would let
    # any method through to CSRF (403) or treat a DELETE like a GET.
    undeclared = [url for url, view in PATTERNS if allowed_methods(view) is None]
    assert undeclared == []


def test_an_undeclared_method_is_a_405_not_a_403_on_every_url(db):
    # enforce_csrf_checks: like a browser without the form's token, so CSRF would say 403.
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    wrong, tried = [], 0
    for url, view in PATTERNS:
        allowed = allowed_methods(view) or []
        for method in (m for m in UNDECLARED if m not in allowed):
            tried += 1
            response = client.generic(method, url)
            api = url.startswith("/api/")
            if (
                response.status_code != 405
                or sorted(response["Allow"].split(", ")) != sorted(allowed)
                or api != (response["Content-Type"] == "application/problem+json")
            ):
                wrong.append((method, url, response.status_code))
    assert wrong == []
    # No view of ours takes PUT, PATCH or DELETE: they all answer 405 everywhere.
    assert tried >= 3 * len(PATTERNS)  # every URL pattern, three or four methods each


def test_get_only_staff_pages_say_405_to_a_post_from_staff_too(db):
    client = Client(enforce_csrf_checks=True)
    login_verified(client, make_staff(Role.HUB_STAFF))
    response = client.post("/werkruimte/aanvragen/1/overeenkomst.pdf")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "Dit kan niet op deze pagina" in response.text


def test_declared_methods_still_reach_the_view(client, db):
    client.force_login(UserFactory())
    assert client.get("/").status_code == 200
    assert client.head("/").status_code == 200
    # A declared POST without the CSRF token still meets the CSRF check.
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/inloggen", {"username": "x"}).status_code == 403
