"""The HSDS import in the browser: upload, the progress page while the worker checks (rows
done, errors so far, a Vernieuwen button and no timer) and the finished run's result, without
JavaScript, by keyboard, axe-clean and without sideways scrolling at 320 px.

The test settings run tasks at once, so an upload through the live server ends on the page of
a finished run; the run still being checked is made directly. axe runs in a second context
with JavaScript on: it cannot run where scripts are off (see assert_accessible)."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from digiketen.accounts.models import User
from digiketen.directory.models import ImportState, Service, ServiceImport
from digiketen.directory.tests.test_import import CSV, zipped
from digiketen.directory.tests.test_import_archive import encrypted
from digiketen.tests.test_browser import assert_accessible, assert_reflows_at_320, log_in, tab_to

pytestmark = pytest.mark.browser

BROKEN = dict(CSV, **{"addresses.csv": CSV["addresses.csv"].replace("6222AA", "62")})


def upload(page: Page, base: str, path, content: bytes) -> None:
    path.write_bytes(content)
    page.goto(base + reverse("directory:service-import"))
    page.get_by_label("Bestand").set_input_files(path)
    page.get_by_role("button", name="Inlezen").click()


def check_page(page: Page, url: str) -> None:
    page.goto(url)
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    assert_reflows_at_320(page)


def test_upload_progress_and_result_work_without_javascript_and_are_accessible(
    live_server, browser, page, demo_site, tmp_path
):
    base = live_server.url
    plain = browser.new_context(java_script_enabled=False).new_page()
    log_in(plain, base, "regisseur", code=settings.DEMO_OTP_CODE)
    log_in(page, base, "regisseur", code=settings.DEMO_OTP_CODE)

    # A file that cannot be read is named at the field, before any run exists.
    upload(plain, base, tmp_path / "versleuteld.zip", encrypted())
    expect(plain.get_by_role("link", name="versleuteld (met een wachtwoord)")).to_be_visible()
    assert not ServiceImport.objects.exists()
    upload(page, base, tmp_path / "versleuteld.zip", encrypted())
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)
    assert_reflows_at_320(page)

    # One wrong row: nothing is saved and the run's page lists the row and why.
    upload(plain, base, tmp_path / "fout.zip", zipped(BROKEN))
    expect(plain.get_by_role("heading", name="Inlezen van fout.zip", level=1)).to_be_visible()
    expect(plain.get_by_text("Er is niets ingelezen. 1 regel heeft een fout.")).to_be_visible()
    expect(plain.get_by_role("cell", name="Digicafé Noord")).to_be_visible()
    expect(plain.get_by_role("cell", name="postcode '62' klopt niet", exact=False)).to_be_visible()
    expect(plain.get_by_role("button", name="Vernieuwen")).to_have_count(0)  # nothing to wait for
    assert not Service.objects.filter(name="Digicafé Noord").exists()
    check_page(page, plain.url)

    # A good package: the finished run offers its result and the way to the next file.
    upload(plain, base, tmp_path / "pakket.zip", zipped(CSV))
    expect(plain.get_by_text("Ingelezen: 2 nieuw, 0 bijgewerkt.")).to_be_visible()
    plain.get_by_role("link", name="Een bestand inlezen").click()
    expect(plain.get_by_role("heading", name="Diensten inlezen", level=1)).to_be_visible()
    assert Service.objects.filter(name="Digicafé Noord").exists()
    check_page(page, base + ServiceImport.objects.get(file_name="pakket.zip").get_absolute_url())

    # A run the worker is still checking: rows done and errors so far, refreshed by a button.
    coordinator = User.objects.get(username="regisseur")
    running = ServiceImport.objects.create(
        organisation=coordinator.memberships.first().organisation,
        started_by=coordinator,
        file_name="groot.zip",
        state=ImportState.RUNNING,
        rows_total=20_000,
        rows_done=5_000,
        error_count=1,
        errors=[{"row": 17, "name": "Digicafé Zuid", "reasons": ["naam ontbreekt."]}],
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    plain.goto(base + running.get_absolute_url())
    expect(
        plain.get_by_text("Gecontroleerd: 5000 van 20000 regels. Fouten tot nu toe: 1.")
    ).to_be_visible()
    expect(plain.get_by_role("cell", name="naam ontbreekt.")).to_be_visible()
    assert plain.locator("meta[http-equiv]").count() == 0  # no timed refresh (WCAG 2.2.1)
    ServiceImport.objects.filter(pk=running.pk).update(rows_done=10_000, error_count=2)
    plain.get_by_role("button", name="Vernieuwen").click()
    expect(
        plain.get_by_text("Gecontroleerd: 10000 van 20000 regels. Fouten tot nu toe: 2.")
    ).to_be_visible()
    expect(plain.get_by_role("progressbar", name="Voortgang")).to_have_attribute("value", "50")
    plain.context.close()

    check_page(page, base + running.get_absolute_url())
    ServiceImport.objects.filter(pk=running.pk).update(rows_done=15_000)
    refresh = page.get_by_role("button", name="Vernieuwen")
    tab_to(page, refresh, limit=40)
    assert refresh.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Enter")
    expect(page.get_by_text("Gecontroleerd: 15000 van 20000 regels.")).to_be_visible()
    assert_accessible(page)


def test_axe_on_a_page_without_javascript_fails_at_once_instead_of_hanging(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_content('<html lang="nl"><title>t</title><main><h1>Zonder scripts</h1></main></html>')
    with pytest.raises(AssertionError, match="axe needs a page with JavaScript on"):
        assert_accessible(page)
    context.close()
