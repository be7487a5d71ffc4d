"""Issue 12, point 6: a service's hours lie within its building's opening hours — a resident
sent to wifi until 18:00 in a building that closes at 17:00 finds a closed door."""

from datetime import time

import pytest

from digiketen.directory import services
from digiketen.directory.models import ServiceHours
from digiketen.organisations.models import OpeningHours
from digiketen.tests.factories import LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def within_building(hours: ServiceHours) -> bool:
    building = hours.service_at_location.location.opening_hours.all()
    return not building or any(
        b.weekday == hours.weekday and b.opens <= hours.opens and hours.closes <= b.closes
        for b in building
    )


@pytest.fixture
def partner_and_service():
    from digiketen.accounts.roles import Role
    from digiketen.conftest import make_staff

    service = ServiceFactory()
    location = LocationFactory(organisation=service.organisation, name="Buurthuis")
    OpeningHours.objects.create(location=location, weekday=2, opens=time(9), closes=time(17))
    return make_staff(Role.ORGANISATION_ADMIN, service.organisation), service, location


def test_hours_past_closing_time_are_refused_with_both_times(partner_and_service):
    actor, service, location = partner_and_service
    late = [{"weekday": 2, "opens": time(13), "closes": time(18)}]
    with pytest.raises(services.Refused) as refused:
        services.add_place(actor=actor, service=service, location=location, note="", periods=late)
    assert str(refused.value) == (
        "Deze tijden vallen buiten de openingstijden van Buurthuis: woensdag 13:00–18:00. "
        "Het gebouw is open: woensdag 09:00–17:00."
    )
    assert not ServiceHours.objects.exists()


def test_hours_inside_opening_time_are_kept(partner_and_service):
    actor, service, location = partner_and_service
    inside = [{"weekday": 2, "opens": time(13), "closes": time(17)}]
    place = services.add_place(
        actor=actor, service=service, location=location, note="", periods=inside
    )
    assert [str(h) for h in place.hours.all()] == ["woensdag 13:00–17:00"]


def test_the_demo_finder_never_contradicts_its_buildings():
    from digiketen.core import demo

    demo.seed()
    outside = [
        f"{h.service_at_location} {h}"
        for h in ServiceHours.objects.select_related("service_at_location__location")
        if not within_building(h)
    ]
    assert outside == []


def test_the_import_refuses_hours_outside_the_building_with_the_row_and_both_times():
    """The same rule as the staff form: an HSDS package cannot put wifi until 18:00 in a
    building that closes at 17:00; the row is rejected and says why."""
    from digiketen.directory import importer
    from digiketen.directory.tests.test_import import service_record

    assert importer.import_records([service_record()]).saved  # Buurthuis Noord, Monday 9-12
    location = ServiceHours.objects.get().service_at_location.location
    OpeningHours.objects.create(location=location, weekday=0, opens=time(9), closes=time(17))
    late = service_record()
    late["service_at_locations"][0]["schedules"] = [
        {"byday": "MO", "opens_at": "13:00", "closes_at": "18:00"}
    ]
    report = importer.import_records([late])
    assert not report.saved
    assert report.rows[0].reasons == [
        "plek Buurthuis Noord: deze tijden vallen buiten de openingstijden van Buurthuis Noord: "
        "maandag 13:00–18:00. Het gebouw is open: maandag 09:00–17:00."
    ]
    assert [str(h) for h in ServiceHours.objects.all()] == ["maandag 09:00–12:00"]

    inside = service_record()
    inside["service_at_locations"][0]["schedules"] = [
        {"byday": "MO", "opens_at": "13:00", "closes_at": "17:00"}
    ]
    assert importer.import_records([inside]).saved
    assert [str(h) for h in ServiceHours.objects.all()] == ["maandag 13:00–17:00"]
