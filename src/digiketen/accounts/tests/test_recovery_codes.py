"""Recovery codes are a second factor: only for the user's own confirmed authenticator, and
hard to guess. Written to kill mutants that survived (docs/mutation-report.md)."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from digiketen.accounts import services
from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.tests.audit import assert_refused
from digiketen.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def helper():
    return make_staff(Role.HELP_POINT_STAFF, OrganisationFactory())


def test_a_colleagues_authenticator_gives_no_recovery_codes(helper):
    colleague = make_staff(Role.HELP_POINT_STAFF, OrganisationFactory())
    TOTPDevice.objects.create(user=colleague, confirmed=True, name="telefoon")
    assert_refused(services.regenerate_recovery_codes, user=helper)


def test_an_authenticator_not_yet_confirmed_gives_no_recovery_codes(helper):
    services.start_totp_enrolment(user=helper)
    assert_refused(services.regenerate_recovery_codes, user=helper)


def test_recovery_codes_come_from_all_eight_digit_numbers(helper):
    """Ten codes below 1,000,000 happen once in 10^20 draws: then the codes are guessable."""
    TOTPDevice.objects.create(user=helper, confirmed=True, name="telefoon")
    codes = services.regenerate_recovery_codes(user=helper)
    assert len(codes) == 10
    assert any(int(code) >= 1_000_000 for code in codes)
