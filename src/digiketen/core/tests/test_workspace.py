import pytest
from django.urls import reverse

from digiketen.accounts.roles import Role

SECTIONS_BY_ROLE = {
    Role.SYSTEM_ADMIN: {"directory", "users", "audit", "settings", "account"},
    Role.ORGANISATION_ADMIN: {"directory", "users", "audit", "account"},
    Role.COORDINATOR: {"directory", "account"},
}


@pytest.mark.parametrize("role", sorted(Role), ids=str)
def test_workspace_shows_exactly_the_sections_of_the_role(staff_client, role):
    import re

    client, _ = staff_client(role)
    page = client.get(reverse("core:workspace"))
    shown = set(re.findall(r'data-section="([a-z]+)"', page.text))
    assert shown == SECTIONS_BY_ROLE.get(role, {"directory", "account"})
    assert str(role.label) in page.text


def test_public_home_explains_what_residents_can_do(client, db):
    page = client.get(reverse("core:home"))
    assert "Hulp bij DigiD" in page.text
    assert "Een laptop als u weinig geld heeft." in page.text
    english = client.get("/en/")
    assert english.status_code == 200
    assert 'lang="en"' in english.text


def test_language_switch_links_to_the_same_page_in_english(client, db):
    page = client.get(reverse("core:privacy"))
    assert 'href="/en/privacy"' in page.text
