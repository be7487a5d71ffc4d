"""The course pages in the browser: every staff and public page axe-clean (WCAG A/AA) and
without sideways scrolling at 320 px, in Dutch and English; the public sign-up by keyboard
only."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from digiketen.learning import demo_courses
from digiketen.learning.models import Enrolment, EnrolmentStatus, Programme
from digiketen.tests.test_browser import assert_accessible, assert_reflows_at_320, log_in, tab_to

pytestmark = pytest.mark.browser
S = EnrolmentStatus


def walk(page, base: str, urls: list[str]) -> None:
    for url in urls:
        for prefix in ("", "/en"):
            page.goto(base + prefix + url)
            assert page.locator("h1").count() == 1, url
            assert page.locator("html").get_attribute("lang") == (prefix[1:] or "nl")
            assert_accessible(page)
            assert_reflows_at_320(page)


def test_every_public_course_page_is_accessible_and_reflows(live_server, page, demo_site):
    digisterker = Programme.objects.get(name=demo_courses.DIGISTERKER)
    urls = [reverse("learning:signup").removeprefix("/en")]
    for status in (S.REQUESTED, S.WAITING, S.OFFERED, S.PLACED, S.COMPLETED):
        enrolment = digisterker.enrolments.filter(status=status).first()
        urls.append(enrolment.get_resident_url())
    done = digisterker.enrolments.filter(status=S.COMPLETED).first()
    urls += [
        reverse("learning:certificate-verify", args=[done.certificate_code]),
        reverse("learning:certificate-verify", args=["NIETBESTAAT"]),
    ]
    walk(page, live_server.url, urls)


def test_every_staff_course_page_is_accessible_and_reflows(live_server, page, demo_site):
    log_in(page, live_server.url, "cursus", code=settings.DEMO_OTP_CODE)
    digisterker = Programme.objects.get(name=demo_courses.DIGISTERKER)
    finished, upcoming = digisterker.runs.order_by("pk")
    urls = [
        reverse("learning:programme-list"),
        reverse("learning:programme-create"),
        reverse("learning:programme-detail", args=[digisterker.pk]),
        reverse("learning:programme-update", args=[digisterker.pk]),
        reverse("learning:run-create", args=[digisterker.pk]),
        reverse("learning:run-detail", args=[finished.pk]),
        reverse("learning:run-detail", args=[upcoming.pk]),
        reverse("learning:run-update", args=[upcoming.pk]),
        reverse("learning:attendance", args=[finished.sessions.first().pk]),
        reverse("learning:attendance", args=[upcoming.sessions.first().pk]),
        reverse("learning:desk-signup"),
    ]
    for status in (S.REQUESTED, S.WAITING, S.OFFERED, S.PLACED, S.COMPLETED, S.DROPPED_OUT):
        urls.append(digisterker.enrolments.filter(status=status).first().get_absolute_url())
    walk(page, live_server.url, urls)


def test_a_resident_signs_up_for_a_course_by_keyboard_only(live_server, page, demo_site):
    page.goto(live_server.url + reverse("learning:signup"))
    keys = page.keyboard
    # Tab reaches the group of courses at its first choice; the arrow key picks the next.
    first = page.get_by_label(demo_courses.DIGISTERKER)
    tab_to(page, first, limit=60)
    assert first.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    keys.press("ArrowDown")
    course = page.get_by_label(demo_courses.KLIK_EN_TIK)
    expect(course).to_be_focused()
    expect(course).to_be_checked()
    tab_to(page, page.get_by_label("Uw naam"))
    keys.type("Gerda Lemmens")
    call = page.get_by_label("Bel mij")
    tab_to(page, call)
    keys.press("Space")
    expect(call).to_be_checked()
    tab_to(page, page.get_by_label("Telefoonnummer"))
    keys.type("043 123 45 67")
    thursday = page.get_by_label("donderdag")
    tab_to(page, thursday, limit=20)
    keys.press("Space")
    expect(thursday).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Aanmelden"), limit=10)
    keys.press("Enter")
    expect(page.locator("main")).to_contain_text("Bedankt! Wij hebben uw aanmelding.")
    enrolment = Enrolment.objects.get(name="Gerda Lemmens")
    assert enrolment.programme.name == demo_courses.KLIK_EN_TIK
    assert enrolment.days == [3]
    assert enrolment.phone == "043 123 45 67"
    # Klik & Tik needs no intake and has places: a seat is offered at once, by keyboard too.
    accept = page.get_by_role("button", name="Ja, ik doe mee")
    tab_to(page, accept, limit=30)
    keys.press("Enter")
    expect(page.locator("main")).to_contain_text("U doet mee.")
    assert Enrolment.objects.get(pk=enrolment.pk).status == S.PLACED
