"""Headers on every response (core.http.ResponseHeadersMiddleware)."""

import pytest
from django.urls import reverse

from digiketen.accounts.roles import Role


@pytest.mark.parametrize(
    "url", ["/", "/hulp-zoeken", "/api/hsds/services", "/bestaat-niet", "/status/AB%00"]
)
def test_every_response_switches_off_powerful_browser_features(client, db, url):
    policy = client.get(url)["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_public_pages_keep_their_caching_for_visitors_without_a_session(client, db):
    response = client.get("/")
    assert "no-store" not in response.get("Cache-Control", "")
    # The theme stylesheet is the same for everyone, also for a logged-in member of staff.
    assert "max-age=31536000" in client.get(reverse("theme-css"))["Cache-Control"]


def test_every_page_for_staff_stays_out_of_every_cache(staff_client):
    client, _ = staff_client(Role.HUB_STAFF)
    for url in ("/", reverse("core:workspace"), "/bestaat-niet"):
        response = client.get(url)
        assert response["Cache-Control"] == "private, no-store", url
        assert not response.has_header("Expires")
    assert "public" in client.get(reverse("theme-css"))["Cache-Control"]


def test_a_residents_session_keeps_their_pages_out_of_caches(client, db):
    session = client.session
    session["status_codes"] = ["AB12CD"]  # what a resident's session holds: personal
    session.save()
    assert client.get(reverse("applications:status"))["Cache-Control"] == "private, no-store"
