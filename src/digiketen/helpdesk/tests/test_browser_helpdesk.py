"""Issue 6 in the browser: a walk-in visit with two questions registered by keyboard only,
the visitor's survey by code, and both in the figures; axe on every help point page."""

import gzip
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from digiketen.accounts.models import User
from digiketen.helpdesk import selectors, services
from digiketen.helpdesk.models import HelpContact, SurveyAnswer
from digiketen.organisations.models import Location
from digiketen.tests.test_browser import assert_accessible, assert_reflows_at_320, log_in

pytestmark = pytest.mark.browser


class Keyboard:
    """Presses keys on the focused element and counts them: the registration must be quick."""

    def __init__(self, page):
        self.page, self.presses = page, 0

    def press(self, key: str, times: int = 1) -> None:
        for _n in range(times):
            self.page.keyboard.press(key)
            self.presses += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.presses += len(text)

    def focused(self) -> str:
        return self.page.evaluate("document.activeElement.id")

    def tab_to(self, element_id: str, limit: int = 40) -> None:
        for _n in range(limit):
            if self.focused() == element_id:
                return
            self.press("Tab")
        raise AssertionError(f"never reached #{element_id}; at #{self.focused()}")


def test_walk_in_with_two_questions_by_keyboard_then_survey_then_figures(
    live_server, browser, demo_site
):
    base = live_server.url
    page = browser.new_context().new_page()
    log_in(page, base, "informatiepunt", code=settings.DEMO_OTP_CODE)
    page.goto(base + reverse("helpdesk:register"))
    keys = Keyboard(page)
    # The page opens on the first question; walk-in and digital government are preset.
    assert keys.focused() == "id_vraag-0-template"
    keys.tab_to("id_vraag-0-theme")
    keys.type("DigiD ac")
    keys.press("Tab")  # the outcome, a radio group: one Tab stop
    assert keys.focused() == "id_vraag-0-outcome_0"
    keys.press("Space")  # a.
    keys.press("Tab")  # "Instanties kiezen", a tick box each
    keys.press("Enter")
    keys.press("Tab")
    assert keys.focused() == "id_vraag-0-agencies_0"
    keys.press("Space")  # Belastingdienst/Toeslagen
    # The second question waits behind "Nog een vraag".
    keys.tab_to("id_minutes")
    page.keyboard.press("Shift+Tab")
    expect(page.locator(":focus")).to_have_text("Nog een vraag (vraag 2)")
    keys.press("Enter")
    keys.tab_to("id_vraag-1-theme")
    keys.type("Huur")
    keys.press("Tab")
    keys.press("ArrowDown", 4)  # e.
    # Enter in the outcome saves, as the guide says; the duration counts by itself.
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Het bezoek is geregistreerd.")
    # Few keys and no mouse: about 50 presses, most of them Tab past the tick boxes.
    assert keys.presses <= 55, keys.presses
    contact = HelpContact.objects.order_by("-pk").first()
    questions = [(q.theme.name, q.outcome_id) for q in contact.questions.all()]
    assert questions == [("DigiD activeren", "a"), ("Huurtoeslag", "e")]
    assert [a.name for a in contact.questions.first().agencies.all()] == [
        "Belastingdienst/Toeslagen"
    ]
    assert contact.channel == "walk_in" and contact.minutes >= 1
    code = page.locator(".dk-key").inner_text()

    # The visitor answers the survey on their phone with the code from the slip.
    visitor = browser.new_context(viewport={"width": 320, "height": 640}).new_page()
    visitor.goto(base + reverse("helpdesk:survey-start"))
    visitor.get_by_label("Uw code").fill(code.lower())
    visitor.get_by_role("button", name="Verder").click()
    expect(visitor.get_by_role("heading", name="Wat vond u van onze hulp?")).to_be_visible()
    assert_accessible(visitor)
    assert_reflows_at_320(visitor)
    visitor.set_viewport_size({"width": 320, "height": 640})
    visitor.get_by_label("Ja", exact=True).first.check()
    visitor.get_by_label("8", exact=True).check()
    visitor.get_by_role("group", name="Zou u nog eens bij ons komen?").get_by_label("Ja").check()
    visitor.get_by_role("group", name="Zou u ons aanraden").get_by_label("Ja").check()
    visitor.get_by_label("Wilt u nog iets zeggen?").fill("Heel duidelijk uitgelegd.")
    visitor.get_by_role("button", name="Versturen").click()
    expect(visitor.get_by_role("heading", name="Dank u wel")).to_be_visible()
    assert_accessible(visitor)
    visitor.goto(base + reverse("helpdesk:survey", args=[code]))
    expect(visitor.locator("main")).to_contain_text("al ingevuld")

    # The visit and the answer are in this month's figures.
    library = Location.objects.get(name="Centre Céramique")
    page.goto(base + reverse("helpdesk:figures") + f"?location={library.pk}&period=month")
    expected = selectors.figures(
        [library.pk], selectors.Period.around(timezone.localdate(), "month")
    )
    assert expected.answers >= 1 and expected.visits >= 1
    expect(page.locator('[data-figure="visits"]')).to_have_text(str(expected.visits))
    expect(page.locator('[data-figure="answers"]')).to_contain_text(str(expected.answers))
    expect(page.locator("main")).to_contain_text("Huurtoeslag")


