"""The buddy coordinator's main task by keyboard only: from the requests to the explained
suggestions, propose the best volunteer and start the match (Tab, Shift+Tab, Space, Enter),
with the focus ring visible on every control used."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from digiketen.learning.models import Match, MatchStatus
from digiketen.tests.test_browser import log_in, tab_to

pytestmark = pytest.mark.browser


def _focus_is_visible(element) -> None:
    expect(element).to_be_focused()
    style = element.evaluate(
        "el => [getComputedStyle(el).outlineStyle, getComputedStyle(el).outlineWidth]"
    )
    assert style[0] != "none" and style[1] != "0px", style


def test_coordinator_proposes_a_match_from_the_suggestions_by_keyboard(
    live_server, page, demo_site
):
    log_in(page, live_server.url, "maatjes")
    page.goto(live_server.url + reverse("learning:buddies"))
    requests_link = page.locator("main").get_by_role("link", name="Aanvragen", exact=True)
    tab_to(page, requests_link, limit=40)
    _focus_is_visible(requests_link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aanvragen")

    haddou = page.get_by_role("link", name="Meneer Haddou")
    tab_to(page, haddou, limit=40)
    _focus_is_visible(haddou)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Voorgestelde maatjes")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Spreekt Arabisch")

    propose = page.get_by_role("button", name="Youssef El Amrani voorstellen")
    tab_to(page, propose, limit=40)
    _focus_is_visible(propose)
    # One step back and forth again: Shift+Tab leaves the button, Tab returns to it.
    page.keyboard.press("Shift+Tab")
    expect(propose).not_to_be_focused()
    page.keyboard.press("Tab")
    expect(propose).to_be_focused()
    page.keyboard.press("Space")  # a button answers Space as well as Enter

    expect(page.locator("main")).to_contain_text("Voorgesteld")
    start = page.get_by_role("button", name="Starten")
    tab_to(page, start, limit=40)
    _focus_is_visible(start)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Loopt")

    started = Match.objects.get(request__name="Meneer Haddou")
    assert started.status == MatchStatus.ACTIVE
    assert started.volunteer.name == "Youssef El Amrani"
