"""The second factor follows from the permission table: every role granted a permission that
reaches personal data needs it, also a role that gains one tomorrow."""

import pytest
from django.urls import reverse

from digiketen import permissions
from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.permissions import GRANTS, PERSONAL_DATA, Scope

PASSWORD = "een-lang-wachtwoord-123"  # UserFactory's


def _log_in_with_password(client, user):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})


@pytest.mark.parametrize("role", sorted(Role), ids=str)
def test_every_role_with_a_personal_data_permission_needs_the_second_factor(client, db, role):
    user = make_staff(role)
    response = _log_in_with_password(client, user)
    if PERSONAL_DATA.isdisjoint(GRANTS[role]) and role not in permissions.GLOBAL_ROLES:
        assert not user.requires_two_factor
        assert response["Location"] != reverse("accounts:two-factor")
    else:
        assert user.requires_two_factor
        assert response["Location"] == reverse("accounts:two-factor")


# Written out by hand from the issue: these roles open donors', residents', visitors' or
# trainees' records, or hand out access to them.
MUST_USE_TWO_FACTOR = {
    Role.HUB_STAFF,
    Role.TECHNICIAN_SUPERVISOR,
    Role.HELP_POINT_STAFF,
    Role.ORGANISATION_ADMIN,
    Role.SYSTEM_ADMIN,
    Role.COORDINATOR,
}


def test_the_roles_that_see_personal_data_today_all_need_it():
    assert permissions.two_factor_roles() >= MUST_USE_TWO_FACTOR


@pytest.mark.parametrize("perm", sorted(PERSONAL_DATA), ids=str)
def test_a_role_that_gains_a_personal_data_permission_needs_the_second_factor(
    client, db, monkeypatch, perm
):
    trainee_grants = GRANTS[Role.TECHNICIAN_TRAINEE]
    assert perm not in trainee_grants
    trainee = make_staff(Role.TECHNICIAN_TRAINEE)
    assert not trainee.requires_two_factor

    monkeypatch.setitem(GRANTS, Role.TECHNICIAN_TRAINEE, trainee_grants | {perm: Scope.OWN})
    trainee = type(trainee).objects.get(pk=trainee.pk)  # no cached roles or grants
    assert permissions.needs_second_factor(Role.TECHNICIAN_TRAINEE)
    assert trainee.requires_two_factor
    response = _log_in_with_password(client, trainee)
    assert response["Location"] == reverse("accounts:two-factor")
    assert client.get(reverse("core:workspace"))["Location"] == reverse("accounts:two-factor")
