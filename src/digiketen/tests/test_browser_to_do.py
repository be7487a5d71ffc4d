"""The letters-and-calls list in the browser: axe-clean in both languages, reflows at 320 px,
and a letter is marked done by keyboard only, without JavaScript."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from digiketen.core import outbox
from digiketen.core.models import Channel, Delivery, Message
from digiketen.tests.test_browser import (
    assert_accessible,
    assert_reflows_at_320,
    demo_user,
    log_in,
    tab_to,
)

pytestmark = pytest.mark.browser


def to_do_items():
    organisation = demo_user("uitgifte").memberships.get().organisation
    common = {"kind": "test", "organisation": organisation, "recipient_name": "Fatima el Amrani"}
    letter = outbox.send(
        channel=Channel.LETTER,
        to="Markt 1\n6211 CK Maastricht",
        subject="Er is een laptop voor u",
        body="Kies een tijd.",
        **common,
    )
    outbox.send(
        channel=Channel.PHONE, to="+31612345678", subject="Bel over de afspraak", body="", **common
    )
    return letter


def test_to_do_list_is_accessible_and_works_by_keyboard_and_without_javascript(
    live_server, browser, page, demo_site
):
    letter = to_do_items()
    # Without JavaScript: the section link, the list and the POST of "done".
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    log_in(plain, live_server.url, "uitgifte", code=settings.DEMO_OTP_CODE)
    plain.get_by_role("link", name="Brieven en telefoontjes").click()
    plain.get_by_role("button", name="Gedaan: Bel over de afspraak aan Fatima el Amrani").click()
    expect(plain.get_by_text("Gemarkeerd als gedaan.")).to_be_visible()
    expect(plain.get_by_text("Bel over de afspraak")).to_have_count(0)
    context.close()

    # By keyboard only, axe-clean in both languages, and no sideways scrolling at 320 px.
    log_in(page, live_server.url, "uitgifte", code=settings.DEMO_OTP_CODE)
    page.goto(live_server.url + reverse("core:to-do"))
    expect(page.get_by_role("heading", name="Brieven en telefoontjes", level=1)).to_be_visible()
    assert_accessible(page)
    assert_reflows_at_320(page)
    done = page.get_by_role("button", name="Gedaan: Er is een laptop voor u aan Fatima el Amrani")
    tab_to(page, done, limit=40)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Gemarkeerd als gedaan.")).to_be_visible()
    expect(page.get_by_text("Niets te doen.")).to_be_visible()
    assert Message.objects.get(pk=letter.pk).delivery == Delivery.DONE
    assert_accessible(page)
    page.goto(live_server.url + "/en" + reverse("core:to-do"))
    expect(page.get_by_role("heading", name="Letters and phone calls", level=1)).to_be_visible()
    assert_accessible(page)
    assert_reflows_at_320(page)
