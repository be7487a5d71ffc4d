"""The staff list of applications: paged, filtered, searched, in a fixed number of queries."""

import re

import pytest
from django.urls import reverse

from digiketen.applications.models import Application, Status
from digiketen.conftest import login_verified
from digiketen.tests.factories import ApplicationFactory

URL = reverse("applications:list")


def codes(response) -> list[str]:
    return re.findall(r">(AV-[A-Z0-9]+)</a>", response.text)


@pytest.fixture
def listed(client, hub, staff):
    """30 applications of the hub, oldest first: two pages of 25."""
    login_verified(client, staff)
    return [ApplicationFactory(hub=hub).reference for _n in range(30)]


def test_the_list_shows_the_newest_first_and_pages_on(client, listed):
    first = client.get(URL)
    assert codes(first) == listed[::-1][:25]
    assert "Pagina 1 van 2 (30 resultaten)" in first.text
    assert 'rel="next" href="?status=&amp;q=&amp;page=2"' in first.text
    second = client.get(URL, {"page": 2})
    assert codes(second) == listed[4::-1]
    assert 'rel="prev" href="?status=&amp;q=&amp;page=1"' in second.text
    assert 'rel="next"' not in second.text


def test_a_page_past_the_end_shows_the_last_page(client, listed):
    response = client.get(URL, {"page": 99})
    assert response.status_code == 200
    assert "Pagina 2 van 2" in response.text and codes(response) == listed[4::-1]


def test_the_page_can_be_chosen_and_keeps_the_filters(client, hub, staff):
    login_verified(client, staff)
    for _n in range(51):
        ApplicationFactory(hub=hub, status=Status.REJECTED)
    response = client.get(URL, {"status": "rejected", "page": 2})
    assert 'id="page-number" name="page" min="1" max="3" value="2"' in response.text
    assert '<input type="hidden" name="status" value="rejected">' in response.text
    first = client.get(URL, {"status": "rejected"})
    assert 'href="?status=rejected&amp;q=&amp;page=3">Laatste pagina' in first.text


def test_status_filter_and_search_find_the_application(client, hub, staff, listed):
    Application.objects.filter(reference=listed[3]).update(status=Status.REJECTED)
    ApplicationFactory(hub=hub, last_name="Vissers", postcode="6221BX")
    assert codes(client.get(URL, {"status": "rejected"})) == [listed[3]]
    assert codes(client.get(URL, {"q": listed[7].lower()})) == [listed[7]]
    (visser,) = codes(client.get(URL, {"q": "visser"}))
    assert codes(client.get(URL, {"q": "6221 bx"})) == [visser]
    assert "Geen aanvragen gevonden." in client.get(URL, {"q": "niemand"}).text


def test_another_organisations_applications_are_not_listed(client, staff, listed):
    other = ApplicationFactory()
    assert codes(client.get(URL, {"q": other.reference})) == []
    assert other.reference not in codes(client.get(URL, {"page": 2}))


@pytest.mark.parametrize("params", [{}, {"page": 2}, {"status": "submitted"}, {"q": "jansen"}])
def test_the_list_takes_the_same_queries_for_5_or_30_applications(
    client, hub, staff, params, django_assert_num_queries
):
    login_verified(client, staff)
    for _n in range(5):
        ApplicationFactory(hub=hub)
    client.get(URL, params)  # the session and the site settings are cached after this
    with django_assert_num_queries(6) as few:  # 6: the read is logged in one insert
        client.get(URL, params)
    for _n in range(25):
        ApplicationFactory(hub=hub)
    with django_assert_num_queries(len(few)):
        client.get(URL, params)
