import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.core.models import AuditEvent, SiteConfiguration

VALID = {
    "municipality_name": "Gemeente Heuvelland",
    "site_name": "Digitaal Meedoen",
    "primary_colour": "#1f4e79",
    "link_colour": "#1a4a7a",
    "focus_colour": "#c2410c",
    "font_family": "Arial, sans-serif",
}
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>'
)


def test_administrator_sets_name_logo_and_theme_which_every_page_uses(staff_client, db):
    client, user = staff_client(Role.SYSTEM_ADMIN)
    response = client.post(
        reverse("core:site-settings"),
        VALID | {"logo_upload": SimpleUploadedFile("logo.svg", SVG, "image/svg+xml")},
    )
    assert response.status_code == 302
    home = client.get(reverse("core:home"))
    assert "Gemeente Heuvelland" in home.text
    assert 'alt="Logo Gemeente Heuvelland"' in home.text
    theme = client.get(reverse("theme-css"))
    assert "--utrecht-button-primary-action-background-color: #1f4e79;" in theme.text
    assert theme["Content-Type"].startswith("text/css")
    logo = client.get(reverse("logo"))
    assert logo.content == SVG
    assert "sandbox" in logo["Content-Security-Policy"]
    event = AuditEvent.objects.get(action="site.configured")
    assert event.actor == user
    assert ("logo", False, True) in event.changes


def test_unreadable_colours_are_refused_with_a_reason(staff_client, db):
    client, _ = staff_client(Role.SYSTEM_ADMIN)
    response = client.post(
        reverse("core:site-settings"),
        VALID | {"primary_colour": "#ffff00", "link_colour": "#aaaaaa"},
    )
    assert response.status_code == 200
    assert "Witte tekst is op deze kleur niet goed te lezen" in response.text
    assert "Links in deze kleur zijn op wit niet goed te lezen" in response.text
    assert SiteConfiguration.load().primary_colour != "#ffff00"


def test_font_family_cannot_inject_css(staff_client, db):
    client, _ = staff_client(Role.SYSTEM_ADMIN)
    response = client.post(
        reverse("core:site-settings"), VALID | {"font_family": "x;} body{display:none"}
    )
    assert response.status_code == 200
    assert "display:none" not in client.get(reverse("theme-css")).text


def test_logo_must_be_png_or_svg(staff_client, db):
    client, _ = staff_client(Role.SYSTEM_ADMIN)
    response = client.post(
        reverse("core:site-settings"),
        VALID | {"logo_upload": SimpleUploadedFile("logo.gif", b"GIF89a....", "image/gif")},
    )
    assert "Dit bestand is geen PNG of SVG." in response.text


def test_an_xml_file_that_is_not_svg_is_refused(staff_client, db):
    client, _ = staff_client(Role.SYSTEM_ADMIN)
    xhtml = b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"></html>'
    response = client.post(
        reverse("core:site-settings"),
        VALID | {"logo_upload": SimpleUploadedFile("logo.svg", xhtml, "image/svg+xml")},
    )
    assert "Dit bestand is geen PNG of SVG." in response.text


def test_faint_focus_colour_and_unbalanced_font_quotes_are_refused(staff_client, db):
    client, _ = staff_client(Role.SYSTEM_ADMIN)
    response = client.post(
        reverse("core:site-settings"), VALID | {"focus_colour": "#eeeeee", "font_family": 'Arial"'}
    )
    assert "Deze focusrand is op wit niet goed te zien." in response.text
    assert "Elk aanhalingsteken moet ook weer gesloten worden." in response.text


@pytest.mark.parametrize("font", ['Arial"', "\"a'b\"c'", "'Open Sans, Arial"])
def test_font_family_must_be_a_list_of_names(staff_client, font):
    client, _ = staff_client(Role.SYSTEM_ADMIN)
    response = client.post(reverse("core:site-settings"), VALID | {"font_family": font})
    assert "Elk aanhalingsteken moet ook weer gesloten worden." in response.text


def test_theme_paints_the_surfaces_its_colours_are_checked_against(client, db):
    theme = client.get(reverse("theme-css")).text
    assert "--utrecht-document-background-color: #ffffff;" in theme
    assert "--utrecht-alert-info-background-color: #d6e5f5;" in theme
    assert "--utrecht-alert-error-background-color: #ffe6e6;" in theme


def test_a_focus_colour_faint_on_an_alert_is_refused_naming_it_in_english(staff_client, db):
    client, _ = staff_client(Role.SYSTEM_ADMIN)
    response = client.post(
        "/en" + reverse("core:site-settings"), VALID | {"focus_colour": "#e05d00"}
    )
    assert response.status_code == 200
    assert "This focus outline is hard to see on a light blue notice." in response.text
    assert SiteConfiguration.load().focus_colour != "#e05d00"
