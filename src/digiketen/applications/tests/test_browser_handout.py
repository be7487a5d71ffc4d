"""Issue 5 in the browser: the whole handout path as resident and hub staff, and every page
of the applications app through axe in both languages, reflowing at 320 px."""

import gzip
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from digiketen.applications.models import Application, PriorityCategory
from digiketen.tests.test_browser import assert_accessible, assert_reflows_at_320, log_in, tab_to

pytestmark = pytest.mark.browser
HUB = "Cyberbank uitgiftepunt Randwyck"


def check(page) -> None:
    assert_accessible(page)
    assert_reflows_at_320(page)


def resident_status(browser, base, reference, postcode="6211 CN"):
    """What the resident sees on the status page, looked up with code and postcode."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + reverse("applications:status"))
    page.get_by_label("Uw aanvraagcode").fill(reference)
    page.get_by_label("Uw postcode").fill(postcode)
    page.get_by_role("button", name="Bekijken").click()
    text = page.locator("main").inner_text()
    context.close()
    return text


def test_apply_check_wait_reserve_pick_up_hand_over_return_and_refund(
    live_server, browser, demo_site
):
    base = live_server.url
    # The resident applies online, without JavaScript, and fixes one mistake on the way.
    resident_context = browser.new_context(java_script_enabled=False)
    resident = resident_context.new_page()
    resident.goto(base + reverse("applications:apply"))
    resident.get_by_label("Een laptop").check()
    resident.get_by_label("School of studie").check()
    resident.get_by_role("button", name="Volgende").click()
    resident.get_by_label("Met hoeveel mensen woont u in huis?").fill("3")
    resident.get_by_label("Hoeveel kinderen in uw huis gaan naar school?").fill("2")
    resident.get_by_role("button", name="Volgende").click()
    resident.get_by_label("Voornaam").fill("Noor")
    resident.get_by_label("Achternaam").fill("Hermans")
    resident.get_by_label("Postcode").fill("6211 CN")
    resident.get_by_label("Huisnummer").fill("5")
    resident.get_by_label(HUB).check()
    resident.get_by_label("E-mail", exact=True).check()
    resident.get_by_role("button", name="Volgende").click()
    expect(resident.locator("#error-summary")).to_contain_text("Vul uw e-mailadres in")
    expect(resident.get_by_label("Achternaam")).to_have_value("Hermans")
    resident.get_by_label("E-mailadres").fill("noor@example.org")
    resident.get_by_role("button", name="Volgende").click()
    resident.get_by_label("Ik heb een Stadspas").check()
    resident.get_by_role("button", name="Volgende").click()
    expect(resident.locator("main")).to_contain_text("Hermans")  # the summary to check
    resident.get_by_label("Ik geef toestemming").check()
    resident.get_by_role("button", name="Aanvraag versturen").click()
    expect(resident.get_by_role("heading", name="Wij hebben uw aanvraag")).to_be_visible()
    reference = resident.locator(".dk-key").inner_text()
    application = Application.objects.get(reference=reference)
    resident_context.close()
    assert "Ontvangen" in resident_status(browser, base, reference)

    # Hub staff check the pass; the suggested priority group is the school children's.
    staff = browser.new_context().new_page()
    log_in(staff, base, "uitgifte", code=settings.DEMO_OTP_CODE)
    staff.goto(base + reverse("applications:list"))
    staff.get_by_role("link", name=reference).click()
    staff.get_by_role("link", name="Controleren of de inwoner in aanmerking komt").click()
    check(staff)
    staff.get_by_label("Komt in aanmerking", exact=True).check()
    staff.get_by_label("Ik heb een Stadspas").check()
    staff.get_by_label("Nummer Stadspas").fill("1234567890")
    staff.get_by_label("Pas geldig tot").fill(f"{timezone.localdate().year + 1}-12-31")
    school = PriorityCategory.objects.get(signal="school_children")
    expect(staff.get_by_label("Voorrangsgroep")).to_have_value(str(school.pk))
    staff.get_by_role("button", name="Besluit opslaan").click()
    expect(staff.locator("main")).to_contain_text("Op de wachtlijst")
    status = resident_status(browser, base, reference)
    place = re.search(r"plaats (\d+) van (\d+)", status)
    assert "Op de wachtlijst" in status and place, status
    # School children go first: behind the one school family already waiting, before Henk.
    assert place.groups() == ("2", "3")

    # A suitable device is suggested and reserved; the resident is invited by e-mail.
    staff.get_by_role("link", name="Apparaat kiezen en reserveren").click()
    check(staff)
    staff.get_by_label(re.compile("DEMO-0011")).check()
    # Samira waits longer; passing her needs a reason.
    staff.get_by_label("Waarom gaat deze aanvraag").fill("Schoolkind, deze laptop heeft een webcam")
    staff.get_by_role("button", name="Reserveren en uitnodigen").click()
    expect(staff.locator("main")).to_contain_text("Uitgenodigd om op te halen")
    invitation = Application.objects.get(reference=reference).notifications.get(kind="invited")
    link = re.search(r"https?://\S+/ophalen/\S+", invitation.body).group(0)
    assert invitation.delivery == "sent"
    assert "Uitgenodigd" in resident_status(browser, base, reference)

    # The resident chooses a pickup time from the invitation and gets a calendar file.
    resident_context = browser.new_context(java_script_enabled=False)
    resident = resident_context.new_page()
    resident.goto(base + urlparse(link).path)
    resident.locator(".dk-needs a").first.click()  # the day, then the time
    resident.get_by_role("radio").first.check()
    resident.get_by_role("button", name="Deze tijd kiezen").click()
    expect(resident.locator("main")).to_contain_text("Uw afspraak staat.")
    with resident.expect_download() as download:
        resident.get_by_role("link", name="Zet de afspraak in uw agenda").click()
    assert "BEGIN:VEVENT" in Path(download.value.path()).read_text(encoding="utf-8")
    resident_context.close()
    assert "Afspraak gemaakt" in resident_status(browser, base, reference)

    # Handover: agreement signed on paper, EUR 20 deposit in cash; help nearby is offered.
    staff.goto(base + reverse("applications:detail", args=[application.pk]))
    staff.get_by_role("link", name="Apparaat uitgeven").click()
    check(staff)
    staff.get_by_label("Op papier").check()
    staff.get_by_label("Contant").check()
    staff.get_by_label("De inwoner wil graag een basiscursus.").check()
    staff.get_by_role("button", name="Uitgeven").click()
    expect(staff.get_by_role("heading", name="Uitgegeven")).to_be_visible()
    expect(staff.locator("main")).to_contain_text("€ 20,00")
    check(staff)
    assert "Opgehaald" in resident_status(browser, base, reference)
    staff.goto(base + reverse("applications:cash") + "?dag=" + timezone.localdate().isoformat())
    expect(staff.locator("main")).to_contain_text("In bewaring")
    check(staff)
    staff.goto(base + reverse("applications:lost", args=[application.pk]))
    check(staff)

    # The device comes back within the period: the deposit is refunded, the ledger balances.
    staff.goto(base + reverse("applications:return", args=[application.pk]))
    check(staff)
    staff.get_by_label("Goed").check()
    staff.get_by_label("Contant").check()
    staff.get_by_role("button", name="Terugname opslaan").click()
    expect(staff.locator("main")).to_contain_text("Teruggebracht")
    assert "Teruggebracht" in resident_status(browser, base, reference)
    staff.goto(base + reverse("applications:cash"))
    facts = staff.locator("dl.dk-facts").inner_text()
    assert re.search(r"Ontvangen\s+€ 20,00", facts) and re.search(r"Terugbetaald\s+€ 20,00", facts)
    assert re.search(r"In bewaring.*\s+€ 0,00", facts)
    from digiketen.inventory.models import Device

    assert Device.objects.get(asset_tag="DEMO-0011").state == "awaiting_erasure"


def test_every_application_page_is_accessible_in_both_languages(live_server, browser, demo_site):
    base = live_server.url
    henk = Application.objects.get(first_name="Henk")
    lotte = Application.objects.get(first_name="Lotte")
    public = [reverse("applications:apply"), reverse("applications:status")]
    staff_pages = [
        reverse("applications:list"),
        reverse("applications:new"),
        reverse("applications:waiting-list"),
        reverse("applications:slots"),
        reverse("applications:day-list"),
        reverse("applications:cash"),
        reverse("applications:tasks"),
        reverse("applications:internet-list"),
        reverse("applications:detail", args=[henk.pk]),
        reverse("applications:eligibility", args=[lotte.pk]),
        reverse("applications:move-up", args=[henk.pk]),
        reverse("applications:reserve", args=[henk.pk]),
        reverse("applications:internet", args=[henk.pk]),
        reverse("applications:close", args=[henk.pk]),
    ]
    # A pickup that has started, for the "Niet gekomen?" question.
    from datetime import timedelta

    from digiketen.applications.models import PickupSlot
    from digiketen.inventory.models import Device

    started = PickupSlot.objects.create(
        hub=henk.hub,
        starts_at=timezone.now() - timedelta(minutes=30),
        ends_at=timezone.now() - timedelta(minutes=10),
    )
    device = Device.objects.get(asset_tag="DEMO-0012")
    Device.objects.filter(pk=device.pk).update(state="reserved")
    late = Application.objects.get(first_name="Samira")
    Application.objects.filter(pk=late.pk).update(
        status="scheduled", device=device, slot=started, invitation_token="x" * 40
    )
    staff_pages += [
        reverse("applications:no-show", args=[late.pk]),
        reverse("applications:book", args=[late.pk]),
        reverse("applications:release", args=[late.pk]),
        reverse("applications:handover", args=[late.pk]),
    ]
    public += [
        reverse("applications:invitation", args=["x" * 40]),
        reverse("applications:invitation", args=["no-longer-valid"]),
    ]
    page = browser.new_page()
    # The resident's own pages open after looking up the code with the postcode.
    page.goto(base + reverse("applications:status"))
    page.get_by_label("Uw aanvraagcode").fill(henk.reference)
    page.get_by_label("Uw postcode").fill(henk.postcode)
    page.get_by_role("button", name="Bekijken").click()
    expect(page.locator("main")).to_contain_text("Op de wachtlijst")
    public += [
        reverse("applications:status-detail", args=[henk.reference]),
        reverse("applications:applied", args=[henk.reference]),
    ]
    for url in public:
        for prefix in ("", "/en"):
            page.goto(base + prefix + url)
            check(page)
    # Every step of the form, and its error summary.
    page.goto(base + reverse("applications:apply"))
    page.get_by_role("button").filter(has_text=re.compile("Volgende|Next")).first.click()
    expect(page.locator("#error-summary")).to_be_visible()
    check(page)
    log_in(page, base, "uitgifte", code=settings.DEMO_OTP_CODE)
    for url in staff_pages:
        for prefix in ("", "/en"):
            page.goto(base + prefix + url)
            assert page.locator("h1").count() == 1, url
            check(page)
    page.goto(base + reverse("applications:new"))
    page.get_by_role("button", name="Aanvraag opslaan").click()
    expect(page.locator("#error-summary")).to_be_visible()
    check(page)
    coordinator = browser.new_context().new_page()
    log_in(coordinator, base, "regisseur", code=settings.DEMO_OTP_CODE)
    for prefix in ("", "/en"):
        coordinator.goto(base + prefix + reverse("applications:policy"))
        check(coordinator)


def test_the_application_form_first_load_stays_within_50_kb(live_server, page, demo_site):
    bodies = []
    page.on("response", lambda response: bodies.append(response.body()))
    page.goto(live_server.url + reverse("applications:apply"), wait_until="networkidle")
    weight = sum(len(gzip.compress(body)) for body in bodies)
    assert weight <= 50 * 1024, f"application form weighs {weight / 1024:.1f} KB compressed"


def test_applying_by_keyboard_only_with_visible_focus(live_server, page, demo_site):
    page.goto(live_server.url + reverse("applications:apply"))

    def choose(label, key="Space"):
        field = page.get_by_label(label, exact=True)
        tab_to(page, field, limit=40)
        assert field.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
        page.keyboard.press(key)

    def fill(label, text):
        tab_to(page, page.get_by_label(label, exact=True), limit=40)
        page.keyboard.type(text)

    def next_step(name="Volgende"):
        tab_to(page, page.get_by_role("button", name=name), limit=40)
        page.keyboard.press("Enter")

    choose("Een laptop")
    choose("Contact met familie en vrienden")
    next_step()
    fill("Met hoeveel mensen woont u in huis?", "1")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("0")
    choose("Ik woon alleen en ben 75 jaar of ouder.")
    next_step()
    fill("Voornaam", "Wim")
    fill("Achternaam", "Claessens")
    fill("Postcode", "6211 CN")
    fill("Huisnummer", "9")
    choose(HUB)
    # A radio group is one Tab stop; the arrow keys choose within it.
    choose("E-mail", key="ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Telefoon", exact=True)).to_be_checked()
    fill("Telefoonnummer", "043 123 4567")
    next_step()
    choose("Ik heb een Stadspas")
    next_step()
    choose("Ik geef toestemming. De cyberbank mag mijn gegevens gebruiken voor deze aanvraag.")
    next_step("Aanvraag versturen")
    expect(page.get_by_role("heading", name="Wij hebben uw aanvraag")).to_be_visible()
    application = Application.objects.get(last_name="Claessens")
    assert application.alone_75 and application.contact_by == "phone"
    # Without e-mail or mobile, the confirmation becomes a call on the staff's to-do list.
    assert application.notifications.get().delivery == "to_do"


def test_looking_up_the_status_by_keyboard(live_server, page, demo_site):
    henk = Application.objects.get(first_name="Henk")
    page.goto(live_server.url + reverse("applications:status"))
    code = page.get_by_label("Uw aanvraagcode")
    tab_to(page, code, limit=30)
    page.keyboard.type(henk.reference)
    page.keyboard.press("Tab")
    page.keyboard.type(henk.postcode)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Op de wachtlijst")


def test_choosing_a_pickup_day_then_time_by_keyboard_only_with_visible_focus(
    live_server, page, demo_site
):
    """Issue 12, point 3: the invitation's day → time choice by Tab, Shift+Tab, Space and
    Enter only, each focused target showing its outline."""
    from digiketen.inventory.models import Device

    henk = Application.objects.get(first_name="Henk")
    device = Device.objects.get(asset_tag="DEMO-0012")
    Device.objects.filter(pk=device.pk).update(state="reserved")
    Application.objects.filter(pk=henk.pk).update(
        status="invited", device=device, invitation_token="k" * 40
    )
    page.goto(live_server.url + reverse("applications:invitation", args=["k" * 40]))

    def focus_visibly(target, limit=40):
        tab_to(page, target, limit=limit)
        assert target.evaluate("el => getComputedStyle(el).outlineStyle") != "none"

    first_day = page.locator(".dk-needs a").first
    focus_visibly(first_day)
    # One step back and forth again: Shift+Tab leaves the day, Tab comes back to it.
    page.keyboard.press("Shift+Tab")
    expect(first_day).not_to_be_focused()
    page.keyboard.press("Tab")
    expect(first_day).to_be_focused()
    day_text = first_day.inner_text()
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("heading", level=2, name=re.compile("Kies een tijd op"))
    ).to_contain_text(day_text)
    first_time = page.get_by_role("radio").first
    focus_visibly(first_time)
    page.keyboard.press("Space")
    expect(first_time).to_be_checked()
    chosen = page.locator(f"label[for='{first_time.get_attribute('id')}']").inner_text()
    focus_visibly(page.get_by_role("button", name="Deze tijd kiezen"))
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Uw afspraak staat.")
    henk.refresh_from_db()
    assert henk.status == "scheduled"
    assert f"{timezone.localtime(henk.slot.starts_at):%H:%M}" in chosen
    # Another time is one keyboard step away.
    focus_visibly(page.get_by_role("link", name="Andere tijd kiezen"))
    page.keyboard.press("Enter")
    expect(page.locator(".dk-needs a").first).to_be_visible()
