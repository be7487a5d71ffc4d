"""Issue 12, point 1: gift or loan and the deposit are told before a resident applies, on the
confirmation, on /status, in the first message and in the finder's laptop service — the same
words everywhere, from the rules in force."""

import re

import pytest
from django.urls import reverse

from digiketen.applications.models import Application, DistributionPolicy
from digiketen.applications.tests.test_views import apply_online
from digiketen.core.models import Message
from digiketen.directory.models import ServiceType
from digiketen.tests.factories import ServiceFactory

LOAN = "U leent de laptop. De laptop blijft van de cyberbank."
DEPOSIT = "€ 20,00 statiegeld. U betaalt dit als u de laptop ophaalt."
REFUND = "Brengt u de laptop binnen 3 jaar terug? Dan krijgt u het statiegeld terug."


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def set_policy(**rules):
    policy = DistributionPolicy.current()
    for name, value in rules.items():
        setattr(policy, name, value)
    policy.save()


@pytest.fixture
def laptop_service(hub):
    return ServiceFactory(
        organisation=hub.organisation,
        type=ServiceType.DEVICE_HANDOUT,
        name="Laptop aanvragen bij de cyberbank",
        is_free=True,  # as typed in the finder; the handout rules say otherwise
    )


def test_the_resident_reads_loan_and_deposit_before_and_after_applying(client, hub):
    first_step = text(client.get(reverse("applications:apply")))
    assert LOAN in first_step and DEPOSIT in first_step and REFUND in first_step

    response = apply_online(client, hub)
    confirmation = text(client.get(response["Location"]))
    assert LOAN in confirmation and DEPOSIT in confirmation

    application = Application.objects.get()
    status = text(client.get(reverse("applications:status-detail", args=[application.reference])))
    assert DEPOSIT in status and REFUND in status

    first_message = Message.objects.get(about_id=application.pk, kind="received").body
    assert LOAN in first_message and DEPOSIT in first_message


def test_the_last_step_repeats_the_terms_before_sending(client, hub):
    from digiketen.applications.tests.test_views import answer_steps

    answer_steps(client, hub)
    last_step = text(client.get(reverse("applications:apply-step", args=["versturen"])))
    assert DEPOSIT in last_step and LOAN in last_step


def test_a_gift_without_deposit_says_so(client, hub):
    set_policy(handout_form="gift", deposit_cents=0)
    first_step = text(client.get(reverse("applications:apply")))
    assert "U krijgt de laptop. De laptop wordt van u." in first_step
    assert "Gratis. U betaalt niets." in first_step
    assert "statiegeld" not in first_step


def test_the_finder_shows_the_same_terms_and_the_way_to_apply(client, laptop_service):
    page = client.get(laptop_service.get_public_url())
    shown = text(page)
    assert f"Kosten {DEPOSIT} {LOAN} {REFUND}" in shown
    assert "Gratis" not in shown
    assert f'href="{reverse("applications:apply")}"' in page.content.decode()

    set_policy(deposit_cents=1500)  # a new rule: the cached page is made anew
    assert "€ 15,00 statiegeld." in text(client.get(laptop_service.get_public_url()))


def test_other_services_keep_their_own_cost(client, hub):
    printing = ServiceFactory(
        organisation=hub.organisation,
        type=ServiceType.PRINTING,
        is_free=False,
        cost_description="10 cent per pagina",
    )
    shown = text(client.get(printing.get_public_url()))
    assert "Kosten 10 cent per pagina" in shown and "statiegeld" not in shown


def test_the_terms_are_translated(client, hub):
    shown = text(client.get("/en" + reverse("applications:apply")))
    assert "€ 20.00 deposit." in shown or "€ 20,00 deposit." in shown
    assert "statiegeld" not in shown
