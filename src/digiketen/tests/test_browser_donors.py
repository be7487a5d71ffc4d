"""What a donor, hub staff and a workshop supervisor see of issue 12's points 8, 14 and 15:
the asset list that does not fit, the donor's page, duplicates, intake from a donation, the
return with its deposit rules and the upload keys; each page axe-clean and at 320 px."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from digiketen.tests.test_browser import assert_accessible, assert_reflows_at_320, log_in

pytestmark = pytest.mark.browser

LIST = "Serienummer;Model;Afdeling\nPF0ABC;ThinkPad T470;ICT\nPF0DEF;T480;HR\n"


def check(page) -> None:
    assert_accessible(page)
    assert_reflows_at_320(page)


def test_a_donor_is_asked_again_for_a_list_that_does_not_fit(
    live_server, browser, demo_site, tmp_path
):
    from digiketen.donations.models import Donation

    asset_list = tmp_path / "lijst.csv"
    asset_list.write_text(LIST)
    page = browser.new_page()
    page.goto(live_server.url + reverse("donations:donate"))
    page.get_by_label("Een organisatie of bedrijf").check()
    page.get_by_label("Naam organisatie").fill("Woonpunt")
    page.get_by_label("Uw naam").fill("Sanne de Vries")
    page.get_by_label("E-mailadres").fill("sanne@example.org")
    page.get_by_label("Laptops").fill("3")
    page.get_by_label("Weet ik niet").check()
    page.get_by_label("Lijst met apparaten (voor organisaties)").set_input_files(asset_list)
    page.get_by_label("Ik breng de apparaten zelf").check()
    page.get_by_label("Waar brengt u ze").select_option(label="Cyberbank uitgiftepunt Randwyck")
    page.get_by_role("button", name="Aanmelden").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Wij lazen 2 serienummers (kolom 'Serienummer')")
    expect(summary).to_contain_text("maar u geeft 3 apparaten")
    check(page)
    page.get_by_label("Laptops").fill("2")
    page.get_by_label("Lijst met apparaten (voor organisaties)").set_input_files(asset_list)
    page.get_by_role("button", name="Aanmelden").click()
    main = page.locator("main")
    expect(main).to_contain_text("Uit uw lijst lazen wij 2 serienummers")
    expect(main).to_contain_text("Niet gebruikt: 'Afdeling'.")
    donation = Donation.objects.get()
    expect(main).to_contain_text(f"Uw donatienummer is {donation.number}")
    expect(
        page.get_by_role("heading", name="Waar en wanneer u de apparaten brengt")
    ).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("PF0DEF")
    check(page)

    staff = browser.new_page()
    log_in(staff, live_server.url, "uitgifte", code=settings.DEMO_OTP_CODE)
    staff.goto(live_server.url + donation.get_absolute_url())
    staff.get_by_role("link", name="Apparaten van deze donatie innemen").click()
    expect(staff.get_by_label("Uitgiftepunt")).to_have_value(str(donation.hub_id))
    expect(staff.locator("main")).to_contain_text("PF0ABC — ThinkPad T470")
    check(staff)
    staff.get_by_label("Serienummer").fill("PF0ABC")
    staff.get_by_role("button", name="Innemen").click()
    expect(staff.locator("main")).to_contain_text("Ingenomen:")
    page.reload()
    row = page.get_by_role("row").filter(has_text="PF0ABC")
    expect(row).to_contain_text("Ontvangen")
    expect(row).not_to_contain_text("Nog niet ontvangen")

    # The donor registered twice: staff see both apart and merge the second into the first.
    page.goto(live_server.url + reverse("donations:donate"))
    page.get_by_label("Ikzelf, als inwoner").check()
    page.get_by_label("Uw naam").fill("Sanne de Vries")
    page.get_by_label("E-mailadres").fill("sanne@example.org")
    page.get_by_label("Laptops").fill("2")
    page.get_by_label("Weet ik niet").check()
    page.get_by_label("Ik breng de apparaten zelf").check()
    page.get_by_label("Waar brengt u ze").select_option(label="Cyberbank uitgiftepunt Randwyck")
    page.get_by_role("button", name="Aanmelden").click()
    second = Donation.objects.exclude(pk=donation.pk).get()
    staff.goto(live_server.url + reverse("donations:list"))
    expect(staff.get_by_role("link", name=donation.number)).to_be_visible()
    expect(staff.get_by_role("link", name=second.number)).to_be_visible()
    check(staff)
    staff.get_by_role("link", name=second.number).click()
    check(staff)
    staff.get_by_label("Samenvoegen met").select_option(value=str(donation.pk))
    staff.get_by_role("button", name="Samenvoegen").click()
    expect(staff.locator("main")).to_contain_text(
        f"Donatie {second.number} is samengevoegd met {donation.number}."
    )
    staff.goto(live_server.url + reverse("donations:list"))
    expect(staff.locator("main")).to_contain_text(f"Samengevoegd met {donation.number}")


def test_a_damaged_return_keeps_part_of_the_deposit_by_the_rules(live_server, browser, demo_site):
    from digiketen.applications.models import DistributionPolicy
    from digiketen.core.models import Message
    from digiketen.organisations.models import Location
    from digiketen.tests.factories import ApplicationFactory

    policy = DistributionPolicy.current()
    policy.deposit_when_damaged = "keep_part"
    policy.deposit_part_kept_cents = 500
    policy.save()
    hub = Location.objects.get(name="Cyberbank uitgiftepunt Randwyck")
    application = ApplicationFactory(hub=hub, handed_out=True)
    staff = browser.new_page()
    log_in(staff, live_server.url, "uitgifte", code=settings.DEMO_OTP_CODE)
    staff.goto(live_server.url + reverse("applications:return", args=[application.pk]))
    expect(staff.locator("main")).to_contain_text("Beschadigd: € 15,00 terug, wij houden € 5,00")
    check(staff)
    staff.get_by_label("Beschadigd").check()
    staff.get_by_label("Contant").check()
    staff.get_by_role("button", name="Terugname opslaan").click()
    expect(staff.locator("#error-summary")).to_contain_text("Schrijf op wat er mist of kapot is")
    check(staff)
    staff.get_by_label("Opmerking").fill("Scherm gebarsten")
    staff.get_by_role("button", name="Terugname opslaan").click()
    expect(staff.locator("main")).to_contain_text("De inwoner krijgt bericht.")
    expect(staff.locator("main")).to_contain_text("Wij hebben de laptop terug")
    message = Message.objects.get(about_id=application.pk, kind="returned")
    assert "Wij houden € 5,00 van het statiegeld." in message.body.replace("\xa0", " ")
    staff.goto(live_server.url + application.device.get_absolute_url())
    expect(staff.locator("main")).to_contain_text("Teruggebracht, staat: Beschadigd")


def test_a_supervisor_makes_and_revokes_an_upload_key(live_server, browser, demo_site):
    page = browser.new_page()
    log_in(page, live_server.url, "begeleider")
    page.goto(live_server.url + reverse("inventory:device-list"))
    page.get_by_role("link", name="Uploadsleutels voor digiketen-collect").click()
    check(page)
    page.get_by_label("Uitgiftepunt").select_option(label="Cyberbank uitgiftepunt Randwyck")
    page.get_by_label("Naam van de sleutel").fill("USB-stick werkplaats 1")
    page.get_by_role("button", name="Sleutel maken").click()
    key = page.get_by_test_id("new-key")
    expect(key).to_be_visible()
    assert len(key.inner_text()) >= 40
    check(page)
    page.reload()
    expect(page.get_by_test_id("new-key")).to_have_count(0)  # shown once
    row = page.get_by_role("row").filter(has_text="USB-stick werkplaats 1")
    expect(row).to_contain_text("nog niet")
    row.get_by_role("button", name="Trek 'USB-stick werkplaats 1' in").click()
    expect(page.locator("main")).to_contain_text("Hij werkt niet meer.")
    expect(row).to_contain_text("Ingetrokken op")
    check(page)
