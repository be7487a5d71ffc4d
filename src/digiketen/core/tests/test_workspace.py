import pytest
from django.urls import reverse

from digiketen.accounts.roles import Role

SECTIONS_BY_ROLE = {
    Role.SYSTEM_ADMIN: {
        "directory",
        "services",
        "devices",
        "donations",
        "applications",
        "distribution",
        "impact",
        "stock",
        "messages",
        "helpdesk",
        "figures",
        "buddies",
        "courses",
        "users",
        "audit",
        "settings",
        "account",
    },
    Role.ORGANISATION_ADMIN: {"directory", "services", "users", "audit", "figures", "account"},
    Role.COORDINATOR: {
        "directory",
        "services",
        "distribution",
        "impact",
        "stock",
        "figures",
        "account",
    },
    Role.HELP_POINT_STAFF: {"directory", "helpdesk", "figures", "account"},
    Role.HUB_STAFF: {"directory", "devices", "donations", "applications", "messages", "account"},
    Role.TECHNICIAN_SUPERVISOR: {"directory", "devices", "donations", "account"},
    Role.TECHNICIAN_TRAINEE: {"directory", "devices", "account"},
    Role.BUDDY_COORDINATOR: {"directory", "buddies", "account"},
    Role.COURSE_COORDINATOR: {"directory", "courses", "account"},
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


def test_unknown_page_gets_a_friendly_dutch_404(client, db):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.text
    assert "Naar de startpagina" in response.text


def test_forbidden_page_explains_what_to_do(staff_client):
    client, _ = staff_client(Role.TECHNICIAN_TRAINEE)
    response = client.get(reverse("core:audit-list"))
    assert response.status_code == 403
    assert "Vraag de beheerder van uw organisatie om hulp." in response.text
