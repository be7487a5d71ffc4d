"""Returning a device: the coordinator's rules keep all or part of the deposit for a damaged,
incomplete or broken device; the resident is told; the history reads as words; a handover
before the appointment leaves no old pickup time behind."""

import pytest
from django.urls import reverse
from django.utils import timezone

from digiketen.accounts.roles import Role
from digiketen.applications import selectors, services, terms
from digiketen.applications.models import DistributionPolicy
from digiketen.conftest import login_verified, make_staff
from digiketen.core.models import Message
from digiketen.inventory.models import Device

NBSP = "\xa0"


@pytest.fixture
def rules(db):
    """€ 10 kept for a damaged or incomplete device, all of it for a broken one."""
    policy = DistributionPolicy.current()
    policy.deposit_when_damaged = "keep_part"
    policy.deposit_when_incomplete = "keep_part"
    policy.deposit_when_broken = "keep_all"
    policy.deposit_part_kept_cents = 1000
    policy.save()
    return policy


@pytest.fixture
def handed_out(staff, invited):
    def make():
        application = invited(contact_by="email", email="inwoner@example.org")
        services.hand_over(
            actor=staff, application_id=application.pk, signed_on="paper", method="cash"
        )
        return application

    return make


def returned_message(application) -> Message:
    return Message.objects.get(about_id=application.pk, kind="returned")


def test_a_damaged_device_keeps_part_of_the_deposit_and_the_resident_reads_why(
    hub, staff, handed_out, rules
):
    application = handed_out()
    with pytest.raises(services.Refused, match="Schrijf op wat er mist of kapot is"):
        services.register_return(
            actor=staff, application_id=application.pk, condition="damaged", method="cash"
        )
    services.register_return(
        actor=staff,
        application_id=application.pk,
        condition="damaged",
        notes="Scherm gebarsten",
        method="cash",
    )
    totals = selectors.ledger_totals(hub)
    assert (totals.refunded, totals.forfeited, totals.held) == (1000, 1000, 0)
    assert selectors.expected_cash(hub, timezone.localdate()) == 1000  # 20 in, 10 out
    body = returned_message(application).body.replace(NBSP, " ")
    assert "Wij hebben de laptop terug." in body
    assert "U krijgt € 10,00 statiegeld terug." in body
    assert "Wij houden € 10,00 van het statiegeld. De laptop kwam terug als: beschadigd." in body
    assert "Wat wij zagen: Scherm gebarsten" in body


def test_a_broken_device_keeps_all_and_needs_no_payment_method(hub, staff, handed_out, rules):
    application = handed_out()
    services.register_return(
        actor=staff, application_id=application.pk, condition="broken", notes="Start niet"
    )
    totals = selectors.ledger_totals(hub)
    assert (totals.refunded, totals.forfeited) == (0, 2000)
    body = returned_message(application).body.replace(NBSP, " ")
    assert "statiegeld terug" not in body and "Wij houden € 20,00 van het statiegeld." in body


def test_a_good_device_gets_it_all_back_and_the_resident_hears_so(hub, staff, handed_out, rules):
    application = handed_out()
    services.register_return(
        actor=staff, application_id=application.pk, condition="good", method="card"
    )
    message = returned_message(application)
    assert message.subject == "Wij hebben de laptop terug"
    assert message.recipient == "inwoner@example.org"
    body = message.body.replace(NBSP, " ")
    assert "U krijgt € 20,00 statiegeld terug." in body and "Wij houden" not in body


def test_the_return_form_follows_the_rules(client, hub, staff, handed_out, rules):
    application = handed_out()
    login_verified(client, staff)
    url = reverse("applications:return", args=[application.pk])
    page = client.get(url).text.replace(NBSP, " ")
    assert "Beschadigd:</strong> € 10,00 terug, wij houden € 10,00" in page
    assert "Kapot:</strong> € 0,00 terug, wij houden € 20,00" in page
    refused = client.post(url, {"condition": "incomplete", "method": "cash", "once": "a" * 24})
    assert "notes" in refused.context["form"].errors
    done = client.post(url, {"condition": "broken", "notes": "Start niet", "once": "b" * 24})
    assert done.status_code == 302
    assert selectors.ledger_totals(hub).forfeited == 2000


def test_the_device_history_names_the_condition_in_words(client, hub, staff, handed_out):
    application = handed_out()
    services.register_return(
        actor=staff,
        application_id=application.pk,
        condition="incomplete",
        notes="Lader mist",
        method="cash",
    )
    supervisor = make_staff(Role.TECHNICIAN_SUPERVISOR, hub.organisation)
    login_verified(client, supervisor)
    device = Device.objects.get(pk=application.handover.device_id)
    page = client.get(device.get_absolute_url()).text
    assert "Teruggebracht, staat: Niet compleet (bijvoorbeeld lader mist)" in page
    assert "— incomplete" not in page


def test_the_coordinator_sets_the_rules_and_the_terms_say_so(client, db):
    coordinator = make_staff(Role.COORDINATOR)
    login_verified(client, coordinator)
    page = client.get(reverse("applications:policy"))
    categories = page.context["categories"]
    fields = [*page.context["form"], *categories.management_form]
    fields += [field for category in categories for field in category]
    # The page as it is, with only the rules changed.
    data = {f.html_name: f.value() for f in fields if f.value() not in (None, False)}
    data = {name: value for name, value in data.items() if value is not True} | {
        name: "on" for name, value in data.items() if value is True
    }
    data |= {
        "deposit_cents": "20,00",
        "deposit_part_kept_cents": "7,50",
        "deposit_when_damaged": "keep_part",
    }
    response = client.post(reverse("applications:policy"), data)
    assert response.status_code == 302, response.context["form"].errors
    policy = DistributionPolicy.current()
    assert (policy.deposit_when_damaged, policy.deposit_part_kept_cents) == ("keep_part", 750)
    assert services.deposit_kept(policy, "damaged", 2000) == 750
    assert services.deposit_kept(policy, "good", 2000) == 0
    assert "Dan krijgt u minder of geen statiegeld terug." in terms.current().sentences[-1]


def test_an_early_handover_drops_the_old_pickup_time(client, hub, staff, invited, slot):
    application = invited()
    booked = slot(days=2)
    services.book_slot(application_id=application.pk, slot_id=booked.pk)
    services.hand_over(actor=staff, application_id=application.pk, signed_on="paper", method="cash")
    application.refresh_from_db()
    assert application.slot is None
    login_verified(client, staff)
    page = client.get(application.get_absolute_url()).text
    assert "<dt>Ophaaltijd</dt>" not in page
