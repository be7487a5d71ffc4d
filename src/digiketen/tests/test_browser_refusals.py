"""The page a refusal gets when there is no page to return to: accessible like every page."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from digiketen.inventory.models import Device, DeviceState
from digiketen.organisations.models import Location
from digiketen.tests.test_browser import assert_accessible, assert_reflows_at_320, log_in

pytestmark = pytest.mark.browser


def test_the_refusal_page_is_accessible(live_server, page, demo_site):
    hub = Location.objects.filter(devices__isnull=False).first()
    device = Device.objects.create(
        asset_tag="DK-999999",
        organisation=hub.organisation,
        hub=hub,
        type="laptop",
        state=DeviceState.AWAITING_ERASURE,
    )
    log_in(page, live_server.url, "uitgifte", code=settings.DEMO_OTP_CODE)
    page.goto(live_server.url + device.get_absolute_url())
    # A form sent without the page it came from: the reason cannot go back there.
    page.route(
        "**/beoordelen",
        lambda route: route.fulfill(
            response=route.fetch(
                headers={k: v for k, v in route.request.headers.items() if k != "referer"}
            )
        ),
    )
    page.evaluate(
        """url => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = url;
            const token = document.querySelector("input[name=csrfmiddlewaretoken]").cloneNode();
            form.append(token);
            document.body.append(form);
            form.submit();
        }""",
        reverse("inventory:device-triage", args=[device.pk]),
    )
    expect(page.get_by_role("heading", name="Dit kan nu niet")).to_be_visible()
    expect(page.get_by_text("Deze stap kan niet")).to_be_visible()
    assert_accessible(page)
    assert_reflows_at_320(page)
