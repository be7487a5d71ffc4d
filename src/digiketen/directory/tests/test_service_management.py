import pytest
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.core.models import AuditEvent
from digiketen.directory.models import ScheduleException, Service, ServiceAtLocation
from digiketen.tests.factories import (
    LocationFactory,
    OrganisationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

SERVICE = {
    "type": "help_point",
    "name": "Informatiepunt",
    "description": "Hulp met DigiD.",
    "access": "walk_in",
    "is_free": "on",
    "is_active": "on",
    "languages": ["nl", "ar"],
}
HOURS = {
    "hours-TOTAL_FORMS": "2",
    "hours-INITIAL_FORMS": "0",
    "hours-MIN_NUM_FORMS": "0",
    "hours-MAX_NUM_FORMS": "28",
    "hours-0-weekday": "1",
    "hours-0-opens": "10:00",
    "hours-0-closes": "16:00",
    "hours-1-weekday": "",
    "hours-1-opens": "",
    "hours-1-closes": "",
}


@pytest.fixture
def library(db):
    return OrganisationFactory(name="Bibliotheek")


def test_partner_adds_a_service_with_a_place_hours_and_a_closure(staff_client, library):
    client, admin = staff_client(Role.ORGANISATION_ADMIN, library)
    location = LocationFactory(organisation=library, name="Centrale bieb")
    response = client.post(
        reverse("directory:service-create"), SERVICE | {"organisation": library.pk}
    )
    service = Service.objects.get(name="Informatiepunt")
    assert response["Location"] == service.get_absolute_url()
    assert service.last_confirmed_by == admin
    assert sorted(service.languages.values_list("code", flat=True)) == ["ar", "nl"]

    client.post(
        reverse("directory:place-create", args=[service.pk]),
        HOURS | {"location": location.pk, "note": "Eerste verdieping"},
    )
    place = ServiceAtLocation.objects.get(service=service)
    assert [str(h) for h in place.hours.all()] == ["dinsdag 10:00–16:00"]

    client.post(
        reverse("directory:exception-create", args=[place.pk]),
        {
            "start_date": "2026-12-24",
            "end_date": "2026-12-27",
            "is_closed": "on",
            "notice": "Gesloten met Kerstmis.",
        },
    )
    assert (
        ScheduleException.objects.get(service_at_location=place).notice == "Gesloten met Kerstmis."
    )
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["service.created", "service.place_added", "service.exception_added"]
    assert set(AuditEvent.objects.values_list("organisation", flat=True)) == {library.pk}


def test_wrong_closure_input_is_explained(staff_client, library):
    client, _ = staff_client(Role.ORGANISATION_ADMIN, library)
    place = ServiceAtLocationFactory(service__organisation=library)
    response = client.post(
        reverse("directory:exception-create", args=[place.pk]),
        {"start_date": "2026-12-27", "end_date": "2026-12-24", "is_closed": "on"},
    )
    assert "De einddatum mag niet voor de begindatum liggen." in response.text
    assert not ScheduleException.objects.exists()


def test_another_organisations_services_are_not_found(staff_client, library):
    client, _ = staff_client(Role.ORGANISATION_ADMIN, library)
    other = ServiceAtLocationFactory()
    exception = other.exceptions.create(start_date="2026-12-24", end_date="2026-12-24")
    for name, pk in [
        ("directory:service-detail", other.service.pk),
        ("directory:service-update", other.service.pk),
        ("directory:place-create", other.service.pk),
        ("directory:place-update", other.pk),
        ("directory:exception-create", other.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    for name, pk in [
        ("directory:service-confirm", other.service.pk),
        ("directory:place-remove", other.pk),
        ("directory:exception-remove", exception.pk),
    ]:
        assert client.post(reverse(name, args=[pk])).status_code == 404, name
    assert other.service.name not in client.get(reverse("directory:service-list")).text


def test_partner_cannot_list_a_service_at_another_organisations_location(staff_client, library):
    client, _ = staff_client(Role.ORGANISATION_ADMIN, library)
    service = ServiceFactory(organisation=library)
    elsewhere = LocationFactory()
    response = client.post(
        reverse("directory:place-create", args=[service.pk]), HOURS | {"location": elsewhere.pk}
    )
    assert response.status_code == 200
    assert not service.at_locations.exists()


def test_confirming_marks_the_service_as_current(staff_client, library):
    client, admin = staff_client(Role.ORGANISATION_ADMIN, library)
    service = ServiceFactory(organisation=library)
    detail = client.get(service.get_absolute_url())
    assert "al lang niet gecontroleerd" in detail.text
    client.post(reverse("directory:service-confirm", args=[service.pk]))
    service.refresh_from_db()
    assert service.last_confirmed_by == admin
    assert "al lang niet gecontroleerd" not in client.get(service.get_absolute_url()).text
    assert AuditEvent.objects.filter(action="service.confirmed").count() == 1


def test_two_services_with_the_same_name_are_refused(staff_client, library):
    client, _ = staff_client(Role.ORGANISATION_ADMIN, library)
    ServiceFactory(organisation=library, name="Informatiepunt")
    response = client.post(
        reverse("directory:service-create"), SERVICE | {"organisation": library.pk}
    )
    assert "Deze organisatie heeft al een dienst met deze naam." in response.text
    assert Service.objects.filter(name="Informatiepunt").count() == 1


def test_the_same_place_twice_is_refused(staff_client, library):
    client, _ = staff_client(Role.ORGANISATION_ADMIN, library)
    place = ServiceAtLocationFactory(service__organisation=library)
    response = client.post(
        reverse("directory:place-create", args=[place.service.pk]),
        HOURS | {"location": place.location.pk},
    )
    assert "Deze dienst staat al op deze locatie." in response.text


def test_service_list_queries_stay_flat(staff_client, library, django_assert_max_num_queries):
    client, _ = staff_client(Role.COORDINATOR)
    for _ in range(30):
        ServiceFactory(organisation=library)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("directory:service-list"))
    assert "graag controleren" in response.text


def test_changed_hours_need_both_times(staff_client, library):
    client, _ = staff_client(Role.ORGANISATION_ADMIN, library)
    place = ServiceAtLocationFactory(service__organisation=library)
    response = client.post(
        reverse("directory:exception-create", args=[place.pk]),
        {"start_date": "2026-12-24", "end_date": "2026-12-24"},  # not closed, no times
    )
    assert "Kies &#x27;gesloten&#x27;, of vul andere tijden in." in response.text
    assert not ScheduleException.objects.exists()