def test_every_help_point_page_is_accessible_in_both_languages(live_server, browser, demo_site):
    base = live_server.url
    contact = HelpContact.objects.order_by("-pk").first()
    page = browser.new_page()
    for url in (reverse("helpdesk:survey-start"), reverse("helpdesk:survey", args=["ZZZZZZ"])):
        for prefix in ("", "/en"):
            page.goto(base + prefix + url)
            assert_accessible(page)
            assert_reflows_at_320(page)
    log_in(page, base, "informatiepunt", code=settings.DEMO_OTP_CODE)
    helper = User.objects.get(username="informatiepunt")
    tomorrow = timezone.localdate() + timedelta(days=1)
    services.create_slots(
        actor=helper,
        location=contact.location,
        helper=helper,
        day=tomorrow,
        first="10:00",
        last="11:00",
        minutes=30,
    )
    slot = selectors.open_slots(user=helper).first()
    appointment = services.book_appointment(
        actor=helper, slot_id=slot.pk, data={"visitor_name": "Mevrouw Jansen"}
    )
    urls = [
        reverse("helpdesk:appointments"),
        reverse("helpdesk:helper-day") + f"?dag={tomorrow.isoformat()}",
        appointment.get_absolute_url(),
        reverse("helpdesk:appointment-slip", args=[appointment.pk]),
        reverse("helpdesk:register"),
        reverse("helpdesk:visit-list"),
        reverse("helpdesk:visit-list") + "?code=ZZZZZZ",
        reverse("helpdesk:contact-detail", args=[contact.pk]),
        reverse("helpdesk:correct", args=[contact.pk]),
        reverse("helpdesk:slip", args=[contact.pk]),
        reverse("helpdesk:paper-answer", args=[contact.pk]),
        reverse("helpdesk:templates"),
        reverse("helpdesk:figures") + "?period=year",
        reverse("helpdesk:year"),
        reverse("helpdesk:signals") + "?period=year",
    ]
    for url in urls:
        for prefix in ("", "/en"):
            page.goto(base + prefix + url)
            assert page.locator("h1").count() == 1, url
            assert_accessible(page)
            assert_reflows_at_320(page)
    coordinator = browser.new_context().new_page()
    log_in(coordinator, base, "regisseur", code=settings.DEMO_OTP_CODE)
    for prefix in ("", "/en"):
        coordinator.goto(base + prefix + reverse("helpdesk:code-lists"))
        assert_accessible(coordinator)
        assert_reflows_at_320(coordinator)
    # The error summary of the registration page.
    page.goto(base + reverse("helpdesk:register"))
    page.get_by_role("button", name="Registreren").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)


def test_the_survey_page_first_load_stays_within_50_kb(live_server, page, demo_site):
    contact = HelpContact.objects.filter(survey__used_at__isnull=True).first()
    bodies = []
    page.on("response", lambda response: bodies.append(response.body()))
    page.goto(live_server.url + reverse("helpdesk:survey", args=[contact.survey.code]))
    page.wait_for_load_state("networkidle")
    weight = sum(len(gzip.compress(body)) for body in bodies)
    assert weight <= 50 * 1024, f"survey weighs {weight / 1024:.1f} KB compressed"
    assert re.search(r"Welk cijfer geeft u ons", page.content())


