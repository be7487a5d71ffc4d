import io

import pytest
from django.core.management import CommandError, call_command

from digiketen.accounts.models import User
from digiketen.accounts.roles import Role
from digiketen.core.models import AuditEvent


def test_create_admin_makes_a_system_administrator(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("een-sterk-wachtwoord-42\n"))
    call_command(
        "create_admin", municipality="Gemeente Venlo", username="beheer", email="b@example.org"
    )
    user = User.objects.get(username="beheer")
    assert user.check_password("een-sterk-wachtwoord-42")
    assert user.memberships.get().role == Role.SYSTEM_ADMIN
    assert user.memberships.get().organisation.name == "Gemeente Venlo"
    assert user.requires_two_factor
    assert AuditEvent.objects.filter(action="user.created", object_id=str(user.pk)).exists()


def test_create_admin_refuses_a_short_password(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("kort\n"))
    with pytest.raises(CommandError, match="12"):
        call_command(
            "create_admin", municipality="Gemeente Venlo", username="beheer", email="b@example.org"
        )
    assert not User.objects.exists()
