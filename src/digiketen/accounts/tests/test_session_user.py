"""The signed-in user, their roles and their second factor come from one query per request
(accounts.selectors.signed_in_user, accounts.middleware.OTPMiddleware): a change to any of
them counts from the very next request, and the second factor is judged as django-otp does."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from digiketen.accounts.models import Membership
from digiketen.accounts.roles import Role
from digiketen.conftest import login_verified, make_staff

pytestmark = pytest.mark.django_db

# Pages with residents' or visitors' personal data, and a role that may open each.
RESIDENT_PAGES = [
    (Role.HELP_POINT_STAFF, "helpdesk:register"),
    (Role.HUB_STAFF, "applications:list"),
]


def _with_device_in_session(client, user, device):
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.mark.parametrize(("role", "url_name"), RESIDENT_PAGES)
def test_a_removed_membership_closes_the_page_on_the_next_request(client, role, url_name):
    user = make_staff(role)
    login_verified(client, user)
    assert client.get(reverse(url_name)).status_code == 200

    Membership.objects.filter(user=user).delete()

    assert client.get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize(("role", "url_name"), RESIDENT_PAGES)
def test_a_deactivated_user_is_signed_out_on_the_next_request(client, role, url_name):
    user = make_staff(role)
    login_verified(client, user)
    assert client.get(reverse(url_name)).status_code == 200

    user.is_active = False
    user.save()

    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("role", "url_name"), RESIDENT_PAGES)
def test_a_deleted_authenticator_asks_for_the_second_factor_again(client, role, url_name):
    user = make_staff(role)
    login_verified(client, user)
    assert client.get(reverse(url_name)).status_code == 200

    TOTPDevice.objects.filter(user=user).delete()

    response = client.get(reverse(url_name))
    assert response["Location"] == reverse("accounts:two-factor")
    assert "otp_device_id" not in client.session  # forgotten, as django-otp does


@pytest.mark.parametrize(("role", "url_name"), RESIDENT_PAGES)
def test_a_password_only_session_cannot_reach_resident_data(client, role, url_name):
    user = make_staff(role)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)

    response = client.get(reverse(url_name))

    assert response["Location"] == reverse("accounts:two-factor")


@pytest.mark.parametrize(("role", "url_name"), RESIDENT_PAGES)
def test_an_unconfirmed_or_someone_elses_authenticator_does_not_count(client, role, url_name):
    user = make_staff(role)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    unconfirmed = TOTPDevice.objects.create(user=user, name="new", confirmed=False)
    colleagues = TOTPDevice.objects.create(user=make_staff(role), name="theirs", confirmed=True)

    for device in (unconfirmed, colleagues):
        _with_device_in_session(client, user, device)
        response = client.get(reverse(url_name))
        assert response["Location"] == reverse("accounts:two-factor")
        assert "otp_device_id" not in client.session


def test_the_verified_user_knows_the_device_that_verified_them(client):
    user = make_staff(Role.HELP_POINT_STAFF)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _with_device_in_session(client, user, device)

    response = client.get(reverse("helpdesk:register"))

    assert response.status_code == 200
    assert response.wsgi_request.user.is_verified()
    assert response.wsgi_request.user.otp_device == device


def test_a_recovery_code_session_still_counts_as_the_second_factor(client):
    user = make_staff(Role.HELP_POINT_STAFF)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    recovery = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    _with_device_in_session(client, user, recovery)

    assert client.get(reverse("helpdesk:register")).status_code == 200

    recovery.delete()
    assert client.get(reverse("helpdesk:register"))["Location"] == reverse("accounts:two-factor")


def test_roles_in_a_deactivated_organisation_give_no_access(client):
    user = make_staff(Role.HELP_POINT_STAFF)
    login_verified(client, user)
    organisation = user.memberships.get().organisation
    organisation.is_active = False
    organisation.save()

    assert client.get(reverse("helpdesk:register")).status_code == 403
