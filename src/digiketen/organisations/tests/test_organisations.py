import pytest
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.core.models import AuditEvent
from digiketen.organisations.models import Location, Organisation, OrganisationType
from digiketen.tests.factories import LocationFactory, OrganisationFactory


@pytest.fixture
def library(db):
    return OrganisationFactory(name="Bibliotheek Centrum", type=OrganisationType.LIBRARY)


@pytest.fixture
def welfare(db):
    return OrganisationFactory(name="Welzijn Zuid", type=OrganisationType.WELFARE)


def _location_post(**overrides):
    data = {
        "name": "Filiaal West",
        "street": "Brusselsestraat",
        "house_number": "12a",
        "postcode": "6211pc",
        "city": "Maastricht",
        "latitude": "50.850000",
        "longitude": "5.680000",
        "is_active": "on",
        "hours-TOTAL_FORMS": "3",
        "hours-INITIAL_FORMS": "0",
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "28",
        "hours-0-weekday": "0",
        "hours-0-opens": "09:00",
        "hours-0-closes": "12:30",
        "hours-1-weekday": "2",
        "hours-1-opens": "13:00",
        "hours-1-closes": "17:00",
        "hours-2-weekday": "",
        "hours-2-opens": "",
        "hours-2-closes": "",
    }
    return data | overrides


def test_coordinator_creates_an_organisation_and_it_is_audited(staff_client, library):
    client, user = staff_client(Role.COORDINATOR)
    response = client.post(
        reverse("organisations:create"),
        {"name": "Schuldhulp Oost", "type": OrganisationType.DEBT_HELP, "is_active": "on"},
    )
    organisation = Organisation.objects.get(name="Schuldhulp Oost")
    assert response["Location"] == organisation.get_absolute_url()
    event = AuditEvent.objects.get(action="organisation.created")
    assert event.actor == user
    assert event.organisation == organisation
    assert event.after["type"] == "debt_help"


