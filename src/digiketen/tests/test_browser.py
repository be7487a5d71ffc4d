"""Browser tests in Debian's Chromium: accessibility (axe), reflow at 320 px, keyboard use,
no-JavaScript use, and every demo role's login with two-factor authentication."""

import gzip
import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from digiketen.accounts import demo as accounts_demo
from digiketen.accounts.roles import TWO_FACTOR_ROLES, Role
from digiketen.conftest import make_staff
from digiketen.inventory.tests.hardware import HARDWARE
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
    "distribution": "Cyberbank: regels voor uitgifte",
    "helpdesk": "Informatiepunt",
    "figures": "Informatiepunt: cijfers",
    "account": "Mijn account",
}
EXPECTED_SECTIONS = {
    Role.SYSTEM_ADMIN: {
        "directory",
        "services",
        "devices",
        "donations",
        "applications",
        "distribution",
        "helpdesk",
        "figures",
        "users",
        "audit",
        "settings",
        "account",
    },
    Role.HUB_STAFF: {"directory", "devices", "donations", "applications", "account"},
    Role.TECHNICIAN_SUPERVISOR: {"directory", "devices", "donations", "account"},
    Role.TECHNICIAN_TRAINEE: {"directory", "devices", "account"},
    Role.ORGANISATION_ADMIN: {"directory", "services", "users", "audit", "figures", "account"},
    Role.COORDINATOR: {"directory", "services", "distribution", "figures", "account"},
    Role.HELP_POINT_STAFF: {"directory", "helpdesk", "figures", "account"},
}


def assert_accessible(page: Page) -> None:
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
    needs_code = role in {Role(r) for r in TWO_FACTOR_ROLES}
    log_in(page, live_server.url, username, code=settings.DEMO_OTP_CODE if needs_code else None)
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


def test_cyberbank_pages_are_accessible(live_server, page, demo_site):
    from digiketen.accounts.models import User
    from digiketen.inventory.models import Device

    log_in(page, live_server.url, "begeleider")
    device = Device.objects.get(asset_tag="DEMO-0002")
    medium = device.media.get()
    trainee = User.objects.get(username="leerling")
    for url in [
        reverse("inventory:trainee-list"),
        reverse("inventory:stock"),
        reverse("inventory:code-lists"),
        reverse("inventory:shipment-create"),
        reverse("inventory:trainee-detail", args=[trainee.pk]),
        reverse("inventory:device-detail", args=[Device.objects.get(asset_tag="DEMO-0003").pk]),
        reverse("inventory:device-list"),
        reverse("inventory:device-intake"),
        reverse("inventory:device-detail", args=[device.pk]),
        reverse("inventory:device-update", args=[device.pk]),
        reverse("inventory:medium-create", args=[device.pk]),
        reverse("inventory:erasure-create", args=[medium.pk]),
    ]:
        for prefix in ("", "/en"):
            page.goto(live_server.url + prefix + url)
            assert page.locator("h1").count() == 1, url
            assert_accessible(page)
            assert_reflows_at_320(page)


def test_certificate_verification_pages_are_accessible(live_server, page, db):
    for language in ("", "/en"):
        page.goto(
            live_server.url
            + language
            + reverse("certificates:verify", args=["WC-2026-XXXXX-YYYYY"])
        )
        expect(page.locator("main")).to_contain_text("WC-2026-XXXXX-YYYYY")
        assert_accessible(page)
        assert_reflows_at_320(page)


def test_trainee_records_work_without_javascript(live_server, browser, demo_site):
    from digiketen.inventory.models import Device

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, "leerling")
    device = Device.objects.get(asset_tag="DEMO-0003")
    page.goto(live_server.url + device.get_absolute_url())
    page.get_by_role("button", name="Naar: Eindcontrole").click()
    expect(page.locator("main")).to_contain_text("Status: Eindcontrole")
    expect(page.locator("main")).to_contain_text("De status is gewijzigd.")
    context.close()


