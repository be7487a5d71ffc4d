import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.applications import services
from digiketen.applications.models import Application, Status
from digiketen.conftest import login_verified, make_staff
from digiketen.core.models import AuditEvent
from digiketen.tests.factories import ApplicationFactory, LocationFactory, OrganisationFactory

STEPS = {
    "wat": {"wants": "device", "purposes": ["school", "contact"]},
    "huishouden": {"household_size": "3", "school_children": "2"},
    "contact": {
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "postcode": "6211 cn",
        "house_number": "12",
        "contact_by": "email",
        "email": "fatima@example.org",
    },
    "aanmerking": {"route": "pass"},
}


def shown_once_key(client) -> str:
    """The one-time key the last step's page puts in its form, as a browser sends it back."""
    page = client.get(reverse("applications:apply-step", args=["versturen"])).content.decode()
    return re.search(r'name="once" value="([^"]+)"', page).group(1)


def answer_steps(client, hub):
    """Every step before the last one."""
    for step, data in STEPS.items():
        data = data | ({"hub": hub.pk} if step == "contact" else {})
        response = client.post(reverse("applications:apply-step", args=[step]), data)
        assert response.status_code == 302, response.content.decode()[:2000]


def apply_online(client, hub, once=None):
    """All steps; `once` is the key the form sends (by default the one the page shows)."""
    answer_steps(client, hub)
    return client.post(
        reverse("applications:apply-step", args=["versturen"]),
        {"consent": "on", "once": once or shown_once_key(client)},
    )


def test_a_resident_applies_step_by_step_without_javascript(client, hub):
    response = apply_online(client, hub)
    application = Application.objects.get()
    assert response["Location"] == reverse("applications:applied", args=[application.reference])
    page = client.get(response["Location"]).content.decode()
    assert application.reference in page
    assert application.postcode == "6211CN"
    assert application.purposes == ["school", "contact"]
    assert application.channel == "online" and application.school_children == 2


def test_a_double_submit_creates_one_application(client, hub):
    answer_steps(client, hub)
    key = shown_once_key(client)
    client.post(
        reverse("applications:apply-step", args=["versturen"]), {"consent": "on", "once": key}
    )
    # The browser sends the last step again (double click or reload).
    again = client.post(
        reverse("applications:apply-step", args=["versturen"]), {"consent": "on", "once": key}
    )
    assert again.status_code == 302
    assert Application.objects.count() == 1


