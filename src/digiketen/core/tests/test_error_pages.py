"""Every error answer is our own text: a page in the site's look, problem+json under /api/."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import get_resolver

from digiketen.core import error_views

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


def test_the_root_error_handlers_are_ours():
    resolver = get_resolver()
    assert resolver.resolve_error_handler(400) is error_views.bad_request
    assert resolver.resolve_error_handler(403) is error_views.permission_denied
    assert resolver.resolve_error_handler(404) is error_views.page_not_found
    assert resolver.resolve_error_handler(500) is error_views.server_error


def test_unknown_page_is_our_404_in_dutch_and_english(client, db):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.text
    assert "Direct naar de inhoud" in response.text
    response = client.get("/en/bestaat-niet")
    assert response.status_code == 404
    assert "Page not found" in response.text


@pytest.mark.parametrize("url", ["/api/v1/bestaat-niet", "/api/hsds/bestaat-niet", "/api/x"])
def test_unknown_api_address_is_problem_json(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) == PROBLEM_KEYS
    assert body["status"] == 404
    assert body["type"] == "urn:digiketen:problem:not_found"
    assert body["instance"] == url


def test_bad_host_is_our_400_page_not_a_500(client, db):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Dit adres klopt niet" in response.text


def test_403_page_and_problem(rf, db):
    response = error_views.permission_denied(rf.get("/werkruimte"), PermissionDenied())
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
    response = error_views.permission_denied(rf.get("/api/v1/x"), PermissionDenied())
    assert response["Content-Type"] == "application/problem+json"
    assert response.status_code == 403


def test_500_page_needs_no_database_and_api_gets_problem_json(rf):
    # No `db` fixture: the page must render when the database is what failed.
    response = error_views.server_error(rf.get("/laptop-aanvragen"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
    response = error_views.server_error(rf.get("/api/v1/devices/DK-1/captures"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"


def test_an_exception_in_a_view_gives_our_500(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("digiketen.core.views.public_places", broken)
    response = client.get("/")
    assert response.status_code == 500
    assert "Het ligt niet aan u" in response.text


def test_csrf_failure_page_and_problem(rf, db):
    response = error_views.csrf_failure(rf.post("/inloggen"))
    assert response.status_code == 403
    assert "Formulier verlopen" in response.content.decode()
    response = error_views.csrf_failure(rf.post("/api/v1/x"))
    assert response.status_code == 403
    assert json.loads(response.content)["type"] == "urn:digiketen:problem:csrf_failed"
