import pytest
from django.urls import reverse

from digiketen.accounts.models import Membership, User
from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.core.models import AuditEvent
from digiketen.permissions import GLOBAL_ROLES
from digiketen.tests.factories import OrganisationFactory


@pytest.fixture
def library(db):
    return OrganisationFactory(name="Bibliotheek")


@pytest.fixture
def welfare(db):
    return OrganisationFactory(name="Welzijn")


def test_global_roles_are_coordinator_and_system_admin():
    assert frozenset({Role.COORDINATOR, Role.SYSTEM_ADMIN}) == GLOBAL_ROLES


def test_organisation_admin_creates_a_user_who_gets_a_password_mail(
    staff_client, library, mailoutbox, django_capture_on_commit_callbacks
):
    client, _ = staff_client(Role.ORGANISATION_ADMIN, library)
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves after commit
        response = client.post(
            reverse("accounts:user-create"),
            {
                "username": "ingrid",
                "first_name": "Ingrid",
                "last_name": "Jansen",
                "email": "ingrid@example.org",
                "organisation": library.pk,
                "role": Role.HELP_POINT_STAFF,
            },
        )
    user = User.objects.get(username="ingrid")
    assert response["Location"] == reverse("accounts:user-detail", args=[user.pk])
    assert not user.has_usable_password()
    assert user.memberships.get().role == Role.HELP_POINT_STAFF
    assert [m.to for m in mailoutbox] == [["ingrid@example.org"]]
    assert "Er is een account voor u gemaakt" in mailoutbox[0].body
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["user.created", "user.role_added"]
    assert AuditEvent.objects.get(action="user.role_added").organisation == library


def test_organisation_admin_cannot_hand_out_global_roles(staff_client, library):
    client, _ = staff_client(Role.ORGANISATION_ADMIN, library)
    colleague = make_staff(Role.HELP_POINT_STAFF, library)
    form = client.get(reverse("accounts:user-detail", args=[colleague.pk]))
    assert 'value="system_admin"' not in form.text
    assert 'value="coordinator"' not in form.text
    client.post(
        reverse("accounts:role-add", args=[colleague.pk]),
        {"organisation": library.pk, "role": Role.SYSTEM_ADMIN},
    )
    assert not colleague.memberships.filter(role=Role.SYSTEM_ADMIN).exists()
    assert not AuditEvent.objects.filter(action="user.role_added").exists()


def test_a_system_admin_hands_out_the_coordinator_role(staff_client, library):
    client, admin = staff_client(Role.SYSTEM_ADMIN)
    colleague = make_staff(Role.HELP_POINT_STAFF, library)
    form = client.get(reverse("accounts:user-detail", args=[colleague.pk]))
    assert 'value="coordinator"' in form.text and 'value="system_admin"' in form.text
    client.post(
        reverse("accounts:role-add", args=[colleague.pk]),
        {"organisation": library.pk, "role": Role.COORDINATOR},
    )
    assert colleague.memberships.filter(role=Role.COORDINATOR).exists()
    assert AuditEvent.objects.get(action="user.role_added").actor == admin


def test_organisation_admin_cannot_take_over_a_system_admin_account(staff_client, library):
    client, _ = staff_client(Role.ORGANISATION_ADMIN, library)
    shared = make_staff(Role.HELP_POINT_STAFF, library)
    Membership.objects.create(
        user=shared, organisation=OrganisationFactory(), role=Role.SYSTEM_ADMIN
    )
    url = reverse("accounts:user-update", args=[shared.pk])
    assert client.get(url).status_code == 403
    response = client.post(
        url, {"username": shared.username, "email": "attacker@example.org", "is_active": "on"}
    )
    assert response.status_code == 403
    shared.refresh_from_db()
    assert shared.email != "attacker@example.org"


def test_users_of_another_organisation_are_not_found(staff_client, library, welfare):
    client, _ = staff_client(Role.ORGANISATION_ADMIN, library)
    stranger = make_staff(Role.BUDDY_COORDINATOR, welfare)
    for name in ("accounts:user-detail", "accounts:user-update"):
        assert client.get(reverse(name, args=[stranger.pk])).status_code == 404
    assert (
        client.post(
            reverse("accounts:role-add", args=[stranger.pk]),
            {"organisation": library.pk, "role": Role.HUB_STAFF},
        ).status_code
        == 404
    )
    assert stranger.username not in client.get(reverse("accounts:user-list")).text


