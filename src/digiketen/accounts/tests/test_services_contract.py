"""Accounts, roles and second factors: what each step leaves in the audit log, and whom the
services refuse. Logins and password changes are audited by the views; see the end."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from digiketen.accounts import services
from digiketen.accounts.models import Membership, User
from digiketen.accounts.roles import Role
from digiketen.conftest import login_verified, make_staff
from digiketen.tests.audit import assert_audited, assert_refused
from digiketen.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
PASSWORD = "een-lang-wachtwoord-123"


@pytest.fixture
def library():
    return OrganisationFactory(name="Bibliotheek")


@pytest.fixture
def admin(library):
    return make_staff(Role.ORGANISATION_ADMIN, library)


def new_user(actor, organisation, role=Role.HELP_POINT_STAFF, **fields):
    data = {
        "username": "ingrid",
        "email": "ingrid@example.org",
        "first_name": "Ingrid",
        "last_name": "Jansen",
    }
    return services.create_user(
        actor=actor, organisation=organisation, role=role, **(data | fields)
    )


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


# -- users and roles -------------------------------------------------------------------------


def test_a_new_user_gets_the_first_role_and_both_are_audited(library, admin):
    user = new_user(admin, library)
    assert (user.first_name, user.last_name) == ("Ingrid", "Jansen")
    assert not user.has_usable_password()
    assert list(user.memberships.values_list("organisation", "role")) == [
        (library.pk, Role.HELP_POINT_STAFF)
    ]
    assert_audited(
        "user.created",
        actor=admin,
        subject=user,
        organisation=library,
        after={"username": "ingrid", "email": "ingrid@example.org", "is_active": True},
    )
    assert_audited(
        "user.role_added",
        actor=admin,
        subject=user,
        organisation=library,
        after={"organisation": "Bibliotheek", "role": "help_point_staff"},
    )
    with_password = new_user(
        admin, library, username="piet", email="p@example.org", password=PASSWORD
    )
    assert with_password.check_password(PASSWORD)
    with pytest.raises(services.DuplicateAccount):
        new_user(admin, library, email="ander@example.org")


def test_users_are_made_only_for_organisations_one_administers(library, admin):
    for actor in (make_staff(Role.ORGANISATION_ADMIN), make_staff(Role.HUB_STAFF, library)):
        assert_refused(
            services.create_user,
            actor=actor,
            username="x",
            email="x@example.org",
            first_name="X",
            last_name="Y",
            organisation=library,
            role=Role.HELP_POINT_STAFF,
        )
    assert_refused(
        services.create_user,
        actor=admin,
        username="x",
        email="x@example.org",
        first_name="X",
        last_name="Y",
        organisation=library,
        role=Role.SYSTEM_ADMIN,
    )
    assert not User.objects.filter(username="x").exists()


def test_an_update_is_audited_for_the_organisation_the_admin_manages(library, admin):
    user = new_user(admin, library)
    services.update_user(actor=admin, user=user, data={"first_name": "Ingrid"})
    assert_audited("user.updated", subject=user, count=0)  # nothing changed
    other = OrganisationFactory()
    Membership.objects.create(user=user, organisation=other, role=Role.HELP_POINT_STAFF)
    system = make_staff(Role.SYSTEM_ADMIN)
    services.update_user(actor=system, user=user, data={"email": "nieuw@example.org"})
    event = assert_audited(
        "user.updated",
        actor=system,
        subject=user,
        before={"email": "ingrid@example.org"},
        after={"email": "nieuw@example.org"},
    )
    assert event.organisation == library  # the first of the user's organisations
    user.refresh_from_db()
    assert user.email == "nieuw@example.org"


def test_an_update_is_refused_for_accounts_beyond_ones_reach_and_for_oneself_off(library, admin):
    shared = new_user(admin, library)
    assert_refused(
        services.update_user, actor=make_staff(Role.ORGANISATION_ADMIN), user=shared, data={}
    )
    Membership.objects.create(user=shared, organisation=OrganisationFactory(), role=Role.HUB_STAFF)
    assert_refused(services.update_user, actor=admin, user=shared, data={"email": "a@b.nl"})
    assert_refused(services.update_user, actor=admin, user=admin, data={"is_active": False})
    admin.refresh_from_db()
    assert admin.is_active
    with pytest.raises(services.DuplicateAccount):
        services.update_user(
            actor=make_staff(Role.SYSTEM_ADMIN), user=shared, data={"username": admin.username}
        )


def test_roles_are_added_and_removed_with_audit(library, admin):
    user = new_user(admin, library)
    membership = services.add_role(
        actor=admin, user=user, organisation=library, role=Role.HUB_STAFF
    )
    assert membership.role == Role.HUB_STAFF
    assert_audited(
        "user.role_added",
        subject=user,
        count=2,
        after={"organisation": "Bibliotheek", "role": "hub_staff"},
    )
    with pytest.raises(services.DuplicateRole):
        services.add_role(actor=admin, user=user, organisation=library, role=Role.HUB_STAFF)
    services.remove_role(actor=admin, membership=membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert_audited(
        "user.role_removed",
        actor=admin,
        subject=user,
        organisation=library,
        before={"organisation": "Bibliotheek", "role": "hub_staff"},
    )


def test_roles_are_refused_beyond_ones_reach(library, admin):
    user = new_user(admin, library)
    elsewhere = OrganisationFactory()
    stranger = make_staff(Role.HUB_STAFF, elsewhere)
    assert_refused(
        services.add_role, actor=admin, user=user, organisation=elsewhere, role=Role.HUB_STAFF
    )
    assert_refused(
        services.add_role, actor=admin, user=user, organisation=library, role=Role.COORDINATOR
    )
    # Somebody else's member cannot be pulled into one's own organisation.
    assert_refused(
        services.add_role, actor=admin, user=stranger, organisation=library, role=Role.HUB_STAFF
    )
    coordinator = Membership.objects.create(user=user, organisation=library, role=Role.COORDINATOR)
    assert_refused(services.remove_role, actor=admin, membership=coordinator)
    own = admin.memberships.get()
    assert_refused(services.remove_role, actor=admin, membership=own)
    other_admin = make_staff(Role.ORGANISATION_ADMIN)
    assert_refused(services.remove_role, actor=other_admin, membership=user.memberships.first())


def test_a_role_is_removed_only_by_an_admin_of_its_organisation(library, admin):
    helper = new_user(admin, library).memberships.get()
    outsider = make_staff(Role.ORGANISATION_ADMIN, OrganisationFactory())
    assert_refused(services.remove_role, actor=outsider, membership=helper)
    assert_refused(
        services.create_user,
        actor=outsider,
        username="x",
        email="x@example.org",
        first_name="X",
        last_name="Y",
        organisation=library,
        role=Role.HELP_POINT_STAFF,
    )
    assert Membership.objects.filter(pk=helper.pk).exists()


def test_an_admin_may_remove_their_own_other_roles_and_another_admins_role(library, admin):
    own_hub_role = services.add_role(
        actor=admin, user=admin, organisation=library, role=Role.HUB_STAFF
    )
    services.remove_role(actor=admin, membership=own_hub_role)
    colleague = new_user(admin, library, role=Role.ORGANISATION_ADMIN, username="co")
    services.remove_role(actor=admin, membership=colleague.memberships.get())
    assert list(admin.memberships.values_list("role", flat=True)) == [Role.ORGANISATION_ADMIN]
    assert not colleague.memberships.exists()


def test_a_user_without_roles_can_be_given_a_first_one():
    library = OrganisationFactory()
    admin = make_staff(Role.ORGANISATION_ADMIN, library)
    newcomer = User.objects.create(username="nieuw", email="n@example.org")
    services.add_role(actor=admin, user=newcomer, organisation=library, role=Role.HUB_STAFF)
    assert newcomer.memberships.get().organisation == library


# -- second factor ---------------------------------------------------------------------------


def test_an_admin_edits_their_own_details_and_deactivates_others_in_their_organisation(
    library, admin
):
    services.update_user(actor=admin, user=admin, data={"first_name": "Anna"})
    assert_audited("user.updated", actor=admin, subject=admin, organisation=library)
    colleague = new_user(admin, library)
    services.update_user(actor=admin, user=colleague, data={"is_active": False})
    colleague.refresh_from_db()
    assert not colleague.is_active
    assert_audited(
        "user.updated", subject=colleague, organisation=library, after={"is_active": False}
    )


def test_an_update_of_an_account_without_roles_belongs_to_no_organisation():
    system = make_staff(Role.SYSTEM_ADMIN)
    loner = User.objects.create(username="zonder-rol", email="z@example.org")
    services.update_user(actor=system, user=loner, data={"email": "nieuw@example.org"})
    assert_audited("user.updated", subject=loner, organisation=None)


def test_an_authenticator_is_confirmed_only_for_its_own_user_and_others_keep_theirs(admin):
    other = make_staff(Role.HELP_POINT_STAFF, OrganisationFactory())
    others_phone = TOTPDevice.objects.create(user=other, confirmed=True, name="telefoon")
    stranger = services.start_totp_enrolment(user=other)
    with pytest.raises(TOTPDevice.DoesNotExist):
        services.confirm_totp(user=admin, device=stranger, token=current_code(stranger))
    device = services.start_totp_enrolment(user=admin)
    services.confirm_totp(user=admin, device=device, token=current_code(device))
    assert TOTPDevice.objects.filter(pk=others_phone.pk, confirmed=True).exists()


def test_enrolling_an_authenticator_confirms_it_and_gives_recovery_codes(admin):
    device = services.start_totp_enrolment(user=admin)
    assert services.start_totp_enrolment(user=admin) == device  # a reload shows the same code
    assert services.confirm_totp(user=admin, device=device, token="000000") is None
    assert_audited("auth.2fa_setup_failed", actor=admin, subject=admin)
    device.refresh_from_db()
    assert not device.confirmed
    old = TOTPDevice.objects.create(user=admin, confirmed=True, name="old phone")
    device.throttle_reset()
    codes = services.confirm_totp(user=admin, device=device, token=current_code(device))
    assert len(codes) == 10 and all(re.fullmatch(r"\d{8}", c) for c in codes)
    assert len(set(codes)) > 1
    assert_audited("auth.2fa_enabled", actor=admin, subject=admin)
    assert list(TOTPDevice.objects.filter(user=admin)) == [device]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(codes)


def test_new_recovery_codes_replace_the_old_ones_on_the_same_device(admin):
    TOTPDevice.objects.create(user=admin, confirmed=True, name="app")
    first = services.regenerate_recovery_codes(user=admin)
    device = StaticToken.objects.first().device
    second = services.regenerate_recovery_codes(user=admin)
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(second)
    assert first != second
    assert StaticToken.objects.first().device == device
    assert_audited("auth.recovery_codes_renewed", actor=admin, subject=admin, count=2)


def test_recovery_codes_need_an_authenticator_first(admin):
    assert_refused(services.regenerate_recovery_codes, user=admin)


# -- what the views write --------------------------------------------------------------------


@pytest.fixture
def lars(db):
    return make_staff(Role.TECHNICIAN_TRAINEE, username="lars", email="lars@example.org")


def test_logging_in_and_out_is_audited(client, lars):
    client.post(reverse("accounts:login"), {"username": "lars", "password": "fout-wachtwoord"})
    assert_audited("auth.login_failed", actor=lars, actor_label="lars", subject=lars)
    client.post(reverse("accounts:login"), {"username": "niemand", "password": "x"})
    assert_audited("auth.login_failed", actor=None, actor_label="niemand", count=2)
    client.post(reverse("accounts:login"), {"username": "lars", "password": PASSWORD})
    assert_audited("auth.login", actor=lars, subject=lars)
    client.post(reverse("accounts:logout"))
    assert_audited("auth.logout", actor=lars, subject=lars)


def test_the_second_step_is_audited(client):
    user = make_staff(Role.HUB_STAFF, username="umut")
    device = TOTPDevice.objects.create(user=user, confirmed=True, name="app")
    client.post(reverse("accounts:login"), {"username": "umut", "password": PASSWORD})
    client.post(reverse("accounts:otp-verify"), {"token": "999999"})
    assert_audited("auth.2fa_failed", actor=user, subject=user)
    device.refresh_from_db()
    device.throttle_reset()
    client.post(reverse("accounts:otp-verify"), {"token": current_code(device)})
    assert_audited("auth.2fa_passed", actor=user, subject=user)


def test_changing_and_resetting_the_password_is_audited(
    client, lars, mailoutbox, django_capture_on_commit_callbacks
):
    login_verified(client, lars)
    new = "nieuw-en-lang-genoeg-9"
    client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert_audited("auth.password_changed", actor=lars, subject=lars)
    client.post(reverse("accounts:logout"))
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves after commit
        client.post(reverse("accounts:password-reset"), {"email": "lars@example.org"})
    link = re.search(re.escape(settings.SITE_URL) + r"(/\S+)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    newer = "nog-een-nieuw-wachtwoord-7"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": newer, "new_password2": newer})
    assert_audited("auth.password_reset", actor=lars, subject=lars)
