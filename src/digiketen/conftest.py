import os

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from digiketen.accounts.roles import Role
from digiketen.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

# Playwright runs its own event loop in the test thread; the ORM is used alongside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


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
