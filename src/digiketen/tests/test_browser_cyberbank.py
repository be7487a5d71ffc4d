"""The cyberbank's pages in a browser: accessible, without JavaScript, and the whole path from
donation to a device ready for handout."""

import json
import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from digiketen.inventory.tests.hardware import HARDWARE
from digiketen.organisations.models import Location
from digiketen.tests.test_browser import (
    assert_accessible,
    assert_reflows_at_320,
    log_in,
    tab_to,
)

pytestmark = pytest.mark.browser


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
        reverse("inventory:device-triage", args=[Device.objects.get(asset_tag="DEMO-0001").pk]),
    ]:
        for prefix in ("", "/en"):
            page.goto(live_server.url + prefix + url)
            assert page.locator("h1").count() == 1, url
            for summary in page.locator("summary").all():
                summary.click()  # what is folded away must pass too
            assert_accessible(page)
            assert_reflows_at_320(page)


def test_impact_factors_page_is_accessible_with_its_errors(live_server, page, demo_site):
    log_in(page, live_server.url, "regisseur")
    for prefix in ("", "/en"):
        page.goto(live_server.url + prefix + reverse("inventory:impact-factors"))
        assert page.locator("h1").count() == 1
        assert_accessible(page)
        assert_reflows_at_320(page)
    page.goto(live_server.url + reverse("inventory:impact-factors"))
    page.locator("[name=impact-0-co2_kg]").fill("")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


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
    from digiketen.inventory import services
    from digiketen.inventory.models import Device

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, "leerling")
    device = Device.objects.get(asset_tag="DEMO-0003")
    page.goto(live_server.url + device.get_absolute_url())
    main = page.locator("main")
    # The final check waits for the checklist: the page says what is still open.
    expect(main).to_contain_text("Daarna: Eindcontrole. Eerst nog:")
    expect(page.get_by_role("button", name="Naar: Eindcontrole")).to_have_count(0)
    page.get_by_label("Taak").select_option(label="Schoonmaken")
    page.get_by_label("Minuten").fill("20")
    page.get_by_role("button", name="Werk vastleggen").click()
    expect(main).to_contain_text("Het werk is vastgelegd.")
    expect(main).to_contain_text("Eerst nog:")
    trainee = device.work_logs.get().worker
    for task in services.open_tasks(device):
        services.log_work(actor=trainee, device_id=device.pk, task=task, minutes=5)
    page.reload()
    page.get_by_role("button", name="Naar: Eindcontrole").click()
    expect(main).to_contain_text("Status: Eindcontrole")
    expect(main).to_contain_text("De status is gewijzigd.")
    # A trainee is offered no step a trainee may not take.
    expect(page.get_by_role("button", name="Naar: Klaar voor uitgifte")).to_have_count(0)
    expect(main).to_contain_text(
        "De volgende stap (Klaar voor uitgifte) zet een begeleider of een medewerker"
    )
    context.close()


def test_a_triage_is_previewed_confirmed_and_undone_by_a_supervisor(
    live_server, browser, demo_site
):
    """The decision and its reasons before it is written; the other actions under a fold that
    opens without JavaScript; a supervisor sets a wrong triage back, with a reason."""
    from digiketen.inventory.models import Device

    device = Device.objects.get(asset_tag="DEMO-0001")  # built in 2018: past the age limit
    context = browser.new_context(java_script_enabled=False)
    staff = context.new_page()
    log_in(staff, live_server.url, "uitgifte", code=settings.DEMO_OTP_CODE)
    staff.goto(live_server.url + device.get_absolute_url())
    main = staff.locator("main")
    staff.get_by_text("Andere acties").click()
    expect(staff.get_by_label("Naar", exact=True)).to_be_visible()
    expect(staff.get_by_label("Reden", exact=True)).to_have_count(1)
    staff.get_by_role("button", name="Beoordelen (leeftijd en vergrendeling)").click()
    expect(main).to_contain_text("Bouwjaar 2018:")
    expect(main).to_contain_text("Niet op te knappen: gebruiken voor onderdelen.")
    device.refresh_from_db()
    assert device.state == "received"  # looking writes nothing
    staff.get_by_role("button", name="Ja, dit besluit vastleggen").click()
    expect(main).to_contain_text("Status: Gebruikt voor onderdelen")
    # Its storage is still to be erased before the recycler may have it.
    expect(main).to_contain_text("Wissen vastleggen: SSD")
    expect(staff.get_by_text("Beoordeling terugdraaien")).to_have_count(0)  # not hub staff's
    context.close()

    supervisor = browser.new_page()
    log_in(supervisor, live_server.url, "begeleider")
    supervisor.goto(live_server.url + device.get_absolute_url())
    supervisor.get_by_text("Beoordeling terugdraaien").click()
    assert_accessible(supervisor)
    supervisor.get_by_label("Waarom terugdraaien? (verplicht)").fill("Bouwjaar is 2023")
    supervisor.get_by_role("button", name="Terugdraaien").click()
    expect(supervisor.locator("main")).to_contain_text("Status: Ontvangen")
    expect(supervisor.locator("main")).to_contain_text("Bouwjaar is 2023")
    device.refresh_from_db()
    assert (device.state, device.triage_reason) == ("received", "")


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
    import urllib.request

    from digiketen.inventory import services
    from digiketen.inventory.models import Device

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
        staff.get_by_role("button", name="Ja, dit besluit vastleggen").click()
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
    # The last approval leaves one way forward: the laptop is erased at once.
    expect(supervisor.locator("main")).to_contain_text("Status: Gewist")

    trainee.goto(live_server.url + laptop.get_absolute_url())
    trainee.get_by_role("button", name="Naar: Wordt opgeknapt").click()
    for task in services.open_tasks(laptop):
        trainee.get_by_label("Taak").select_option(label=task.name)
        trainee.get_by_label("Minuten").fill("30")
        trainee.get_by_role("button", name="Werk vastleggen").click()
        expect(trainee.locator("main")).to_contain_text("Het werk is vastgelegd.")
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
