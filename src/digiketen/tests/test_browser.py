"""Browser tests in Debian's Chromium: accessibility (axe), reflow at 320 px, keyboard use,
no-JavaScript use, and every demo role's login with two-factor authentication."""

import gzip
import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from digiketen import permissions
from digiketen.accounts import demo as accounts_demo
from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.core.tests.test_workspace import SECTIONS_BY_ROLE
from digiketen.organisations.models import Location, Organisation

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DEMO_ROLES = {username: role for username, _f, _l, _org, role in accounts_demo.USERS}
SECTION_TITLES = {
    "directory": "Organisaties en locaties",
    "users": "Gebruikers en rollen",
    "audit": "Auditlog",
    "settings": "Huisstijl en instellingen",
    "services": "Hulp in de buurt",
    "devices": "Cyberbank: apparaten",
    "donations": "Cyberbank: donaties",
    "applications": "Cyberbank: aanvragen",
    "messages": "Brieven en telefoontjes",
    "distribution": "Cyberbank: regels voor uitgifte",
    "impact": "Cyberbank: impactcijfers",
    "stock": "Cyberbank: voorraad en impact",
    "helpdesk": "Informatiepunt",
    "figures": "Informatiepunt: cijfers",
    "buddies": "Maatjes",
    "courses": "Cursussen",
    "account": "Mijn account",
}
# The sections each role sees, as the workspace test lists them (one list for both).
EXPECTED_SECTIONS = SECTIONS_BY_ROLE


# In a page whose scripts are switched off, `noscript` markup parses as elements.
SCRIPTS_OFF = """() => { const probe = document.createElement("div");
    probe.innerHTML = "<noscript><i></i></noscript>"; return probe.querySelector("i") !== null; }"""


def assert_accessible(page: Page) -> None:
    # axe.run waits on setTimeout, whose callbacks never fire in a context made with
    # java_script_enabled=False: the test would hang for ever, with the live server idle.
    assert not page.evaluate(SCRIPTS_OFF), "axe needs a page with JavaScript on"
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result.response["violations"]
    ]
    assert violations == [], f"{page.url}: {json.dumps(violations)}"


