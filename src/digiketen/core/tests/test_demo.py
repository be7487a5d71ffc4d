"""The demo composer: every app's part, in an order that works, once per database. These tests
name no domain app's modules (core imports none); they reach the parts through demo.seeders()."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from digiketen.accounts.models import User
from digiketen.accounts.roles import Role
from digiketen.core import demo
from digiketen.core.models import SiteConfiguration
from digiketen.organisations.models import Location


def parts() -> dict[str, object]:
    """Each demo module by its app's label (digiketen.<label>.demo)."""
    return {module.__name__.split(".")[-2]: module for module in demo.seeders()}


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_demo_has_a_municipality_with_locations_and_one_user_per_role(db):
    demo.seed()
    assert 8 <= Location.objects.count() <= 12
    ceramique = Location.objects.get(name="Centre Céramique")
    assert ceramique.postcode == "6221 KV"
    assert ceramique.opening_hours.exists()
    roles = set(User.objects.values_list("memberships__role", flat=True))
    assert roles == set(Role)
    assert SiteConfiguration.load().municipality_name == "Gemeente Maastricht"


def test_every_app_with_demo_data_takes_part(db):
    found = parts()
    assert {"organisations", "accounts", "directory", "inventory", "helpdesk"} <= found.keys()
    assert "core" not in found  # the composer is not a part of itself
    demo.seed()
    # Every part left rows behind: a part that is skipped would leave its app's tables empty.
    filled = {label.split(".")[0] for label, count in row_counts().items() if count}
    assert found.keys() <= filled


def test_each_part_runs_after_the_parts_it_uses(db):
    order = list(parts())
    for position, (_label, module) in enumerate(parts().items()):
        assert set(getattr(module, "DEPENDS_ON", ())) <= set(order[:position])
    assert order[0] == "organisations"  # everything else seeds at the demo organisations


def test_a_declared_dependency_moves_a_part_later(db, monkeypatch):
    found = parts()
    monkeypatch.setattr(found["organisations"], "DEPENDS_ON", ("helpdesk",), raising=False)
    monkeypatch.setattr(found["helpdesk"], "DEPENDS_ON", ())
    order = list(parts())
    assert order.index("helpdesk") < order.index("organisations")


def test_a_cycle_or_an_unknown_dependency_is_refused(db, monkeypatch):
    found = parts()
    monkeypatch.setattr(found["organisations"], "DEPENDS_ON", ("accounts",), raising=False)
    with pytest.raises(ImproperlyConfigured, match="depend on each other"):
        demo.seeders()
    monkeypatch.setattr(found["organisations"], "DEPENDS_ON", ("learning",))
    with pytest.raises(ImproperlyConfigured, match="learning"):
        demo.seeders()


def test_seeding_again_keeps_what_was_changed(db):
    demo.seed()
    ceramique = Location.objects.get(name="Centre Céramique")
    ceramique.street = "Nieuwe straat"
    ceramique.save()
    ceramique.opening_hours.filter(weekday=6).delete()
    config = SiteConfiguration.load()
    config.site_name = "Eigen naam"
    config.save()
    ceramique.organisation.name = "Bibliotheek Maastricht"
    ceramique.organisation.save()
    before = row_counts()
    demo.seed()
    assert row_counts() == before  # no part ran again, not even for the renamed organisation
    ceramique.refresh_from_db()
    assert ceramique.street == "Nieuwe straat"
    assert not ceramique.opening_hours.filter(weekday=6).exists()
    assert SiteConfiguration.load().site_name == "Eigen naam"


def test_a_failing_part_leaves_nothing_so_the_next_run_starts_clean(db, monkeypatch):
    def broken():
        raise RuntimeError("disk full")

    monkeypatch.setattr(parts()["helpdesk"], "seed", broken)
    with pytest.raises(RuntimeError):
        demo.seed()
    assert not SiteConfiguration.load().demo_seeded
    assert not User.objects.exists()


def test_seed_demo_prints_the_accounts_every_time(db, settings):
    for _run in range(2):
        out = StringIO()
        call_command("seed_demo", stdout=out)
        printed = out.getvalue()
        assert "Demo data ready." in printed
        assert f"2FA code: {settings.DEMO_OTP_CODE}" in printed
        assert "regisseur" in printed and "Gemeente Maastricht" in printed
        assert "uitgifte" in printed and "Stichting Cyberbank Maastricht (demo)" in printed


def test_seed_demo_refuses_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()
