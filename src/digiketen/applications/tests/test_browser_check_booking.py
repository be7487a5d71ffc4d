"""Issue 12, point 2 in the browser: a resident books the eligibility check at the demo hub,
which works by appointment, from the finder's laptop service — without JavaScript, by
keyboard only, and with axe and at 320 px on every page; the hub's staff page too."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from digiketen.directory.models import Service
from digiketen.helpdesk.models import Appointment
from digiketen.tests.test_browser import assert_accessible, assert_reflows_at_320, log_in, tab_to

pytestmark = pytest.mark.browser
HUB = "Cyberbank uitgiftepunt Randwyck"


def test_a_resident_books_and_cancels_the_check_without_javascript(live_server, browser, demo_site):
    service = Service.objects.filter(type="device_handout").first()

    def walk(page, check):
        page.goto(live_server.url + service.get_public_url())
        page.get_by_role("link", name="Maak een afspraak om uw pas te laten zien").click()
        check(page)
        page.get_by_role("link", name=HUB).click()
        check(page)
        page.locator(".dk-needs a").first.click()
        check(page)
        page.locator("input[name=time]").first.check()
        page.get_by_label("Uw naam").fill("Lotte")
        page.get_by_label("Ik schrijf het zelf op").check()
        page.get_by_role("button", name="Afspraak maken").click()
        expect(page.get_by_role("heading", name="Uw afspraak is gemaakt", level=1)).to_be_visible()
        expect(page.locator("main")).to_contain_text("inkomensverklaring mee")
        check(page)
        page.get_by_role("link", name="Afzeggen of een andere tijd kiezen").click()
        check(page)
        page.get_by_role("button", name="Alleen afzeggen").click()
        expect(page.locator("main")).to_contain_text("Deze afspraak is afgezegd.")
        check(page)

    def accessible(page):
        assert_accessible(page)
        assert_reflows_at_320(page)

    walk(browser.new_context(java_script_enabled=False).new_page(), lambda page: None)
    walk(browser.new_context().new_page(), accessible)
    assert list(Appointment.objects.values_list("status", flat=True)) == ["cancelled"] * 2


def test_booking_the_check_by_keyboard_only(live_server, page, demo_site):
    page.goto(live_server.url + reverse("helpdesk:book-check"))
    place = page.get_by_role("link", name=HUB)
    tab_to(page, place, limit=40)
    page.keyboard.press("Enter")
    day = page.locator(".dk-needs a").first
    tab_to(page, day, limit=40)
    page.keyboard.press("Enter")
    first_time = page.locator("input[name=time]").first
    tab_to(page, first_time, limit=40)
    page.keyboard.press("Space")
    expect(first_time).to_be_checked()
    tab_to(page, page.get_by_label("Uw naam"), limit=40)
    page.keyboard.type("Lotte")
    slip = page.get_by_label("Ik schrijf het zelf op")
    sms = page.get_by_label("Met een SMS")
    tab_to(page, sms, limit=10)
    page.keyboard.press("Space")
    while not slip.is_checked():
        page.keyboard.press("ArrowDown")
    tab_to(page, page.get_by_role("button", name="Afspraak maken"), limit=20)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Uw afspraak is gemaakt", level=1)).to_be_visible()
    assert Appointment.objects.get().slot.purpose == "eligibility"


def test_the_hub_staff_page_is_accessible_in_both_languages(live_server, page, demo_site):
    log_in(page, live_server.url, "uitgifte", code=settings.DEMO_OTP_CODE)
    for prefix in ("", "/en"):
        page.goto(live_server.url + prefix + reverse("applications:checks"))
        assert page.locator("h1").count() == 1
        assert_accessible(page)
        assert_reflows_at_320(page)
    page.goto(live_server.url + reverse("applications:checks"))
    page.get_by_label("Dag").fill("2099-01-05")  # no times given: the errors are shown
    page.get_by_role("button", name="Tijden maken").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)