def assert_reflows_at_320(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 320 px"
    page.set_viewport_size({"width": 1280, "height": 800})


def log_in(page: Page, base: str, username: str, *, code: str | None = None) -> None:
    """Log a demo account in; the demo code passes the second step of roles that need it."""
    if code is None and permissions.needs_second_factor(DEMO_ROLES[username]):
        code = settings.DEMO_OTP_CODE
    page.goto(base + reverse("accounts:login"))
    page.get_by_label("Gebruikersnaam of e-mailadres").fill(username)
    page.get_by_label("Wachtwoord").fill(accounts_demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    if code is not None:
        expect(page.get_by_role("heading", name="Tweede stap: code invullen")).to_be_visible()
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Controleren").click()


@pytest.mark.parametrize("username", sorted(DEMO_ROLES))
def test_each_demo_role_logs_in_and_sees_only_its_sections(live_server, page, demo_site, username):
    role = DEMO_ROLES[username]
    log_in(page, live_server.url, username)
    expect(page.get_by_role("heading", name="Werkruimte", level=1)).to_be_visible()
    shown = set(
        page.locator("[data-section]").evaluate_all("els => els.map(e => e.dataset.section)")
    )
    expected = EXPECTED_SECTIONS.get(role, {"directory", "account"})
    assert shown == expected
    for key in expected:
        expect(page.get_by_role("link", name=SECTION_TITLES[key], exact=True)).to_be_visible()
    assert_accessible(page)


PUBLIC_PAGES = [
    "core:home",
    "accounts:login",
    "core:accessibility",
    "core:privacy",
    "directory:public-start",
]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_are_accessible_and_reflow(live_server, page, demo_site, name, language):
    prefix = "/en" if language == "en" else ""
    page.goto(live_server.url + prefix + reverse(name))
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    assert_reflows_at_320(page)


def test_home_page_first_load_stays_within_50_kb(live_server, page, demo_site):
    bodies = []

    def collect(response):
        bodies.append(response.body())

    page.on("response", collect)
    page.goto(live_server.url + reverse("core:home"), wait_until="networkidle")
    weight = sum(len(gzip.compress(body)) for body in bodies)
    assert len(bodies) >= 3  # page, stylesheet, theme
    assert weight <= 50 * 1024, f"home page weighs {weight / 1024:.1f} KB compressed"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_enrolment_and_workspace_are_accessible_and_reflow(
    live_server, page, transactional_db, language
):
    organisation = Organisation.objects.create(name="Uitgiftepunt", type="refurbisher")
    make_staff(Role.HUB_STAFF, organisation, username="nieuw", password=accounts_demo.DEMO_PASSWORD)
    prefix = "/en" if language == "en" else ""
    page.goto(live_server.url + prefix + reverse("accounts:login"))
    page.locator("#id_username").fill("nieuw")
    page.locator("#id_password").fill(accounts_demo.DEMO_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page.locator(".dk-qr")).to_be_visible()
    assert page.url.endswith(prefix + reverse("accounts:otp-enrol").removeprefix("/en"))
    assert_accessible(page)
    assert_reflows_at_320(page)
    # A wrong code shows the error summary, which must be accessible too.
    page.locator("#id_token").fill("000000")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)


def test_every_staff_page_is_accessible_and_reflows(live_server, page, demo_site):
    log_in(page, live_server.url, "beheerder", code=settings.DEMO_OTP_CODE)
    library = Organisation.objects.get(name__startswith="Bibliotheek")
    location = Location.objects.get(name="Centre Céramique")
    user = demo_user("informatiepunt")
    urls = [
        reverse("core:workspace"),
        reverse("core:audit-list"),
        reverse("core:site-settings"),
        reverse("accounts:account"),
        reverse("accounts:password-change"),
        reverse("accounts:otp-enrol"),
        reverse("accounts:user-list"),
        reverse("accounts:user-create"),
        reverse("accounts:user-detail", args=[user.pk]),
        reverse("accounts:user-update", args=[user.pk]),
        reverse("organisations:list"),
        reverse("organisations:create"),
        reverse("organisations:detail", args=[library.pk]),
        reverse("organisations:update", args=[library.pk]),
        reverse("organisations:location-create", args=[library.pk]),
        reverse("organisations:location-detail", args=[location.pk]),
        reverse("organisations:location-update", args=[location.pk]),
    ]
    for url in urls:
        for prefix in ("", "/en"):
            page.goto(live_server.url + prefix + url)
            assert page.locator("h1").count() == 1, url
            assert_accessible(page)
            assert_reflows_at_320(page)


def test_error_pages_are_accessible(live_server, page, demo_site):
    page.goto(live_server.url + "/bestaat-niet")
    assert_accessible(page)
    log_in(page, live_server.url, "leerling")
    page.goto(live_server.url + reverse("core:audit-list"))
    expect(page.get_by_role("heading", name="Geen toegang")).to_be_visible()
    assert_accessible(page)


def test_password_pages_and_lockout_are_accessible(live_server, page, demo_site):
    for name in ("accounts:password-reset", "accounts:password-reset-done"):
        page.goto(live_server.url + reverse(name))
        assert_accessible(page)
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Gebruikersnaam of e-mailadres").fill("leerling")
        page.get_by_label("Wachtwoord").fill("fout-wachtwoord-123")
        page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Te vaak geprobeerd")).to_be_visible()
    assert_accessible(page)


def demo_user(username):
    from digiketen.accounts.models import User

    return User.objects.get(username=username)


def tab_to(page: Page, target, limit: int = 15) -> None:
    """Press Tab until `target` has focus, as a keyboard user would."""
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(target).to_be_focused()


def test_keyboard_only_login_with_visible_focus(live_server, page, demo_site):
    page.goto(live_server.url + reverse("accounts:login"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skip).to_be_focused()
    assert skip.is_visible()
    page.keyboard.press("Enter")
    field = page.get_by_label("Gebruikersnaam of e-mailadres")
    tab_to(page, field)
    outline = field.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.type("informatiepunt")
    page.keyboard.press("Tab")
    page.keyboard.type(accounts_demo.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Code"))
    page.keyboard.type(settings.DEMO_OTP_CODE)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Werkruimte", level=1)).to_be_visible()


def test_login_and_management_work_without_javascript(live_server, browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, "regisseur", code=settings.DEMO_OTP_CODE)
    page.get_by_role("link", name="Organisaties en locaties").click()
    page.get_by_role("link", name="Nieuwe organisatie").click()
    page.get_by_label("Naam").fill("Digicafé Noord")
    page.get_by_label("Soort organisatie").select_option("welfare")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Digicafé Noord", level=1)).to_be_visible()
    page.get_by_role("link", name="Locatie toevoegen").click()
    page.get_by_role("button", name="Opslaan").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    summary.get_by_role("link").first.click()
    assert page.url.endswith("#id_name")
    context.close()


def test_resident_finds_digid_help_near_6211_in_three_steps_without_javascript(
    live_server, browser, demo_site, pdok
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + reverse("directory:public-start"))  # step 1
    page.get_by_role("link", name="Ik wil hulp met DigiD").click()  # step 2
    page.get_by_label("Uw postcode").fill("6211")
    page.get_by_role("button", name="Zoeken").click()  # step 3
    first = page.locator(".dk-result").first
    expect(first.get_by_role("link", name="Informatiepunt Digitale Overheid")).to_be_visible()
    expect(first.get_by_role("link", name="Centre Céramique")).to_be_visible()
    expect(first).to_contain_text("dinsdag 10:00–16:00")
    expect(first).to_contain_text("Ringleiding")
    context.close()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_finder_pages_are_accessible_and_reflow(live_server, page, demo_site, language):
    from digiketen.directory.models import Service

    prefix = "/en" if language == "en" else ""
    service = Service.objects.get(name="Informatiepunt Digitale Overheid")
    place = service.at_locations.select_related("location").first()
    urls = [
        reverse("directory:public-results", args=["digid"]).removeprefix("/en")
        + f"?postcode=62&wijk={place.location.neighbourhood_id}&vandaag=on",
        reverse("directory:public-results", args=["wifi"]).removeprefix("/en"),
        service.get_public_url().removeprefix("/en"),
        reverse("directory:public-location", args=[place.location.uuid]).removeprefix("/en"),
        reverse("directory:public-overview").removeprefix("/en")
        + f"?hulp=digid&wijk={place.location.neighbourhood_id}",
        reverse("directory:public-neighbourhood").removeprefix("/en")
        + f"?wijk={place.location.neighbourhood_id}",
        reverse("directory:public-neighbourhood").removeprefix("/en"),
        reverse("directory:public-neighbourhood").removeprefix("/en") + "?postcode=9999+AA&wijk=",
    ]
    for url in urls:
        page.goto(live_server.url + prefix + url)
        assert page.locator("h1").count() == 1, url
        assert_accessible(page)
        assert_reflows_at_320(page)


def test_finder_first_load_stays_within_50_kb(live_server, page, demo_site):
    bodies = []

    def collect(response):
        bodies.append(response.body())

    page.on("response", collect)
    page.goto(live_server.url + reverse("directory:public-results", args=["digid"]))
    weight = sum(len(gzip.compress(body)) for body in bodies)
    assert weight <= 50 * 1024, f"finder weighs {weight / 1024:.1f} KB compressed"


def test_all_help_in_a_wijk_from_a_postcode_stays_within_50_kb(live_server, page, demo_site):
    """The finder's postcode leads to the printed sheet of all help in its wijk."""
    bodies = []

    def collect(response):
        if not 300 <= response.status < 400:  # a redirect has no body
            bodies.append(response.body())

    page.on("response", collect)
    page.goto(
        live_server.url + reverse("directory:public-neighbourhood") + "?postcode=6217+BD&wijk="
    )
    expect(page.locator("h1")).to_have_text("Waar kunt u terecht? Alle hulp in Malberg")
    assert page.locator("main h2").count() >= 2
    weight = sum(len(gzip.compress(body)) for body in bodies)
    assert weight <= 50 * 1024, f"wijk sheet weighs {weight / 1024:.1f} KB compressed"


def test_service_management_pages_are_accessible(live_server, page, demo_site):
    from digiketen.directory.models import Service

    log_in(page, live_server.url, "regisseur", code=settings.DEMO_OTP_CODE)
    service = Service.objects.get(name="Informatiepunt Digitale Overheid")
    place = service.at_locations.first()
    for url in [
        reverse("directory:service-import"),
        reverse("directory:service-list"),
        reverse("directory:service-create"),
        reverse("directory:service-detail", args=[service.pk]),
        reverse("directory:service-update", args=[service.pk]),
        reverse("directory:place-create", args=[service.pk]),
        reverse("directory:place-update", args=[place.pk]),
        reverse("directory:exception-create", args=[place.pk]),
    ]:
        page.goto(live_server.url + url)
        assert page.locator("h1").count() == 1, url
        assert_accessible(page)
        assert_reflows_at_320(page)


def test_finder_by_keyboard_only(live_server, page, demo_site, pdok):
    page.goto(live_server.url + reverse("directory:public-start"))
    need = page.get_by_role("link", name="Ik wil hulp met DigiD")
    tab_to(page, need, limit=20)
    assert need.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Uw postcode"), limit=20)
    page.keyboard.type("6211")
    page.keyboard.press("Enter")
    expect(page.locator(".dk-result").first).to_contain_text("Centre Céramique")


def test_buddy_pages_are_accessible_and_reflow(live_server, page, demo_site):
    from digiketen.learning.models import BuddyRequest, Match, Volunteer

    log_in(page, live_server.url, "maatjes")
    volunteer = Volunteer.objects.order_by("pk").first()
    match = Match.objects.order_by("pk").first()
    waiting = BuddyRequest.objects.filter(status="open").first()
    urls = [
        reverse("learning:buddies"),
        reverse("learning:volunteer-list"),
        reverse("learning:volunteer-create"),
        reverse("learning:volunteer-detail", args=[volunteer.pk]),
        reverse("learning:volunteer-update", args=[volunteer.pk]),
        reverse("learning:request-list"),
        reverse("learning:request-create"),
        reverse("learning:request-detail", args=[waiting.pk]),
        reverse("learning:match-detail", args=[match.pk]),
        reverse("learning:buddy-figures"),
        reverse("learning:buddy-policy"),
    ]
    for url in urls:
        for prefix in ("", "/en"):
            page.goto(live_server.url + prefix + url)
            assert page.locator("h1").count() == 1, url
            assert_accessible(page)
            assert_reflows_at_320(page)
    # An empty request form shows the linked error summary, accessible too.
    page.goto(live_server.url + reverse("learning:request-create"))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)
