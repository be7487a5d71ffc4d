"""Issue 12, point 6: the finder does not contradict itself — places outside the chosen wijk
say so, a postcode goes along to other needs, help at home is not announced as "no places",
and a location page gives a phone number and a route."""

import re

import pytest
from django.urls import reverse

from digiketen.core import demo
from digiketen.organisations.models import Location, Neighbourhood

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_finder():
    demo.seed()


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_places_outside_the_chosen_wijk_say_so(client, demo_finder):
    malberg = Neighbourhood.objects.get(name="Malberg")
    page = client.get(reverse("directory:public-results", args=["wifi"]), {"wijk": malberg.pk})
    results = page.content.decode().split('class="dk-result"')[1:]
    inside = [r for r in results if "Wijkcentrum Malberg" in r.split("</h3>")[1][:200]]
    outside = [r for r in results if r not in inside]
    assert inside and outside
    assert all("Niet in Malberg, maar dichtbij." not in r for r in inside)
    assert all("Niet in Malberg, maar dichtbij." in r for r in outside)


def test_a_postcode_goes_along_to_other_needs(client, demo_finder):
    page = client.get(reverse("directory:public-results", args=["wifi"]), {"postcode": "6217"})
    shown = page.content.decode()
    assert "Andere hulp bij postcode 6217" in text(page)
    assert f'href="{reverse("directory:public-results", args=["digid"])}?postcode=6217' in shown


def test_help_at_home_is_not_announced_as_no_places(client, demo_finder):
    shown = text(client.get(reverse("directory:public-results", args=["maatje"])))
    assert "Hulp bij u thuis, via telefoon of internet" in shown
    assert "0 plekken gevonden" not in shown and "Hier zijn nog geen plekken voor." not in shown


def test_a_location_page_gives_a_phone_number_and_a_route(client, demo_finder):
    location = Location.objects.get(name="Wijkcentrum Malberg")
    page = client.get(reverse("directory:public-location", args=[location.uuid]))
    shown = page.content.decode()
    assert f'href="tel:{location.phone.replace(" ", "")}"' in shown
    assert "https://www.openstreetmap.org/directions?to=50.858800%2C5.655300" in shown
