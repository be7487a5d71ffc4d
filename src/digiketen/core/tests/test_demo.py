import pytest
from django.core.management import CommandError, call_command

from digiketen.accounts.models import User
from digiketen.accounts.roles import Role
from digiketen.core import demo
from digiketen.core.models import SiteConfiguration
from digiketen.organisations.models import Location


def test_demo_has_a_municipality_with_locations_and_one_user_per_role(db):
    demo.seed()
    assert 8 <= Location.objects.count() <= 12
    ceramique = Location.objects.get(name="Centre Céramique")
    assert ceramique.postcode == "6221 KV"
    assert ceramique.opening_hours.exists()
    roles = set(User.objects.values_list("memberships__role", flat=True))
    assert roles == set(Role)
    assert SiteConfiguration.load().municipality_name == "Gemeente Maastricht"


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
    demo.seed()
    ceramique.refresh_from_db()
    assert Location.objects.count() == len(demo.LOCATIONS)
    assert ceramique.street == "Nieuwe straat"
    assert not ceramique.opening_hours.filter(weekday=6).exists()
    assert SiteConfiguration.load().site_name == "Eigen naam"
    assert User.objects.count() == len(demo.USERS)


def test_seed_demo_refuses_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()