def test_donor_registers_without_javascript_and_pages_are_accessible(
    live_server, browser, demo_site
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + reverse("donations:donate"))
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.locator("#error-summary")).to_be_visible()
    page.get_by_label("Ikzelf, als inwoner").check()
    page.get_by_label("Uw naam").fill("Jan Janssen")
    page.get_by_label("E-mailadres").fill("jan@example.org")
    page.get_by_label("Laptops").fill("1")
    page.get_by_label("Weet ik niet").check()
    page.get_by_label("Ik breng de apparaten zelf").check()
    page.get_by_label("Waar brengt u ze").select_option(label="Cyberbank uitgiftepunt Randwyck")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Uw donatie")).to_be_visible()
    donor_url = page.url
    context.close()
    from digiketen.donations.models import Donation

    staff = browser.new_context().new_page()
    log_in(staff, live_server.url, "uitgifte", code=settings.DEMO_OTP_CODE)
    for url in (reverse("donations:list"), Donation.objects.get().get_absolute_url()):
        staff.goto(live_server.url + url)
        assert_accessible(staff)
        assert_reflows_at_320(staff)
    for url in (reverse("donations:donate"), donor_url.removeprefix(live_server.url)):
        for prefix in ("", "/en"):
            check = browser.new_page()
            check.goto(live_server.url + prefix + url)
            assert_accessible(check)
            assert_reflows_at_320(check)
            check.close()