def test_role_changes_are_audited_with_before_and_after(staff_client, library):
    client, admin = staff_client(Role.ORGANISATION_ADMIN, library)
    colleague = make_staff(Role.HELP_POINT_STAFF, library)
    client.post(
        reverse("accounts:role-add", args=[colleague.pk]),
        {"organisation": library.pk, "role": Role.COURSE_COORDINATOR},
    )
    added = AuditEvent.objects.get(action="user.role_added")
    assert added.actor == admin
    assert added.after == {"organisation": "Bibliotheek", "role": "course_coordinator"}
    membership = colleague.memberships.get(role=Role.HELP_POINT_STAFF)
    client.post(reverse("accounts:role-remove", args=[colleague.pk, membership.pk]))
    removed = AuditEvent.objects.get(action="user.role_removed")
    assert removed.before == {"organisation": "Bibliotheek", "role": "help_point_staff"}
    assert list(colleague.memberships.values_list("role", flat=True)) == ["course_coordinator"]


def test_adding_the_same_role_twice_keeps_one(staff_client, library):
    client, _ = staff_client(Role.ORGANISATION_ADMIN, library)
    colleague = make_staff(Role.HELP_POINT_STAFF, library)
    data = {"organisation": library.pk, "role": Role.HELP_POINT_STAFF}
    client.post(reverse("accounts:role-add", args=[colleague.pk]), data)
    assert colleague.memberships.count() == 1


def test_administrator_cannot_remove_own_admin_role_or_deactivate_self(staff_client, library):
    client, admin = staff_client(Role.ORGANISATION_ADMIN, library)
    membership = admin.memberships.get()
    client.post(reverse("accounts:role-remove", args=[admin.pk, membership.pk]))
    assert admin.memberships.filter(pk=membership.pk).exists()
    response = client.post(
        reverse("accounts:user-update", args=[admin.pk]),
        {"username": admin.username, "email": admin.email, "first_name": "", "last_name": ""},
    )
    assert "U kunt uw eigen account niet uitschakelen." in response.text
    admin.refresh_from_db()
    assert admin.is_active


def test_user_edit_is_audited_with_changes(staff_client, library):
    client, _ = staff_client(Role.SYSTEM_ADMIN)
    colleague = make_staff(Role.HELP_POINT_STAFF, library, first_name="Ingrid")
    client.post(
        reverse("accounts:user-update", args=[colleague.pk]),
        {
            "username": colleague.username,
            "email": colleague.email,
            "first_name": "Inge",
            "last_name": colleague.last_name,
            "is_active": "on",
        },
    )
    event = AuditEvent.objects.get(action="user.updated")
    assert event.changes == [("first_name", "Ingrid", "Inge")]
    assert event.organisation == library


def test_user_list_queries_stay_flat(staff_client, library, django_assert_max_num_queries):
    client, _ = staff_client(Role.SYSTEM_ADMIN)
    for _ in range(30):
        make_staff(Role.HUB_STAFF, library)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("accounts:user-list"))
    assert "Pagina 1 van 2" in response.text


def test_service_refuses_a_role_for_someone_elses_user(library, welfare):
    from django.core.exceptions import PermissionDenied

    from digiketen.accounts.services import add_role

    admin = make_staff(Role.ORGANISATION_ADMIN, library)
    stranger = make_staff(Role.HUB_STAFF, welfare)
    with pytest.raises(PermissionDenied):
        add_role(actor=admin, user=stranger, organisation=library, role=Role.HUB_STAFF)
    assert stranger.memberships.count() == 1


def test_an_organisation_admins_edit_shows_in_their_own_audit_log(staff_client, library, welfare):
    """The edit is recorded under the organisation the admin manages, so the admin reads it
    back; the other organisation's admin does not see it."""
    client, admin = staff_client(Role.ORGANISATION_ADMIN, library)
    colleague = make_staff(Role.HELP_POINT_STAFF, library, first_name="Ingrid")
    response = client.post(
        reverse("accounts:user-update", args=[colleague.pk]),
        {
            "username": colleague.username,
            "email": colleague.email,
            "first_name": "Inge",
            "last_name": colleague.last_name,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="user.updated")
    assert (event.actor, event.organisation) == (admin, library)
    assert "Gebruiker gewijzigd" in client.get(reverse("core:audit-list")).text
    client.logout()
    other, _ = staff_client(Role.ORGANISATION_ADMIN, welfare)
    assert "Gebruiker gewijzigd" not in other.get(reverse("core:audit-list")).text