def test_a_wrong_answer_shows_an_error_and_keeps_what_was_typed(client, hub):
    for step in ("wat", "huishouden"):
        client.post(reverse("applications:apply-step", args=[step]), STEPS[step])
    data = STEPS["contact"] | {"hub": hub.pk, "contact_by": "sms", "phone": "043 1234567"}
    response = client.post(reverse("applications:apply-step", args=["contact"]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Voor SMS hebben wij een mobiel nummer nodig" in page
    assert 'href="#id_phone"' in page  # the summary links to the field
    assert 'value="El Amrani"' in page and 'value="043 1234567"' in page
    # Going back and forth keeps the answers too.
    assert (
        'value="3"'
        in client.get(reverse("applications:apply-step", args=["huishouden"])).content.decode()
    )


def test_steps_cannot_be_skipped(client, hub):
    response = client.get(reverse("applications:apply-step", args=["aanmerking"]))
    assert response["Location"] == reverse("applications:apply-step", args=["wat"])


def test_the_status_page_needs_code_and_postcode_and_shows_no_name(client, hub, staff):
    application = ApplicationFactory(hub=hub, postcode="6211CN", first_name="Geheim")
    services.decide_eligibility(
        actor=staff,
        application_id=application.pk,
        eligible=True,
        route="income",
        income_seen=True,
    )
    url = reverse("applications:status")
    wrong = client.post(url, {"reference": application.reference, "postcode": "6212AA"})
    assert "Wij vinden geen aanvraag" in wrong.content.decode()
    assert (
        client.get(reverse("applications:status-detail", args=[application.reference])).status_code
        == 302
    )
    right = client.post(url, {"reference": application.reference.lower(), "postcode": "6211 cn"})
    page = client.get(right["Location"]).content.decode()
    assert "Op de wachtlijst" in page and "plaats 1 van 1" in page
    assert "Geheim" not in page


def test_the_status_lookup_is_rate_limited(client, hub):
    application = ApplicationFactory(hub=hub, postcode="6211CN")
    url = reverse("applications:status")
    for _n in range(8):
        client.post(url, {"reference": application.reference, "postcode": "9999ZZ"})
    limited = client.post(url, {"reference": application.reference, "postcode": "6211CN"})
    assert limited.status_code == 429
    assert "te vaak geprobeerd" in limited.content.decode()


def test_the_invitation_link_books_a_slot_and_gives_a_calendar_file(client, invited, slot):
    application = invited()
    chosen = slot(days=3)
    url = reverse("applications:invitation", args=[application.invitation_token])
    page = client.get(url).content.decode()
    assert "Kies een dag" in page
    day = timezone.localdate(chosen.starts_at).isoformat()
    assert "Kies een tijd op" in client.get(url, {"dag": day}).content.decode()
    client.post(url, {"dag": day, "slot": chosen.pk})
    application.refresh_from_db()
    assert application.status == Status.SCHEDULED and application.slot == chosen
    ics = client.get(reverse("applications:invitation-ics", args=[application.invitation_token]))
    text = ics.content.decode()
    assert ics["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in text and "DTSTART:" in text and application.reference in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_another_organisations_application_is_not_found(client, hub):
    other = ApplicationFactory(
        hub=LocationFactory(organisation=OrganisationFactory(type="refurbisher"))
    )
    login_verified(client, make_staff(Role.HUB_STAFF, hub.organisation))
    for name in ("detail", "eligibility", "reserve", "handover", "close", "internet"):
        assert client.get(reverse(f"applications:{name}", args=[other.pk])).status_code == 404, name
    assert client.post(reverse("applications:no-show", args=[other.pk])).status_code == 404


def test_reading_an_application_is_logged(client, hub, staff):
    application = ApplicationFactory(hub=hub)
    login_verified(client, staff)
    client.get(reverse("applications:detail", args=[application.pk]))
    event = AuditEvent.objects.get(action="application.viewed")
    assert event.actor == staff and event.object_id == str(application.pk)


def test_staff_apply_at_the_desk_for_a_resident(client, hub, staff):
    login_verified(client, staff)
    data = {k: v for step in STEPS.values() for k, v in step.items()}
    data |= {"hub": hub.pk, "consent": "on", "once": "desk-key-1234567890"}
    response = client.post(reverse("applications:new"), data)
    application = Application.objects.get()
    assert response["Location"] == application.get_absolute_url()
    assert application.channel == "desk" and application.created_by == staff


def test_the_eligibility_page_shows_a_likely_duplicate_and_asks_why(client, hub, staff):
    ApplicationFactory(hub=hub, postcode="6211CN", house_number="12")
    application = ApplicationFactory(hub=hub, postcode="6211CN", house_number="12")
    login_verified(client, staff)
    url = reverse("applications:eligibility", args=[application.pk])
    assert "Mogelijk hetzelfde huishouden" in client.get(url).content.decode()
    data = {
        "decision": "yes",
        "route": "pass",
        "pass_number": "1234567890",
        "pass_valid_until": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    response = client.post(url, data)
    assert "Schrijf op waarom u toch toekent" in response.content.decode()
    response = client.post(url, data | {"household_note": "Kamerbewoner, eigen huishouden"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.WAITING


def test_handover_page_takes_the_deposit_and_offers_further_help(client, hub, staff, invited):
    application = invited()
    login_verified(client, staff)
    response = client.post(
        reverse("applications:handover", args=[application.pk]),
        {"signed_on": "paper", "method": "cash", "course_wanted": "on"},
    )
    assert response["Location"] == reverse("applications:handover-done", args=[application.pk])
    page = client.get(response["Location"]).content.decode()
    assert "€ 20,00" in page and "basiscursus" in page
    pdf = client.get(reverse("applications:agreement", args=[application.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_main_staff_lists_use_a_fixed_number_of_queries(
    client, hub, staff, waiting, django_assert_max_num_queries
):
    for _n in range(15):
        waiting()
    login_verified(client, staff)
    for name in ("list", "waiting-list", "internet-list"):
        with django_assert_max_num_queries(14):
            assert client.get(reverse(f"applications:{name}")).status_code == 200
    with django_assert_max_num_queries(14):  # letters and calls, now in core
        assert client.get(reverse("core:to-do")).status_code == 200


@pytest.mark.parametrize("language", ["nl", "en"])
def test_public_pages_render_in_both_languages(client, hub, language):
    prefix = "" if language == "nl" else "/en"
    for url in ("/laptop-aanvragen", "/status"):
        response = client.get(prefix + url)
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()


def test_a_double_clicked_action_is_done_once(client, hub, staff, waiting):
    application = waiting(wants_internet=True)
    login_verified(client, staff)
    data = {
        "provider": "Ziggo",
        "product": "Sociaal internet",
        "starts_on": "2026-12-01",
        "ends_on": "2027-12-01",
        "monthly_cost_cents": "10,00",
        "paid_by": "municipality",
        "once": "internet-key-1234567890",
    }
    url = reverse("applications:internet", args=[application.pk])
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    provision = application.internet_provisions.get()
    assert provision.monthly_cost_cents == 1000


def test_a_double_click_on_send_shows_the_confirmation_again(client, hub):
    answer_steps(client, hub)
    key = shown_once_key(client)
    first = client.post(
        reverse("applications:apply-step", args=["versturen"]), {"consent": "on", "once": key}
    )
    again = client.post(
        reverse("applications:apply-step", args=["versturen"]), {"consent": "on", "once": key}
    )
    assert again["Location"] == first["Location"]
    assert Application.objects.count() == 1


def test_the_no_show_button_appears_once_the_pickup_time_has_started(
    client, hub, staff, invited, slot
):
    from digiketen.applications.models import PickupSlot

    application = invited()
    booked = slot(days=1)
    services.book_slot(application_id=application.pk, slot_id=booked.pk)
    login_verified(client, staff)
    url = reverse("applications:detail", args=[application.pk])
    assert "Niet gekomen" not in client.get(url).content.decode()
    PickupSlot.objects.filter(pk=booked.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now()
    )
    assert "Niet gekomen" in client.get(url).content.decode()


def test_many_applications_from_one_address_are_slowed_down(client, hub):
    for n in range(10):
        apply_online(client, hub, once=f"key-{n:02d}-1234567890abc")
    response = apply_online(client, hub, once="key-10-1234567890abc")
    assert response.status_code == 429
    assert Application.objects.count() == 10


def test_an_old_invitation_link_explains_itself(client, db):
    response = client.get(reverse("applications:invitation", args=["no-such-token-anymore"]))
    assert response.status_code == 404
    assert "Deze link werkt niet meer" in response.content.decode()


def test_the_invitation_asks_the_day_then_the_time_a_few_at_a_time(client, invited, slot):
    """Issue 12, point 3: not one list of every time; after choosing, not the list again."""
    application = invited()
    slots = [slot(days=days) for days in range(1, 8)]
    url = reverse("applications:invitation", args=[application.invitation_token])
    page = client.get(url).content.decode()
    assert 'type="radio"' not in page
    days = re.findall(r'href="\?dag=([0-9-]+)"', page)
    assert len(days) == 5  # a few days; the rest one link away
    assert "?wijzig=1&amp;meer=5" in page
    later = client.get(url, {"wijzig": "1", "meer": "5"}).content.decode()
    assert len(re.findall(r'href="\?dag=', later)) == 2
    times = client.get(url, {"dag": days[0]}).content.decode()
    assert times.count('type="radio"') == 1
    assert f'value="{days[0]}"' in times  # the day goes along with the chosen time
    client.post(url, {"dag": days[0], "slot": slots[0].pk})
    booked = client.get(url).content.decode()
    assert "Uw afspraak staat." in booked and 'type="radio"' not in booked
    assert 'href="?wijzig=1"' in booked


def test_household_answers_that_cannot_be_true_are_asked_again(client, hub):
    client.post(reverse("applications:apply-step", args=["wat"]), STEPS["wat"])
    url = reverse("applications:apply-step", args=["huishouden"])
    page = client.post(url, {"household_size": "1", "school_children": "3", "alone_75": "on"})
    text = page.content.decode()
    assert "Tel uzelf ook mee" in text
    assert "U woont niet alleen" not in text  # one person: alone is possible
    page = client.post(url, {"household_size": "2", "school_children": "1", "alone_75": "on"})
    assert "U woont niet alleen" in page.content.decode()


def test_no_show_asks_first_and_then_goes_back_to_the_day_list(client, staff, invited, slot):
    from digiketen.applications.models import PickupSlot

    application = invited()
    booked = slot(days=1)
    services.book_slot(application_id=application.pk, slot_id=booked.pk)
    PickupSlot.objects.filter(pk=booked.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now()
    )
    login_verified(client, staff)
    day_list = reverse("applications:day-list") + "?dag=2026-01-01"
    url = reverse("applications:no-show", args=[application.pk])
    question = client.get(url, {"next": day_list})
    assert "Ja, niet gekomen" in question.content.decode()
    application.refresh_from_db()
    assert application.no_shows == 0  # only asked
    response = client.post(url, {"next": day_list})
    assert response["Location"] == day_list
    application.refresh_from_db()
    assert application.no_shows == 1
    elsewhere = client.post(url, {"next": "https://example.org/"})
    assert elsewhere["Location"] == application.get_absolute_url()


def test_another_organisations_letters_and_tasks_are_not_found(client, hub):
    from digiketen.applications import notifications
    from digiketen.applications.tests.conftest import handout_hub

    other = ApplicationFactory(hub=handout_hub(), contact_by="letter", street="Markt", city="M")
    letter = notifications.notify(other, "received")
    login_verified(client, make_staff(Role.HUB_STAFF, hub.organisation))
    assert client.get(reverse("applications:letter", args=[letter.pk])).status_code == 404
    assert client.post(reverse("applications:task-done", args=[letter.pk])).status_code == 404
    assert "AV-" not in client.get(reverse("core:to-do")).content.decode()


def test_a_wrong_email_address_gets_one_message_in_our_words(client, hub):
    """Issue 12, point 5: not also "fill in your e-mail address" next to it."""
    answer_steps(client, hub)
    data = STEPS["contact"] | {"hub": hub.pk, "email": "fatima@"}
    page = client.post(reverse("applications:apply-step", args=["contact"]), data)
    content = page.content.decode()
    wrong = "Dit e-mailadres klopt niet. Een e-mailadres ziet eruit als naam@voorbeeld.nl."
    assert content.count(wrong) == 2  # next to the field and in the summary
    assert "Vul uw e-mailadres in" not in content
    assert 'value="fatima@"' in content  # nothing typed is lost


def test_the_reservation_list_puts_what_suits_first_and_says_what_others_lack(
    client, hub, staff, waiting, ready_device
):
    """Issue 12, point 13: the page says the matching devices are on top; they are."""
    application = waiting(purposes=["contact"])  # needs a webcam
    without = ready_device(brand="Dell", model="Latitude", ram_mb=16384, has_webcam=False)
    with_cam = ready_device(brand="HP", model="EliteBook", ram_mb=8192, has_webcam=True)
    login_verified(client, staff)
    page = client.get(reverse("applications:reserve", args=[application.pk])).content.decode()
    assert page.index(with_cam.asset_tag) < page.index(without.asset_tag)
    assert f"{without.asset_tag}, Dell Latitude, 16 GB — past niet: geen webcam" in page
    assert page.count("past niet") == 1  # the one with a webcam lacks nothing


def test_a_house_number_typed_twice_is_printed_once(client, hub):
    """Issue 12, point 4: "Brusselsestraat 7" and house number 7 make one address line."""
    contact = STEPS["contact"] | {
        "contact_by": "letter",
        "email": "",
        "street": "Brusselsestraat 7",
        "house_number": "7",
        "city": "Maastricht",
    }
    steps = STEPS | {"contact": contact}
    for step, data in steps.items():
        data = data | ({"hub": hub.pk} if step == "contact" else {})
        client.post(reverse("applications:apply-step", args=[step]), data)
    client.post(
        reverse("applications:apply-step", args=["versturen"]),
        {"consent": "on", "once": shown_once_key(client)},
    )
    application = Application.objects.get()
    assert (application.street, application.house_number) == ("Brusselsestraat", "7")