def test_cyberbank_whole_path_from_donation_to_ready(live_server, browser, demo_site):
    """Donor form -> intake of three devices (one too old) -> capture through the API with the
    hub token -> erasure recorded and signed off -> trainee work -> quality check -> ready;
    the donor link shows the certificate and the verification page says valid / not valid."""
    import json
    import urllib.request

    from digiketen.inventory import services
    from digiketen.inventory.models import Device
    from digiketen.organisations.models import Location

    hub = Location.objects.get(name="Cyberbank uitgiftepunt Randwyck")

    def session(username, code=None):
        context = browser.new_context()
        page = context.new_page()
        log_in(page, live_server.url, username, code=code)
        return page

    # The donor registers (an organisation bringing laptops).
    donor = browser.new_page()
    donor.goto(live_server.url + reverse("donations:donate"))
    donor.get_by_label("Een organisatie of bedrijf").check()
    donor.get_by_label("Naam organisatie").fill("Woonpunt")
    donor.get_by_label("Uw naam").fill("Sanne de Vries")
    donor.get_by_label("E-mailadres").fill("sanne@example.org")
    donor.get_by_label("Laptops").fill("3")
    donor.get_by_label("3 tot 5 jaar").check()
    donor.get_by_label("Ik breng de apparaten zelf").check()
    donor.get_by_label("Waar brengt u ze").select_option(label=hub.name)
    donor.get_by_role("button", name="Aanmelden").click()
    expect(donor.get_by_role("heading", name="Uw donatie")).to_be_visible()
    donor_url = donor.url

    # Hub staff take in three devices of the donation; one is too old and goes to parts.
    staff = session("uitgifte", settings.DEMO_OTP_CODE)
    for count, year in ((2, "2022"), (1, "2012")):
        staff.goto(live_server.url + reverse("inventory:device-intake"))
        staff.get_by_label("Uitgiftepunt").select_option(label=hub.name)
        staff.get_by_label("Van welke donatie").select_option(index=1)
        staff.get_by_label("Aantal").fill(str(count))
        staff.get_by_label("Bouwjaar").fill(year)
        staff.get_by_role("button", name="Innemen").click()
    devices = list(Device.objects.filter(donation__isnull=False).order_by("asset_tag"))
    assert len(devices) == 3
    for device in devices:
        staff.goto(live_server.url + device.get_absolute_url())
        staff.get_by_role("button", name="Beoordelen (leeftijd en vergrendeling)").click()
    states = dict(
        Device.objects.filter(pk__in=[d.pk for d in devices]).values_list("year", "state")
    )
    assert states == {2022: "awaiting_erasure", 2012: "parts_harvested"}
    laptop = devices[0]

    # digiketen-collect uploads the capture with the hub's token.
    _token, secret = services.create_hub_token(hub=hub, name="stick")
    body = json.dumps(
        {
            "collectorVersion": "1.0",
            "files": {
                "dmidecode.txt": (HARDWARE / "Thinkpad-R500" / "baseboard.txt").read_text()
                + (HARDWARE / "Thinkpad-R500" / "chassis.txt").read_text(),
                "lscpu.txt": (HARDWARE / "Thinkpad-R500" / "lscpu.txt").read_text(),
                "smartctl.json": (HARDWARE / "smartctl" / "mini_sata01.json").read_text(),
            },
        }
    ).encode()
    request = urllib.request.Request(
        f"{live_server.url}/api/v1/devices/{laptop.asset_tag}/captures",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Token {secret}"},
    )
    with urllib.request.urlopen(request) as response:
        assert response.status == 201
    medium = laptop.media.get()

    # The trainee erases the disk; the supervisor signs it off and moves the laptop on.
    trainee = session("leerling")
    trainee.goto(live_server.url + reverse("inventory:erasure-create", args=[medium.pk]))
    trainee.get_by_label("Niveau (NIST 800-88)").select_option("clear")
    trainee.get_by_label("Methode (IEEE 2883)").select_option("overwrite")
    trainee.locator("#id_started_at").fill("2026-11-27T09:00")
    trainee.locator("#id_ended_at").fill("2026-11-27T11:00")
    trainee.get_by_label("Controle geslaagd").check()
    trainee.get_by_label("Uitkomst").select_option("erased")
    trainee.locator("#id_evidence").fill("nwipe 0.36: pass 1/1 DOD short ... Erased")
    trainee.get_by_role("button", name="Vastleggen").click()
    supervisor = session("begeleider")
    supervisor.goto(live_server.url + laptop.get_absolute_url())
    supervisor.get_by_role("button", name="Goedkeuren").click()
    supervisor.get_by_role("button", name="Naar: Gewist").click()
    expect(supervisor.locator("main")).to_contain_text("Status: Gewist")

    trainee.goto(live_server.url + laptop.get_absolute_url())
    trainee.get_by_role("button", name="Naar: Wordt opgeknapt").click()
    trainee.get_by_label("Taak").select_option(label="Toetsenbord testen")
    trainee.get_by_label("Minuten").fill("30")
    trainee.get_by_role("button", name="Werk vastleggen").click()
    trainee.get_by_role("button", name="Naar: Eindcontrole").click()
    supervisor.goto(live_server.url + laptop.get_absolute_url())
    supervisor.get_by_role("button", name="Naar: Klaar voor uitgifte").click()
    expect(supervisor.locator("main")).to_contain_text("Status: Klaar voor uitgifte")

    # The donor sees the certificate; the verification page says valid, and not valid if altered.
    donor.goto(donor_url)
    expect(donor.locator("main")).to_contain_text("Klaar voor een nieuwe eigenaar")
    donor.get_by_role("link", name=re.compile("certificaat .* controleren")).click()
    expect(donor.locator("main")).to_contain_text("is geldig")
    assert_accessible(donor)
    assert_reflows_at_320(donor)
    number = laptop.certificates.get().number
    altered = number[:-1] + ("A" if number[-1] != "A" else "B")
    donor.goto(live_server.url + reverse("certificates:verify", args=[altered]))
    expect(donor.locator("main")).to_contain_text("niet geldig")


def test_donating_by_keyboard_only(live_server, page, demo_site):
    from digiketen.donations.models import Donation

    page.goto(live_server.url + reverse("donations:donate"))
    # A radio group is one Tab stop; the arrow keys choose within it.
    tab_to(page, page.get_by_label("Een organisatie of bedrijf"), limit=30)
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Ikzelf, als inwoner")).to_be_checked()
    for label, text in (
        ("Uw naam", "Jan Janssen"),
        ("E-mailadres", "jan@example.org"),
        ("Laptops", "1"),
    ):
        tab_to(page, page.get_by_label(label), limit=30)
        page.keyboard.type(text)
    tab_to(page, page.get_by_label("Jonger dan 3 jaar"), limit=30)
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Weet ik niet")).to_be_checked()
    tab_to(page, page.get_by_label("Ik breng de apparaten zelf"), limit=30)
    page.keyboard.press("Space")
    hub = page.get_by_label("Waar brengt u ze")
    tab_to(page, hub, limit=30)
    page.keyboard.press("ArrowDown")
    tab_to(page, page.get_by_role("button", name="Aanmelden"), limit=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Uw donatie")).to_be_visible()
    assert Donation.objects.get().contact_name == "Jan Janssen"
