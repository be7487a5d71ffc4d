from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from digiketen.conftest import pdf_text
from digiketen.directory.models import Access, ServiceHours, ServiceLanguage, ServiceType
from digiketen.organisations.models import AccessibilityFeature
from digiketen.tests.factories import (
    LocationFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

RESULTS = reverse("directory:public-results", args=["digid"])


def place(location_name, postcode, lat, lon, *, wijk="Binnenstad", service=None, **service_fields):
    organisation = service.organisation if service else OrganisationFactory()
    location = LocationFactory(
        organisation=organisation,
        name=location_name,
        postcode=postcode,
        latitude=lat,
        longitude=lon,
        neighbourhood=NeighbourhoodFactory(name=wijk),
    )
    service = service or ServiceFactory(organisation=organisation, **service_fields)
    at = ServiceAtLocationFactory(service=service, location=location)
    for day in range(7):
        ServiceHours.objects.create(
            service_at_location=at, weekday=day, opens=time(0), closes=time(23, 59)
        )
    return at


@pytest.fixture
def three_places(db):
    far = place("Heer", "6224 LH", "50.838900", "5.724800", wijk="Heer", name="Hulp Heer")
    near = place("Stadhuis", "6211 CN", "50.851370", "5.690970", name="Hulp Markt")
    middle = place("Malberg", "6217 BD", "50.858800", "5.655300", wijk="Malberg", name="Hulp West")
    return far, near, middle


def names(response):
    return [r.place.location.name for r in response.context["page"]]


def test_nearest_place_comes_first_by_postcode(client, three_places, pdok):
    response = client.get(RESULTS, {"postcode": "6211 CN"})
    assert names(response) == ["Stadhuis", "Malberg", "Heer"]
    assert response.context["by_distance"]
    assert "0.0 km" in response.text or "0,0 km" in response.text


def test_without_the_geocoder_results_follow_neighbourhood_and_postcode(client, three_places, pdok):
    pdok.down = True
    response = client.get(RESULTS, {"postcode": "6217"})
    assert names(response) == ["Malberg", "Stadhuis", "Heer"]
    heer = client.get(RESULTS, {"wijk": three_places[0].location.neighbourhood_id})
    assert names(heer)[0] == "Heer"


def test_a_wrong_postcode_is_explained_and_results_still_show(client, three_places):
    response = client.get(RESULTS, {"postcode": "62"})
    assert "Dit is geen postcode." in response.text
    assert 'href="#id_postcode"' in response.text
    assert len(names(response)) == 3


def test_filters_walk_in_language_and_accessibility(client, db):
    walk_in = place("Bieb", "6211 CN", None, None, name="Binnenloop", access=Access.WALK_IN)
    place("Kantoor", "6211 CN", None, None, name="Afspraak", access=Access.APPOINTMENT)
    ServiceLanguage.objects.create(service=walk_in.service, code="ar")
    lift = AccessibilityFeature.objects.get(code="lift")
    walk_in.location.accessibility_features.add(lift)
    assert names(client.get(RESULTS, {"binnenlopen": "on"})) == ["Bieb"]
    assert names(client.get(RESULTS, {"taal": "ar"})) == ["Bieb"]
    assert names(client.get(RESULTS, {"toegankelijk": "lift"})) == ["Bieb"]
    assert names(client.get(RESULTS, {"toegankelijk": ["lift", "hearing-loop"]})) == []


def test_open_today_leaves_out_places_closed_today(client, db):
    open_place = place("Altijd open", "6211 CN", None, None, name="Open")
    closed = ServiceAtLocationFactory(
        service=ServiceFactory(name="Dicht"),
        location=LocationFactory(name="Nooit open"),
    )
    assert closed.hours.count() == 0
    assert names(client.get(RESULTS, {"vandaag": "on"})) == [open_place.location.name]


def test_other_needs_do_not_show_up(client, db):
    place("Wifi-plek", "6211 CN", None, None, name="Wifi", type=ServiceType.FREE_WIFI)
    assert names(client.get(RESULTS)) == []
    wifi = client.get(reverse("directory:public-results", args=["wifi"]))
    assert names(wifi) == ["Wifi-plek"]


def test_result_shows_opening_hours_and_accessibility(client, db):
    at = place("Bieb", "6211 CN", None, None, name="Informatiepunt")
    at.location.accessibility_features.add(AccessibilityFeature.objects.get(code="hearing-loop"))
    text = client.get(RESULTS).text
    assert "maandag 00:00–23:59" in text
    assert "Ringleiding" in text
    assert "Nu open" in text


def test_results_page_queries_do_not_grow_with_the_number_of_places(
    client, db, django_assert_max_num_queries
):
    for i in range(30):
        place(f"Plek {i}", "6211 CN", "50.85", "5.69", name=f"Hulp {i}")
    # The first visitor: the page is made (plus the two content versions its cache key needs).
    with django_assert_max_num_queries(14):
        response = client.get(RESULTS, {"postcode": "6211"})
    assert response.context["page"].paginator.count == 30
    # Every later visitor gets it from the cache.
    with django_assert_max_num_queries(0):
        assert client.get(RESULTS, {"postcode": "6211"}).content == response.content


def test_unknown_need_is_404(client, db):
    assert client.get(reverse("directory:public-results", args=["bestaat-niet"])).status_code == 404


def test_service_and_location_pages(client, db):
    at = place("Bieb", "6211 CN", None, None, name="Informatiepunt", what_to_bring="Uw ID-kaart")
    service_page = client.get(at.service.get_public_url())
    assert "Uw ID-kaart" in service_page.text
    assert "maandag 00:00–23:59" in service_page.text
    location_page = client.get(reverse("directory:public-location", args=[at.location.uuid]))
    assert "Informatiepunt" in location_page.text


def test_inactive_service_is_not_public(client, db):
    at = place("Bieb", "6211 CN", None, None, name="Oud", is_active=False)
    assert client.get(at.service.get_public_url()).status_code == 404
    assert names(client.get(RESULTS)) == []


def test_printed_overview_of_a_neighbourhood(client, db, tmp_path):
    at = place("Bieb", "6211 CN", None, None, wijk="Binnenstad", name="Informatiepunt")
    place("Ver weg", "6224 LH", None, None, wijk="Heer", name="Ander punt")
    query = {"hulp": "digid", "wijk": at.location.neighbourhood_id}
    page = client.get(reverse("directory:public-overview"), query)
    assert "Waar kunt u terecht? Hulp met DigiD en de overheid in Binnenstad" in page.text
    pdf = client.get(reverse("directory:public-overview-pdf"), query)
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Informatiepunt" in text
    assert "Bieb, Markt 1, 6211 CN Maastricht" in text
    assert "maandag 00:00–23:59" in text
    assert "Scan de code" in text


# 18:00 on a Tuesday.
@time_machine.travel(datetime(2026, 12, 1, 18, 0, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False)
def test_open_today_leaves_out_places_that_already_closed_today(client, db):
    morning = ServiceAtLocationFactory(location=LocationFactory(name="Ochtend"))
    ServiceHours.objects.create(
        service_at_location=morning, weekday=1, opens=time(9), closes=time(12)
    )
    evening = ServiceAtLocationFactory(location=LocationFactory(name="Avond"))
    ServiceHours.objects.create(
        service_at_location=evening, weekday=1, opens=time(17), closes=time(21)
    )
    assert names(client.get(RESULTS, {"vandaag": "on"})) == ["Avond"]


def test_overview_with_a_strange_neighbourhood_number_is_404(client, db):
    response = client.get(reverse("directory:public-overview"), {"hulp": "digid", "wijk": "²"})
    assert response.status_code == 404


def test_help_by_phone_follows_the_language_asked_for(client, db):
    arabic = ServiceFactory(name="Belhulp in het Arabisch", by_phone=True, phone="043 123 45 67")
    ServiceLanguage.objects.create(service=arabic, code="ar")
    ServiceFactory(name="Belhulp in het Nederlands", by_phone=True, phone="043 765 43 21")
    everyone = client.get(RESULTS).text
    assert "Belhulp in het Arabisch" in everyone and "Belhulp in het Nederlands" in everyone
    in_arabic = client.get(RESULTS, {"taal": "ar"}).text
    assert "Belhulp in het Arabisch" in in_arabic
    assert "Belhulp in het Nederlands" not in in_arabic
