"""The HSDS import in the browser, without JavaScript: a broken ZIP is named at the field,
a package is uploaded and its progress page (while it waits, and with its errors per row) is
axe-clean, reflows at 320 px and is refreshed with a button, not a timer."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from digiketen.core.models import SiteConfiguration
from digiketen.directory.models import ServiceImport
from digiketen.directory.tests.test_import import CSV, zipped
from digiketen.directory.tests.test_import_archive import encrypted
from digiketen.tests.test_browser import assert_accessible, assert_reflows_at_320, log_in

pytestmark = pytest.mark.browser


def test_upload_and_progress_page_work_without_javascript_and_are_accessible(
    live_server, browser, demo_site, tmp_path
):
    assert SiteConfiguration.load().demo_seeded
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, "regisseur", code=settings.DEMO_OTP_CODE)
    page.goto(live_server.url + "/werkruimte/hulp/inlezen")

    locked = tmp_path / "versleuteld.zip"
    locked.write_bytes(encrypted())
    page.get_by_label("Bestand").set_input_files(locked)
    page.get_by_role("button", name="Inlezen").click()
    expect(page.get_by_role("link", name="versleuteld (met een wachtwoord)")).to_be_visible()
    assert_accessible(page)

    # The test settings run tasks at once: the page shows the result with the errors per row.
    broken = dict(CSV, **{"addresses.csv": CSV["addresses.csv"].replace("6222AA", "62")})
    package = tmp_path / "pakket.zip"
    package.write_bytes(zipped(broken))
    page.get_by_label("Bestand").set_input_files(package)
    page.get_by_role("button", name="Inlezen").click()
    expect(page.get_by_role("heading", name="Inlezen van pakket.zip", level=1)).to_be_visible()
    expect(page.get_by_text("Er is niets ingelezen. 1 regel heeft een fout.")).to_be_visible()
    expect(page.get_by_role("cell", name="postcode '62' klopt niet.")).to_be_visible()
    assert_accessible(page)
    assert_reflows_at_320(page)

    # A run the worker is still checking: rows done, errors so far, and a button to refresh.
    run = ServiceImport.objects.get()
    ServiceImport.objects.filter(pk=run.pk).update(
        state="running", rows_total=20_000, rows_done=5_000, finished_at=None
    )
    page.reload()
    expect(page.get_by_text("Gecontroleerd: 5000 van 20000 regels.")).to_be_visible()
    assert page.locator("meta[http-equiv]").count() == 0  # no timed refresh (WCAG 2.2.1)
    assert_accessible(page)
    assert_reflows_at_320(page)
    page.get_by_role("button", name="Vernieuwen").click()
    expect(page.get_by_role("progressbar", name="Voortgang")).to_be_visible()
    context.close()
