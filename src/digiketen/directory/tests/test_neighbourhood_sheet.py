"""Issue 12, point 6: a printed overview of all help in one wijk ("alle hulp in Malberg"),
grouped by need, reachable from the finder; a postcode typed in the finder sets its wijk."""

import re

import pytest
from django.urls import reverse

from digiketen.conftest import pdf_text
from digiketen.directory.models import ServiceType
from digiketen.directory.tests.test_finder import place
from digiketen.organisations import selectors as org_selectors
from digiketen.organisations.models import Neighbourhood
from digiketen.tests.factories import LocationFactory, NeighbourhoodFactory

pytestmark = pytest.mark.django_db
SHEET = reverse("directory:public-neighbourhood")


@pytest.fixture
def malberg_and_heer():
    place("Wijkcentrum Malberg", "6217 BD", None, None, wijk="Malberg", name="Digicafé Malberg")
    place(
        "Wijkcentrum Malberg",
        "6217 BD",
        None,
        None,
        wijk="Malberg",
        name="Wifi Malberg",
        type=ServiceType.FREE_WIFI,
    )
    place("Bieb Malberg", "6217 BE", None, None, wijk="Malberg", name="Cursus tablet")
    # (the place helper makes a new wijk each time, by name: join them again)
    malberg = Neighbourhood.objects.filter(name="Malberg")
    for extra in malberg[1:]:
        extra.locations.update(neighbourhood=malberg[0])
        extra.delete()
    place("Buurthuis Heer", "6224 LH", None, None, wijk="Heer", name="Digicafé Heer")
    return Neighbourhood.objects.get(name="Malberg")


def sections(html: str) -> dict[str, list[str]]:
    """Need heading -> the services listed under it."""
    found: dict[str, list[str]] = {}
    heading = None
    for tag, text in re.findall(r"<(h2|h3)>(.*?)</\1>", html):
        if tag == "h2":
            heading = text
            found[heading] = []
        else:
            found[heading].append(text)
    return found


def test_the_sheet_lists_every_service_in_the_wijk_by_need_and_nothing_outside(
    client, malberg_and_heer
):
    page = client.get(SHEET, {"wijk": malberg_and_heer.pk})
    assert "Waar kunt u terecht? Alle hulp in Malberg" in page.text
    assert sections(page.text) == {
        "Hulp met DigiD en de overheid": ["Cursus tablet", "Digicafé Malberg"],
        "Hulp bij computer, tablet of telefoon": ["Cursus tablet", "Digicafé Malberg"],
        "Gratis wifi": ["Wifi Malberg"],
    }
    assert "Heer" not in page.text

    pdf = client.get(reverse("directory:public-neighbourhood-pdf"), {"wijk": malberg_and_heer.pk})
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Alle hulp in Malberg" in text
    assert "Wifi Malberg" in text and "Digicafé Malberg" in text
    assert "Heer" not in text


def test_the_sheet_comes_from_the_cache_without_a_query(
    client, malberg_and_heer, django_assert_max_num_queries
):
    first = client.get(SHEET, {"wijk": malberg_and_heer.pk})
    with django_assert_max_num_queries(0):
        assert client.get(SHEET, {"wijk": malberg_and_heer.pk}).content == first.content


def test_a_postcode_leads_to_its_wijks_sheet(client, malberg_and_heer):
    response = client.get(SHEET, {"postcode": "6217 bd", "wijk": ""})
    assert response.status_code == 302
    assert response["Location"] == f"{SHEET}?wijk={malberg_and_heer.pk}"
    # Only the 4-digit area known to us: still Malberg.
    assert client.get(SHEET, {"postcode": "6217 ZZ"})["Location"].endswith(
        f"?wijk={malberg_and_heer.pk}"
    )


def test_a_postcode_whose_wijk_is_unknown_asks_for_the_wijk(client, malberg_and_heer):
    page = client.get(SHEET, {"postcode": "9999 AA", "wijk": ""})
    assert page.status_code == 200
    assert "Wij weten niet in welke wijk deze postcode ligt. Kies uw wijk hieronder." in page.text
    empty = client.get(SHEET, {"postcode": "", "wijk": ""})
    assert "Vul uw postcode in, of kies uw wijk." in empty.text
    first_visit = client.get(SHEET)
    assert "Alle hulp in uw wijk op papier" in first_visit.text
    assert "Vul uw postcode in, of kies uw wijk." not in first_visit.text


def test_postcode_to_wijk_follows_our_locations():
    west, centre = NeighbourhoodFactory(name="West"), NeighbourhoodFactory(name="Centrum")
    LocationFactory(postcode="6217 BD", neighbourhood=west)
    LocationFactory(postcode="6217 KL", neighbourhood=centre)
    LocationFactory(postcode="6217 KM", neighbourhood=centre)
    assert org_selectors.neighbourhood_of_postcode("6217BD").name == "West"  # its own postcode
    assert org_selectors.neighbourhood_of_postcode("6217XX").name == "Centrum"  # most in 6217
    assert org_selectors.neighbourhood_of_postcode("6217").name == "Centrum"
    assert org_selectors.neighbourhood_of_postcode("6218AA") is None


def test_the_finder_offers_the_sheet_of_the_postcodes_wijk(client, malberg_and_heer, pdok):
    pdok.down = True
    digid = reverse("directory:public-results", args=["digid"])
    results = client.get(digid, {"postcode": "6217BD"})
    assert "Postcode 6217BD ligt in de wijk Malberg." in results.text
    assert f'href="{SHEET}?wijk={malberg_and_heer.pk}"' in results.text
    assert "Alle hulp in Malberg om te printen" in results.text
    assert (
        f'href="{reverse("directory:public-overview")}?hulp=digid&amp;wijk={malberg_and_heer.pk}"'
        in results.text
    )
    start = client.get(reverse("directory:public-start"))
    assert f'href="{SHEET}"' in start.text


def test_an_unknown_wijk_is_404(client, db):
    assert client.get(SHEET, {"wijk": "12345"}).status_code == 404
    assert client.get(SHEET, {"wijk": "²"}).status_code == 404
    assert client.get(reverse("directory:public-neighbourhood-pdf")).status_code == 404