def test_organisation_admin_edits_own_organisation_with_before_and_after(staff_client, library):
    client, _ = staff_client(Role.ORGANISATION_ADMIN, library)
    response = client.post(
        reverse("organisations:update", args=[library.pk]),
        {"name": "Bibliotheek Centre", "type": OrganisationType.LIBRARY, "is_active": "on"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="organisation.updated")
    assert event.changes == [("name", "Bibliotheek Centrum", "Bibliotheek Centre")]


def test_organisation_admin_gets_404_for_another_organisation(staff_client, library, welfare):
    client, _ = staff_client(Role.ORGANISATION_ADMIN, library)
    other_location = LocationFactory(organisation=welfare)
    assert client.get(reverse("organisations:update", args=[welfare.pk])).status_code == 404
    assert (
        client.get(reverse("organisations:location-create", args=[welfare.pk])).status_code == 404
    )
    response = client.get(reverse("organisations:location-update", args=[other_location.pk]))
    assert response.status_code == 404
    # Reading the directory is allowed for every staff member.
    assert client.get(reverse("organisations:detail", args=[welfare.pk])).status_code == 200


def test_location_with_opening_hours_and_accessibility_is_saved(staff_client, library):
    client, _ = staff_client(Role.ORGANISATION_ADMIN, library)
    from digiketen.organisations.models import AccessibilityFeature

    lift = AccessibilityFeature.objects.get(code="lift")
    response = client.post(
        reverse("organisations:location-create", args=[library.pk]),
        _location_post(accessibility_features=[lift.pk]),
    )
    location = Location.objects.get(name="Filiaal West")
    assert response["Location"] == location.get_absolute_url()
    assert location.postcode == "6211 PC"
    assert [str(h) for h in location.opening_hours.all()] == [
        "maandag 09:00–12:30",
        "woensdag 13:00–17:00",
    ]
    assert list(location.accessibility_features.all()) == [lift]
    event = AuditEvent.objects.get(action="location.created")
    assert event.organisation == library
    assert event.after["opening_hours"] == ["maandag 09:00–12:30", "woensdag 13:00–17:00"]

    page = client.get(location.get_absolute_url())
    assert "woensdag 13:00–17:00" in page.text
    assert "Lift" in page.text


def test_bad_location_input_keeps_what_was_typed_and_links_errors(staff_client, library):
    client, _ = staff_client(Role.ORGANISATION_ADMIN, library)
    response = client.post(
        reverse("organisations:location-create", args=[library.pk]),
        _location_post(
            postcode="62111",
            longitude="",
            **{"hours-1-opens": "18:00", "hours-1-closes": "17:00"},
        ),
    )
    assert response.status_code == 200
    text = response.text
    assert 'href="#id_postcode"' in text
    assert "Vul een postcode in als 1234 AB." in text
    assert "Vul de breedtegraad én de lengtegraad in" in text
    assert "Het einde moet later zijn dan het begin." in text
    assert 'href="#id_hours-1-weekday"' in text
    assert 'value="Brusselsestraat"' in text
    assert 'aria-invalid="true"' in text
    assert not Location.objects.exists()


def test_editing_a_location_replaces_its_opening_hours(staff_client, library):
    client, _ = staff_client(Role.COORDINATOR)
    location = LocationFactory(organisation=library)
    location.opening_hours.create(weekday=4, opens="09:00", closes="12:00")
    edit = client.get(reverse("organisations:location-update", args=[location.pk]))
    assert 'name="hours-0-opens" value="09:00:00"' in edit.text or "09:00" in edit.text
    client.post(
        reverse("organisations:location-update", args=[location.pk]),
        _location_post(name=location.name),
    )
    assert [str(h) for h in location.opening_hours.all()] == [
        "maandag 09:00–12:30",
        "woensdag 13:00–17:00",
    ]
    event = AuditEvent.objects.get(action="location.updated")
    assert event.before["opening_hours"] == ["vrijdag 09:00–12:00"]


def test_directory_list_is_paginated_searchable_and_flat_in_queries(
    staff_client, library, django_assert_max_num_queries
):
    client, _ = staff_client(Role.HUB_STAFF, library)
    for i in range(40):
        LocationFactory(organisation=OrganisationFactory(name=f"Partner {i:02d}"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("organisations:list"))
    assert "Pagina 1 van 2" in response.text
    found = client.get(reverse("organisations:list"), {"q": "Partner 07"})
    assert "Partner 07" in found.text and "Partner 08" not in found.text


def test_location_page_queries_stay_flat(staff_client, library, django_assert_max_num_queries):
    client, _ = staff_client(Role.HUB_STAFF, library)
    location = LocationFactory(organisation=library)
    for day in range(7):
        location.opening_hours.create(weekday=day, opens="09:00", closes="17:00")
    with django_assert_max_num_queries(12):
        client.get(location.get_absolute_url())


def test_staff_without_manage_right_sees_no_edit_links(staff_client, library):
    client, _ = staff_client(Role.HELP_POINT_STAFF, library)
    page = client.get(reverse("organisations:detail", args=[library.pk]))
    assert "Organisatie bewerken" not in page.text
    admin_client, _ = staff_client(Role.ORGANISATION_ADMIN, library)
    assert (
        "Organisatie bewerken"
        in admin_client.get(reverse("organisations:detail", args=[library.pk])).text
    )


def test_submitting_the_same_new_location_twice_creates_one(staff_client, library):
    client, _ = staff_client(Role.ORGANISATION_ADMIN, library)
    url = reverse("organisations:location-create", args=[library.pk])
    client.post(url, _location_post())
    second = client.post(url, _location_post())
    assert second.status_code == 200
    assert "Deze organisatie heeft al een locatie met deze naam." in second.text
    assert Location.objects.filter(organisation=library).count() == 1


def test_submitting_the_same_new_organisation_twice_creates_one(staff_client, db):
    client, _ = staff_client(Role.COORDINATOR)
    data = {"name": "Digicafé", "type": OrganisationType.WELFARE, "is_active": "on"}
    client.post(reverse("organisations:create"), data)
    second = client.post(reverse("organisations:create"), data)
    assert second.status_code == 200
    assert Organisation.objects.filter(name="Digicafé").count() == 1


def test_nobody_switches_off_their_own_organisation(staff_client, library):
    client, _ = staff_client(Role.COORDINATOR, library)
    page = client.get(reverse("organisations:update", args=[library.pk]))
    assert "U kunt uw eigen organisatie niet uitzetten" in page.text
    client.post(
        reverse("organisations:update", args=[library.pk]),
        {"name": library.name, "type": OrganisationType.LIBRARY},  # "is_active" left unticked
    )
    library.refresh_from_db()
    assert library.is_active


def test_organisation_admin_cannot_change_the_kind_of_organisation(staff_client, library):
    client, _ = staff_client(Role.ORGANISATION_ADMIN, library)
    client.post(
        reverse("organisations:update", args=[library.pk]),
        {"name": "Nieuwe naam", "type": OrganisationType.MUNICIPALITY, "is_active": "on"},
    )
    library.refresh_from_db()
    assert library.name == "Nieuwe naam"
    assert library.type == OrganisationType.LIBRARY


def test_coordinator_switches_off_another_organisation(staff_client, library, welfare):
    client, _ = staff_client(Role.COORDINATOR, library)
    client.post(
        reverse("organisations:update", args=[welfare.pk]),
        {"name": welfare.name, "type": OrganisationType.WELFARE},
    )
    welfare.refresh_from_db()
    assert not welfare.is_active


def test_a_concurrent_duplicate_becomes_a_form_error_not_a_crash(staff_client, library):
    from digiketen.organisations import services

    _, user = staff_client(Role.COORDINATOR)
    # The second of two simultaneous submits passes the form's check, then meets the constraint.
    with pytest.raises(services.DuplicateName):
        services.create_organisation(actor=user, data={"name": library.name, "type": "library"})
    assert Organisation.objects.filter(name=library.name).count() == 1
