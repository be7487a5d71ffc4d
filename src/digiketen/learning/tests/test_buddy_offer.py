"""The finder's "maatje" need shows the buddy offer made from the volunteers themselves."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.core import demo
from digiketen.directory.models import Service, ServiceType
from digiketen.learning.services import buddies as services
from digiketen.learning.tests.buddy_factories import VolunteerFactory
from digiketen.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

MAATJE = reverse("directory:public-results", kwargs={"need": "maatje"})


def _add(coordinator, organisation, **fields):
    volunteer = VolunteerFactory(organisation=organisation, without_vog=True, **fields)
    # Through the services, as the coordinator does: that publishes the offer.
    return services.record_vog(
        actor=coordinator,
        volunteer_id=volunteer.pk,
        requested_on=None,
        received_on=date(2025, 6, 1),
    )


@time_machine.travel(date(2026, 1, 10), tick=False)
def test_an_organisation_with_volunteers_is_in_the_maatje_need_with_their_languages(client):
    organisation = OrganisationFactory(name="Buurtkracht", phone="043 111 2222")
    coordinator = make_staff(Role.BUDDY_COORDINATOR, organisation)
    assert "Maatje van Buurtkracht" not in client.get(MAATJE).text
    _add(coordinator, organisation, languages=["nl", "tr"], home_visits=False)
    _add(coordinator, organisation, languages=["pl"], home_visits=True)
    page = client.get(MAATJE).text
    assert "Maatje van Buurtkracht" in page
    assert "043 111 2222" in page
    service = Service.objects.get(organisation=organisation, type=ServiceType.BUDDY)
    assert sorted(service.languages.values_list("code", flat=True)) == ["nl", "pl", "tr"]
    detail = client.get(service.get_public_url()).text
    assert "Onze maatjes spreken: Nederlands, Pools, Turks." in detail
    assert "Een maatje kan ook bij u thuis komen." in detail


def test_when_the_last_vog_expires_the_offer_leaves_the_finder(client):
    organisation = OrganisationFactory(name="Buurtkracht")
    coordinator = make_staff(Role.BUDDY_COORDINATOR, organisation)
    with time_machine.travel(date(2026, 1, 10), tick=False):
        volunteer = VolunteerFactory(organisation=organisation, without_vog=True)
        services.record_vog(
            actor=coordinator,
            volunteer_id=volunteer.pk,
            requested_on=None,
            received_on=date(2023, 3, 1),
        )
        assert "Maatje van Buurtkracht" in client.get(MAATJE).text
    with time_machine.travel(date(2026, 3, 1), tick=False):
        services.check_vogs()
        assert "Maatje van Buurtkracht" not in client.get(MAATJE).text
    assert Service.objects.filter(organisation=organisation, type=ServiceType.BUDDY).count() == 1


def test_the_demo_buddy_service_becomes_the_real_offer_not_a_second_one(client):
    demo.seed()
    services_of_trajekt = Service.objects.filter(
        organisation__name="Trajekt", type=ServiceType.BUDDY
    )
    assert services_of_trajekt.count() == 1
    service = services_of_trajekt.get()
    assert "Digimaatje" in client.get(MAATJE).text
    detail = client.get(service.get_public_url()).text
    # Anneke and Youssef may be matched; Piet's VOG expired, so his German is not offered.
    assert "Onze maatjes spreken: Arabisch, Limburgs, Nederlands." in detail
    assert "Duits" not in detail
