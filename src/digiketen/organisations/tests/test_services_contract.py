"""What each change to organisations and locations leaves behind and whom it refuses."""

import datetime

import pytest

from digiketen.accounts.roles import Role
from digiketen.conftest import make_staff
from digiketen.organisations import services
from digiketen.organisations.models import AccessibilityFeature, Organisation
from digiketen.tests.audit import assert_audited, assert_refused
from digiketen.tests.factories import LocationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
MONDAY = [{"weekday": 0, "opens": datetime.time(9), "closes": datetime.time(17)}]
PLACE = {"name": "Centrale bieb", "street": "Hoge Weg", "house_number": "3", "city": "Maastricht"}


@pytest.fixture
def library():
    return OrganisationFactory(name="Bibliotheek", type="library")


@pytest.fixture
def admin(library):
    return make_staff(Role.ORGANISATION_ADMIN, library)


@pytest.fixture
def coordinator():
    return make_staff(Role.COORDINATOR)


def test_the_coordinator_creates_an_organisation_with_an_audit_event(coordinator):
    organisation = services.create_organisation(
        actor=coordinator, data={"name": "Buurthuis", "type": "other", "is_active": True}
    )
    assert Organisation.objects.get(name="Buurthuis") == organisation
    assert_audited(
        "organisation.created",
        actor=coordinator,
        subject=organisation,
        organisation=organisation,
        after={"name": "Buurthuis", "type": "other", "is_active": True},
    )
    with pytest.raises(services.DuplicateName):
        services.create_organisation(actor=coordinator, data={"name": "Buurthuis"})


def test_an_organisation_is_created_only_by_the_coordinator(admin):
    assert_refused(services.create_organisation, actor=admin, data={"name": "Eigen club"})


def test_an_update_is_audited_only_when_something_changed(library, admin):
    services.update_organisation(actor=admin, organisation=library, data={"name": "Bibliotheek"})
    updated = services.update_organisation(
        actor=admin, organisation=library, data={"description": "Boeken en hulp"}
    )
    updated.refresh_from_db()
    assert updated.description == "Boeken en hulp"
    assert_audited(
        "organisation.updated",
        actor=admin,
        subject=library,
        before={"description": ""},
        after={"description": "Boeken en hulp"},
    )


def test_an_update_is_refused_to_another_partner_and_for_the_kind_or_own_switch_off(
    library, admin, coordinator
):
    other = make_staff(Role.ORGANISATION_ADMIN)
    assert_refused(
        services.update_organisation, actor=other, organisation=library, data={"name": "X"}
    )
    assert_refused(
        services.update_organisation, actor=admin, organisation=library, data={"type": "welfare"}
    )
    assert_refused(
        services.update_organisation, actor=admin, organisation=library, data={"is_active": False}
    )
    library.refresh_from_db()
    assert (library.name, library.type, library.is_active) == ("Bibliotheek", "library", True)
    # The coordinator may do both, for a partner they are not a member of.
    services.update_organisation(
        actor=coordinator, organisation=library, data={"type": "welfare", "is_active": False}
    )
    library.refresh_from_db()
    assert (library.type, library.is_active) == ("welfare", False)
    assert services.may_deactivate(coordinator, library)
    assert not services.may_deactivate(admin, library)


def test_a_location_is_created_with_hours_features_and_a_tidy_postcode(library, admin):
    feature = AccessibilityFeature.objects.first()
    location = services.create_location(
        actor=admin,
        organisation=library,
        data=PLACE | {"postcode": "6211cn", "accessibility_features": [feature]},
        opening_hours=MONDAY,
    )
    assert location.postcode == "6211 CN"
    assert list(location.accessibility_features.all()) == [feature]
    assert [str(h) for h in location.opening_hours.all()] == ["maandag 09:00–17:00"]
    assert_audited(
        "location.created",
        actor=admin,
        subject=location,
        organisation=library,
        after={
            "name": "Centrale bieb",
            "postcode": "6211 CN",
            "opening_hours": ["maandag 09:00–17:00"],
            "accessibility_features": [str(feature)],
        },
    )
    with pytest.raises(services.DuplicateName):
        services.create_location(
            actor=admin, organisation=library, data=PLACE | {"postcode": "6211CN"}, opening_hours=[]
        )


def test_an_updated_location_replaces_its_hours_and_is_audited_when_changed(library, admin):
    location = LocationFactory(organisation=library, name="Centrale bieb")
    services.update_location(
        actor=admin, location=location, data={"name": "Centrale bieb"}, opening_hours=[]
    )
    services.update_location(
        actor=admin, location=location, data={"name": "Bieb Centrum"}, opening_hours=MONDAY
    )
    location.refresh_from_db()
    assert location.name == "Bieb Centrum"
    assert_audited(
        "location.updated",
        actor=admin,
        subject=location,
        before={"name": "Centrale bieb", "opening_hours": []},
        after={"name": "Bieb Centrum", "opening_hours": ["maandag 09:00–17:00"]},
    )
    services.update_location(actor=admin, location=location, data={}, opening_hours=[])
    assert not location.opening_hours.exists()


def test_locations_are_managed_only_by_their_own_partner(library):
    location = LocationFactory(organisation=library)
    for actor in (make_staff(Role.ORGANISATION_ADMIN), make_staff(Role.HUB_STAFF, library)):
        assert_refused(
            services.create_location,
            actor=actor,
            organisation=library,
            data=PLACE | {"postcode": "6211CN"},
            opening_hours=[],
        )
        assert_refused(
            services.update_location,
            actor=actor,
            location=location,
            data={"name": "Anders"},
            opening_hours=[],
        )
