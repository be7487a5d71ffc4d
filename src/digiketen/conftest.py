import os
from pathlib import Path

import django.test.client
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from digiketen.accounts.roles import Role
from digiketen.core.wsgi_handler import Request
from digiketen.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

PDOK_FIXTURES = Path(__file__).parent / "directory" / "tests" / "fixtures"

# The test client builds its requests as production does (digiketen.wsgi), not with
# Django's own WSGIRequest: the fuzz suite found a query that the latter turns into a 500.
django.test.client.WSGIRequest = Request

# Playwright runs its own event loop in the test thread; the ORM is used alongside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


if os.environ.get("DIGIKETEN_KEEP_TEST_DB") == "1":
    _migrated_copy = None

    @pytest.fixture(scope="session")
    def django_db_setup(django_test_environment, django_db_blocker):
        """For mutation runs (scripts/mutation.py) only. mutmut starts a pytest session per
        mutant in a fork of one process; migrating a new test database each time takes
        10+ seconds. The first session migrates the in-memory SQLite database and keeps a
        copy; every later session (and fork) starts from that copy, so a test that empties
        the tables cannot leave the next session without the data migrations' rows."""
        import sqlite3

        from django.db import connection
        from django.test.utils import setup_databases

        global _migrated_copy
        assert connection.vendor == "sqlite", "DIGIKETEN_KEEP_TEST_DB works with SQLite only"
        with django_db_blocker.unblock():
            if _migrated_copy is None:
                setup_databases(verbosity=0, interactive=False)
                connection.ensure_connection()
                _migrated_copy = sqlite3.connect(":memory:")
                connection.connection.backup(_migrated_copy)
            else:
                connection.ensure_connection()
                _migrated_copy.backup(connection.connection)

    def pytest_sessionstart(session):
        """A mutant's session runs in a fork of a process whose first session configured
        Django's logging: its handlers still write to that session's output capture, closed
        since. Each record logged then prints "--- Logging error ---" into the stderr a test
        reads (the collector's), which fails that test on every mutant: a false kill. Point
        them at this session's stderr, as in a first session."""
        import logging
        import sys

        for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
            for handler in getattr(logger, "handlers", []):
                if getattr(getattr(handler, "stream", None), "closed", False):
                    handler.stream = sys.stderr  # setStream would flush the closed one

    def pytest_collection_modifyitems(items):
        """Property tests in mutation runs: fewer examples, and no failure because input
        generation is slow on a busy machine; such a failure would count as a killed mutant."""
        from hypothesis import HealthCheck, settings

        for item in items:
            test = getattr(item, "obj", None)
            chosen = getattr(test, "_hypothesis_internal_use_settings", None)
            if chosen is not None:
                test._hypothesis_internal_use_settings = settings(
                    chosen,
                    max_examples=min(chosen.max_examples, 15),
                    suppress_health_check=list(HealthCheck),
                    deadline=None,
                )


@pytest.fixture(autouse=True, scope="session")
def values_fit_their_columns():
    from django.db.models.signals import pre_save

    from digiketen.tests.column_fit import check_fit

    pre_save.connect(check_fit, dispatch_uid="values_fit_their_columns")
    yield
    pre_save.disconnect(dispatch_uid="values_fit_their_columns")


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    """Like Django's mail.outbox: each test sees only its own text messages."""
    from digiketen.core import sms

    sms.outbox.clear()
    return sms.outbox


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts without cached pages; the versions they carry live in the test's own
    database, so this process's memory of them is dropped too."""
    from django.core.cache import cache

    from digiketen.core import content_cache

    cache.clear()
    content_cache.forget()


@pytest.fixture(autouse=True)
def dutch_by_default():
    """Requests to /en/ leave English active in the thread; each test starts in Dutch."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium; `playwright install` would try to download a browser.
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


def make_staff(role: Role, organisation=None, **user_fields):
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation or OrganisationFactory(), role=role)
    return user


def login_verified(client: Client, user) -> Client:
    """Log `user` in as if they passed the second factor (a confirmed authenticator)."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "t"})
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def staff_client(client, db):
    """Factory: a client logged in (with 2FA) as a new user with `role`."""

    def make(role: Role, organisation=None):
        user = make_staff(role, organisation)
        login_verified(client, user)
        return client, user

    return make


class RecordedPdok:
    """Answers like PDOK Locatieserver from recorded responses; counts the calls."""

    def __init__(self):
        self.calls = []
        self.down = False

    def __call__(self, url, timeout):
        self.calls.append(url)
        if self.down:
            raise OSError("network unreachable")
        name = "pdok_free_6211CN.json" if "q=6211" in url else "pdok_free_unknown.json"
        return _Response((PDOK_FIXTURES / name).read_bytes())


class _Response:
    def __init__(self, body: bytes):
        self.body = body

    def read(self, *args):
        return self.body

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture
def pdok(monkeypatch, settings):
    """PDOK switched on, answering from recorded responses."""
    settings.GEOCODER_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"
    from django.core.cache import cache

    cache.clear()
    recorded = RecordedPdok()
    monkeypatch.setattr("digiketen.directory.geo.urllib.request.urlopen", recorded)
    return recorded


@pytest.fixture
def demo_site(transactional_db):
    """The demo municipality, for browser tests that walk through it."""
    from digiketen.core import demo

    demo.seed()


def pdf_text(content: bytes) -> str:
    """The words of a PDF as pdftotext reads them, joined by single spaces."""
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        result = subprocess.run(["pdftotext", file.name, "-"], capture_output=True, text=True)
    return " ".join(result.stdout.split())