def test_the_survey_by_keyboard_and_without_javascript(live_server, browser, demo_site):
    codes = list(
        HelpContact.objects.filter(survey__used_at__isnull=True).values_list(
            "survey__code", flat=True
        )[:2]
    )
    # Keyboard only: a radio group is one Tab stop; Space chooses, arrows move.
    page = browser.new_page()
    page.goto(live_server.url + reverse("helpdesk:survey", args=[codes[0]]))
    keys = Keyboard(page)
    keys.tab_to("id_helped_0")
    keys.press("Space")
    keys.tab_to("id_mark_0")
    keys.press("ArrowRight", 7)  # 8
    keys.tab_to("id_would_return_0")
    keys.press("Space")
    keys.tab_to("id_would_recommend_0")
    keys.press("ArrowDown")  # no
    keys.tab_to("id_comment")
    keys.type("Fijn")
    keys.press("Tab")
    keys.press("Enter")
    expect(page.get_by_role("heading", name="Dank u wel")).to_be_visible()
    answer = SurveyAnswer.objects.get(contact__survey__code=codes[0])
    assert (answer.helped, answer.mark, answer.would_return) == ("yes", 8, True)
    assert answer.would_recommend is False
    # Without JavaScript, on a small phone.
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    phone = context.new_page()
    phone.goto(live_server.url + reverse("helpdesk:survey-start"))
    phone.get_by_label("Uw code").fill(codes[1])
    phone.get_by_role("button", name="Verder").click()
    phone.get_by_label("Een beetje").check()
    phone.get_by_label("6", exact=True).check()
    phone.get_by_role("group", name="Zou u nog eens bij ons komen?").get_by_label("Nee").check()
    phone.get_by_role("group", name="Zou u ons aanraden").get_by_label("Ja").check()
    phone.get_by_role("button", name="Versturen").click()
    expect(phone.get_by_role("heading", name="Dank u wel")).to_be_visible()
    assert SurveyAnswer.objects.get(contact__survey__code=codes[1]).helped == "partly"
    context.close()


def test_registering_tabs_past_empty_questions_and_saves_with_enter(
    live_server, browser, demo_site
):
    """Issue 12, point 16: Enter in the last answer saves (a select ignored it); the empty
    second and third questions are one Tab stop, not eight; agencies are tick boxes."""
    page = browser.new_context().new_page()
    log_in(page, live_server.url, "informatiepunt", code=settings.DEMO_OTP_CODE)
    page.goto(live_server.url + reverse("helpdesk:register"))
    keys = Keyboard(page)
    stops = []
    while page.evaluate("document.activeElement.type") != "submit":
        stops.append(page.evaluate("(el => el.id || el.textContent)(document.activeElement)"))
        keys.press("Tab")
    assert "Nog een vraag (vraag 2)" in stops
    assert not [stop for stop in stops if stop.startswith(("id_vraag-1", "id_vraag-2"))], stops
    assert not [stop for stop in stops if stop.startswith("id_vraag-0-agencies")], stops
    assert len(stops) <= 12, stops
    expect(page.locator("main")).not_to_contain_text("Ctrl")
    page.get_by_text("Instanties kiezen").first.click()
    expect(page.get_by_role("group", name="Instanties")).to_be_visible()
    expect(page.get_by_role("checkbox", name="CJIB")).to_have_count(1)
    assert page.locator("select[multiple]").count() == 0
    # Choose a theme and an outcome, then Enter in the outcome.
    page.locator("#id_vraag-0-theme").focus()
    keys.type("Boe")
    keys.press("Tab")
    keys.press("ArrowUp")  # round to the last outcome: not solved
    before = HelpContact.objects.count()
    keys.press("Enter")
    expect(page.locator("main")).to_contain_text("Het bezoek is geregistreerd.")
    assert HelpContact.objects.count() == before + 1
    question = HelpContact.objects.order_by("-pk").first().questions.get()
    assert (question.theme.name, question.outcome_id) == ("Boetes", "x")


def test_the_marks_are_two_rows_of_large_targets_on_a_small_phone(live_server, browser, demo_site):
    """Issue 12, point 16: marks 1 to 10 took ten rows on a phone; now two rows of five,
    each target at least 24 by 24 px (WCAG 2.5.8), and one row on a wider screen."""
    code = HelpContact.objects.filter(survey__used_at__isnull=True).first().survey.code
    phone = browser.new_context(viewport={"width": 320, "height": 640}).new_page()
    phone.goto(live_server.url + reverse("helpdesk:survey", args=[code]))
    marks = phone.get_by_role("group", name="Welk cijfer geeft u ons?").locator("label")
    expect(marks).to_have_count(10)

    def rows() -> set[int]:
        boxes = [marks.nth(n).bounding_box() for n in range(10)]
        for box in boxes:
            assert box["width"] >= 24 and box["height"] >= 24, box
        return {round(box["y"]) for box in boxes}

    assert len(rows()) == 2
    assert_reflows_at_320(phone)
    # The whole label is the target: a tap on the number chooses the mark.
    marks.nth(6).click(position={"x": 4, "y": 4})
    expect(phone.get_by_role("radio", name="7", exact=True)).to_be_checked()
    phone.set_viewport_size({"width": 1024, "height": 768})
    assert len(rows()) == 1


