"""Issue 12, point 18: every list staff keep has a Dutch and an English name, shown in the
page's language — the default entries come with both."""

import pytest
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.applications.models import PriorityCategory
from digiketen.conftest import login_verified, make_staff
from digiketen.inventory.models import ImpactFactor, RefurbishTask, Skill
from digiketen.tests.factories import HubFactory

pytestmark = pytest.mark.django_db


def test_default_entries_have_english_names():
    assert PriorityCategory.objects.get(name="Werkzoekende").name_en == "Job seeker"
    assert ImpactFactor.objects.get(device_type="laptop").source_en.startswith("Indicative")


def test_pages_show_the_name_of_their_language(client):
    hub = HubFactory()
    task = RefurbishTask.objects.filter(organisation=hub.organisation, name="Schoonmaken").first()
    assert task is not None and task.name_en == "Clean"
    assert Skill.objects.filter(organisation=hub.organisation, name_en__gt="").count() >= 8
    policy, stock = reverse("applications:policy"), reverse("inventory:stock")  # Dutch paths
    login_verified(client, make_staff(Role.COORDINATOR))
    legend = '<legend class="utrecht-form-fieldset__legend">'
    english = client.get("/en" + policy).content.decode()
    assert f"{legend}Family with school-age children</legend>" in english
    dutch = client.get(policy).content.decode()
    assert f"{legend}Gezin met schoolgaande kinderen</legend>" in dutch
    assert "Indicative starting value" in client.get("/en" + stock).content.decode()
