"""Letters and calls on the staff's to-do list: scope, permission, audit, the letter PDF."""

import re

import pytest
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.conftest import pdf_text
from digiketen.core import outbox
from digiketen.core.models import ACTION_LABELS, AuditEvent, Channel, Delivery, Message
from digiketen.tests.audit import assert_audited
from digiketen.tests.factories import DonationFactory, OrganisationFactory


def letter(organisation, **kwargs) -> Message:
    fields = {
        "channel": Channel.LETTER,
        "to": "Markt 1\n6211 CK Maastricht",
        "recipient_name": "Fatima el Amrani",
        "subject": "Er is een laptop voor u",
        "body": "Kies een tijd om uw laptop op te halen.",
        "kind": "test.letter",
        "organisation": organisation,
    }
    return outbox.send(**(fields | kwargs))


@pytest.fixture
def hub_org(db):
    return OrganisationFactory(name="Cyberbank Zuid")


def test_staff_see_and_finish_the_letters_and_calls_of_their_organisation(staff_client, hub_org):
    client, user = staff_client(Role.HUB_STAFF, hub_org)
    mine = letter(hub_org, about=DonationFactory(organisation=hub_org))
    call = letter(hub_org, channel=Channel.PHONE, to="043 123 45 67", subject="Bel over afspraak")
    theirs = letter(OrganisationFactory(), subject="Van een andere organisatie")
    page = client.get(reverse("core:to-do")).text
    assert "Er is een laptop voor u" in page and "Bel over afspraak" in page
    assert "Van een andere organisatie" not in page
    assert reverse("core:letter", args=[mine.pk]) in page
    assert 'href="tel:043 123 45 67"' in page
    assert mine.about.get_absolute_url() in page  # the donation it is about

    response = client.post(reverse("core:message-done", args=[mine.pk]))
    assert response["Location"] == reverse("core:to-do")
    mine.refresh_from_db()
    assert (mine.delivery, mine.done_by, mine.sent_at is not None) == ("done", user, True)
    event = assert_audited(
        "message.done",
        actor=user,
        subject=mine,
        organisation=hub_org,
        before={"delivery": "to_do"},
        after={"delivery": "done"},
    )
    assert event.action_label == str(ACTION_LABELS["message.done"]) != "message.done"
    page = client.get(reverse("core:to-do")).text
    assert "Er is een laptop voor u" not in page and "Bel over afspraak" in page

    # A second click on the same button changes nothing and says so.
    again = client.post(reverse("core:message-done", args=[mine.pk]), follow=True)
    assert "Dit was al gedaan." in again.text
    assert AuditEvent.objects.filter(action="message.done").count() == 1
    call.refresh_from_db()
    assert call.delivery == Delivery.TO_DO
    theirs.refresh_from_db()
    assert theirs.delivery == Delivery.TO_DO


def test_another_organisations_letter_is_not_found(staff_client, hub_org):
    client, _user = staff_client(Role.HUB_STAFF, hub_org)
    theirs = letter(OrganisationFactory())
    assert client.post(reverse("core:message-done", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("core:letter", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.delivery == Delivery.TO_DO
    assert not AuditEvent.objects.filter(action__startswith="message.").exists()


def test_the_service_refuses_a_user_without_the_permission(db, hub_org):
    from digiketen.conftest import make_staff

    helper = make_staff(Role.HELP_POINT_STAFF, hub_org)
    item = letter(hub_org)
    with pytest.raises(Message.DoesNotExist):
        outbox.mark_done(actor=helper, message_id=item.pk)
    item.refresh_from_db()
    assert item.delivery == Delivery.TO_DO


@pytest.mark.parametrize("role", [Role.HELP_POINT_STAFF, Role.TECHNICIAN_TRAINEE])
def test_roles_without_letters_get_no_to_do_list(staff_client, hub_org, role):
    client, _user = staff_client(role, hub_org)
    item = letter(hub_org)
    assert client.get(reverse("core:to-do")).status_code == 403
    assert client.post(reverse("core:message-done", args=[item.pk])).status_code == 403


def test_done_is_a_post(staff_client, hub_org):
    client, _user = staff_client(Role.HUB_STAFF, hub_org)
    item = letter(hub_org)
    assert client.get(reverse("core:message-done", args=[item.pk])).status_code == 405


def test_the_letter_pdf_has_address_text_and_the_qr_code_of_its_link(staff_client, hub_org):
    client, user = staff_client(Role.HUB_STAFF, hub_org)
    item = letter(hub_org, sender="Cyberbank Zuid, Markt 2", link="https://example.nl/ophalen/x")
    response = client.get(reverse("core:letter", args=[item.pk]))
    assert response["Content-Type"] == "application/pdf"
    words = pdf_text(response.content)
    for expected in (
        "Cyberbank Zuid, Markt 2",
        "Fatima el Amrani",
        "Markt 1 6211 CK Maastricht",
        "Er is een laptop voor u",
        "Kies een tijd om uw laptop op te halen.",
        "Scan de code met uw telefoon.",
    ):
        assert expected in words
    assert_audited("message.letter_viewed", actor=user, subject=item)
    english = letter(hub_org, language="en", link="")
    words = pdf_text(client.get(reverse("core:letter", args=[english.pk])).content)
    assert "Kind regards," in words and "Scan" not in words


def test_the_to_do_list_stays_flat(staff_client, hub_org, django_assert_max_num_queries):
    client, _user = staff_client(Role.HUB_STAFF, hub_org)
    for _n in range(10):
        letter(hub_org, about=DonationFactory(organisation=hub_org))
    with django_assert_max_num_queries(12):
        page = client.get(reverse("core:to-do"))
    assert page.text.count("Brief printen") == 10


def test_the_letters_address_sits_in_a_window_envelopes_window(staff_client, hub_org):
    """Issue 12, point 4: Dutch C5 and DL window envelopes show, on the left, roughly 20–110
    mm from the left edge and 45–90 mm from the top of the A4; the whole address is there."""
    import subprocess
    import tempfile

    client, _user = staff_client(Role.HUB_STAFF, hub_org)
    item = letter(hub_org, sender="Cyberbank Zuid, Markt 2")
    pdf = client.get(reverse("core:letter", args=[item.pk])).content
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        boxes = subprocess.run(
            ["pdftotext", "-bbox", "-f", "1", "-l", "1", file.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    mm = 25.4 / 72
    words = [
        (word, float(x0) * mm, float(y0) * mm, float(x1) * mm, float(y1) * mm)
        for x0, y0, x1, y1, word in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<', boxes
        )
    ]
    address = [w for w in words if w[0] in ("Fatima", "Amrani", "6211", "Maastricht")]
    assert len(address) == 4
    for _word, left, top, right, bottom in address:
        assert left >= 20 and right <= 110 and top >= 45 and bottom <= 90, address
