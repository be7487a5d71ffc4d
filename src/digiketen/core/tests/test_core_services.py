"""core's services: one-time form keys, the audit record, the rate limit, site settings."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import RequestFactory

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.core import audit, once, ratelimit, services
from digiketen.core.models import AuditEvent, OnceKey, SiteConfiguration, Throttle
from digiketen.organisations.models import Neighbourhood
from digiketen.tests.audit import assert_audited, assert_refused
from digiketen.tests.factories import LocationFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
KEY = "een-sleutel-van-het-formulier"


# -- once ------------------------------------------------------------------------------------


def test_a_simultaneous_second_submit_gets_the_first_result_and_keeps_nothing(monkeypatch):
    """Two submits of one form at the same moment: both find no earlier result, the other
    one commits its key first. Ours must roll its work back and go to their result."""
    real = once.earlier_result
    checks = []

    def other_submit_commits_after_our_check(key):
        found = real(key)
        if not checks:
            OnceKey.objects.create(key=key, result_url="/eerste/")
        checks.append(found)
        return found

    monkeypatch.setattr(once, "earlier_result", other_submit_commits_after_our_check)

    def our_work():
        Neighbourhood.objects.create(name="Dubbel ingediend")
        return "/tweede/"

    assert once.run(KEY, our_work) == "/eerste/"
    assert checks == [None, "/eerste/"]
    assert not Neighbourhood.objects.filter(name="Dubbel ingediend").exists()
    assert list(OnceKey.objects.values_list("key", "result_url")) == [(KEY, "/eerste/")]


def test_an_integrity_error_of_the_action_itself_is_not_swallowed():
    OrganisationFactory(name="Bestaat al")

    def duplicate_organisation():
        OrganisationFactory(name="Bestaat al")
        return "/nooit/"

    with pytest.raises(IntegrityError):
        once.run(KEY, duplicate_organisation)
    assert not OnceKey.objects.exists()


def test_old_keys_are_forgotten():
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC)):
        once.run("oude-sleutel-1234567", lambda: "/oud/")
    with time_machine.travel(datetime.datetime(2026, 5, 3, 12, tzinfo=datetime.UTC), tick=False):
        once.run("nieuwe-sleutel-12345", lambda: "/nieuw/")
    assert once.forget_old(before=datetime.datetime(2026, 5, 3, 12, tzinfo=datetime.UTC)) == 1
    assert list(OnceKey.objects.values_list("result_url", flat=True)) == ["/nieuw/"]


def test_the_first_result_is_stored_under_the_key():
    assert once.run(KEY, lambda: "/resultaat/1") == "/resultaat/1"
    assert once.earlier_result(KEY) == "/resultaat/1"
    assert once.earlier_result("een-andere-sleutel-123") is None


def test_a_posted_key_is_used_only_when_it_has_a_sensible_length():
    factory = RequestFactory()
    for length, kept in ((15, False), (16, True), (64, True), (65, False)):
        key = "k" * length
        assert (once.key_from(factory.post("/", {"once": key})) == key) is kept
    fresh = once.key_from(factory.post("/"))
    assert 16 <= len(fresh) <= 64 and fresh != once.new_key()


# -- audit -----------------------------------------------------------------------------------


def test_an_event_names_the_actor_the_object_and_its_organisation():
    user = UserFactory(username="olga")
    location = LocationFactory()
    location.name = "L" * 320  # longer than the label keeps (and than the column allows)
    event = audit.record("location.updated", actor=user, subject=location, after={"a": 1})
    event.refresh_from_db()
    assert (event.actor, event.actor_label) == (user, "olga")
    assert (event.object_type, event.object_id) == ("organisations.location", str(location.pk))
    assert event.object_label == str(location)[:300] and len(event.object_label) == 300
    assert event.organisation == location.organisation
    assert (event.before, event.after) == (None, {"a": 1})


def test_an_event_without_a_user_or_object_keeps_the_label():
    event = audit.record("auth.login_failed", actor=AnonymousUser(), actor_label="onbekend")
    assert (event.actor, event.actor_label) == (None, "onbekend")
    assert (event.object_type, event.object_id, event.object_label) == ("", "", "")
    assert event.organisation is None
    other = OrganisationFactory()
    given = audit.record("x.y", subject=LocationFactory(), organisation=other)
    assert given.organisation == other
    assert audit.record("x.z", subject=UserFactory()).organisation is None  # no organisation


def test_a_snapshot_is_json_safe_and_readable():
    location = LocationFactory(
        latitude=Decimal("50.85"), longitude=Decimal("5.69"), neighbourhood__name="Wyck"
    )
    location.refresh_from_db()
    from digiketen.organisations.models import AccessibilityFeature

    features = list(AccessibilityFeature.objects.order_by("-pk")[:2])
    location.accessibility_features.set(features)
    snapshot = audit.snapshot(
        location, ["name", "latitude", "neighbourhood", "accessibility_features", "is_active"]
    )
    assert snapshot == {
        "name": location.name,
        "latitude": "50.850000",
        "neighbourhood": "Wyck",
        "accessibility_features": sorted(str(f) for f in features),
        "is_active": True,
    }
    assert audit.snapshot(LocationFactory(neighbourhood=None), ["neighbourhood"]) == {
        "neighbourhood": None
    }


def test_snapshots_are_written_in_dutch_whatever_the_users_language():
    from django.utils import translation

    with translation.override("en"):
        assert translation.get_language() == "en"
        with audit.default_language():
            assert translation.get_language() == "nl"


# -- rate limit ------------------------------------------------------------------------------


WINDOW = datetime.timedelta(minutes=10)


def test_the_rate_limit_allows_the_limit_and_refuses_the_rest_until_the_window_passes():
    start = datetime.datetime(2026, 5, 4, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        assert [ratelimit.hit("login", "1.2.3.4", limit=3, window=WINDOW) for _ in range(4)] == [
            True,
            True,
            True,
            False,
        ]
        assert ratelimit.hit("login", "5.6.7.8", limit=3, window=WINDOW)  # someone else
        assert ratelimit.hit("survey", "1.2.3.4", limit=3, window=WINDOW)  # another scope
        clock.shift(WINDOW - datetime.timedelta(seconds=1))
        assert not ratelimit.hit("login", "1.2.3.4", limit=3, window=WINDOW)
        clock.shift(datetime.timedelta(seconds=1))
        assert ratelimit.hit("login", "1.2.3.4", limit=3, window=WINDOW)  # a new window
    throttle = Throttle.objects.get(key=login_key("1.2.3.4"))
    assert (throttle.hits, throttle.window_start) == (1, start + WINDOW)


def login_key(address: str) -> str:
    import hashlib

    return "login:" + hashlib.sha256(address.encode()).hexdigest()


def test_old_throttles_are_forgotten():
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC)):
        ratelimit.hit("login", "a", limit=1, window=WINDOW)
    with time_machine.travel(datetime.datetime(2026, 5, 3, 12, tzinfo=datetime.UTC)):
        ratelimit.hit("login", "b", limit=1, window=WINDOW)
    cutoff = datetime.datetime(2026, 5, 3, 12, tzinfo=datetime.UTC)
    assert ratelimit.forget_old(before=cutoff) == 1
    assert Throttle.objects.count() == 1


@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::"),
    ],
)
def test_a_visitor_is_counted_per_address_and_ipv6_per_network(address, counted_as):
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    assert ratelimit.client_address(request) == counted_as


# -- site configuration ----------------------------------------------------------------------


def test_the_site_configuration_is_changed_with_before_and_after():
    admin = make_staff(Role.SYSTEM_ADMIN)
    config = services.update_site_configuration(
        actor=admin,
        data={"site_name": "Digitaal Maastricht", "unknown_field": "ignored"},
        logo=(b"<svg/>", "image/svg+xml"),
    )
    config.refresh_from_db()
    assert config.site_name == "Digitaal Maastricht"
    assert bytes(config.logo) == b"<svg/>" and config.logo_content_type == "image/svg+xml"
    assert config.municipality_name == "Gemeente"  # not in the data: unchanged
    assert_audited(
        "site.configured",
        actor=admin,
        subject=config,
        before={"site_name": "Digitaal Meedoen", "logo": False},
        after={"site_name": "Digitaal Maastricht", "logo": True, "municipality_name": "Gemeente"},
    )
    removed = services.update_site_configuration(actor=admin, data={}, remove_logo=True)
    assert removed.logo is None and removed.logo_content_type == ""
    assert_audited("site.configured", subject=config, count=2, after={"logo": False})


def test_an_unreadable_colour_saves_nothing():
    admin = make_staff(Role.SYSTEM_ADMIN)
    with pytest.raises(ValidationError):
        services.update_site_configuration(actor=admin, data={"primary_colour": "#ffff00"})
    assert SiteConfiguration.load().primary_colour == "#24578f"
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("role", [Role.ORGANISATION_ADMIN, Role.COORDINATOR])
def test_only_a_system_administrator_configures_the_site(role):
    assert_refused(
        services.update_site_configuration, actor=make_staff(role), data={"site_name": "X"}
    )
    assert SiteConfiguration.load().site_name == "Digitaal Meedoen"