def test_registering_a_visit_without_javascript(live_server, browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, "informatiepunt", code=settings.DEMO_OTP_CODE)
    page.goto(live_server.url + reverse("helpdesk:register"))
    page.locator("#id_vraag-0-theme").select_option(label="DigiD-app")
    page.get_by_role("radio", name="Niet opgelost").first.check()
    page.get_by_label("Duur in minuten").fill("7")
    page.get_by_role("button", name="Registreren").click()
    expect(page.locator("main")).to_contain_text("Het bezoek is geregistreerd.")
    contact = HelpContact.objects.order_by("-pk").first()
    assert contact.minutes == 7 and contact.questions.get().outcome_id == "x"
    context.close()


def test_a_resident_books_a_help_point_appointment_without_javascript(
    live_server, browser, demo_site
):
    """Issue 12, point 2: /afspraak from the finder's help point, place → day → time, by a
    resident without JavaScript; then again with axe and at 320 px on every page."""

    def walk(page, check):
        page.goto(live_server.url + reverse("directory:public-results", args=["digid"]))
        page.get_by_role("link", name="Maak zelf een afspraak").first.click()
        check(page)
        page.get_by_role("link", name="Centre Céramique").click()
        check(page)
        page.locator(".dk-needs a").first.click()
        check(page)
        page.locator("input[name=time]").first.check()
        page.get_by_label("Uw naam").fill("Anna")
        page.get_by_label("Ik schrijf het zelf op").check()
        page.get_by_role("button", name="Afspraak maken").click()
        expect(page.get_by_role("heading", name="Uw afspraak is gemaakt", level=1)).to_be_visible()
        expect(page.locator("main")).to_contain_text("Kunt u niet?")
        check(page)

    def accessible(page):
        assert_accessible(page)
        assert_reflows_at_320(page)

    walk(browser.new_context(java_script_enabled=False).new_page(), lambda page: None)
    walk(browser.new_context().new_page(), accessible)


def test_a_resident_books_an_appointment_by_keyboard_only_with_visible_focus(
    live_server, page, demo_site
):
    """Issue 12, point 2: /afspraak by Tab, Shift+Tab, Space and Enter only (and typing):
    place, day, time, name and how to get the appointment, each target with its outline."""
    from digiketen.helpdesk.models import Appointment
    from digiketen.tests.test_browser import tab_to

    page.goto(live_server.url + reverse("helpdesk:book"))

    def focus_visibly(target, limit=60):
        tab_to(page, target, limit=limit)
        assert target.evaluate("el => getComputedStyle(el).outlineStyle") != "none"

    focus_visibly(page.get_by_role("link", name="Centre Céramique"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Kies een dag", level=1)).to_be_visible()
    first_day = page.locator(".dk-needs a").first
    focus_visibly(first_day)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kies een tijd op")
    first_time = page.locator("input[name=time]").first
    focus_visibly(first_time)
    page.keyboard.press("Space")
    expect(first_time).to_be_checked()
    focus_visibly(page.get_by_label("Uw naam"))
    page.keyboard.type("Anna")
    # A wrong turn and back: Shift+Tab returns to the field left behind.
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_label("Uw naam")).to_be_focused()
    by_sms = page.get_by_label("Met een SMS")
    focus_visibly(by_sms)
    page.keyboard.press("Space")
    expect(by_sms).to_be_checked()
    focus_visibly(page.get_by_label("Mobiel nummer"))
    page.keyboard.type("06 12345678")
    focus_visibly(page.get_by_role("button", name="Afspraak maken"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Uw afspraak is gemaakt", level=1)).to_be_visible()
    appointment = Appointment.objects.get(visitor_name="Anna")
    assert appointment.slot.location.name == "Centre Céramique"
    assert appointment.phone == "+31612345678"
