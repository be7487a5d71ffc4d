"""A refusal by a business rule reaches the person in one way, wherever it is raised."""

from django.test import RequestFactory
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.api.problems import problem_exception_handler
from digiketen.core.errors import IllegalTransition
from digiketen.inventory.models import Device
from digiketen.tests.factories import LocationFactory, OrganisationFactory

TRIAGED_TWICE = "Deze stap kan niet: van &#x27;Wacht op wissen&#x27;"


def _ready_to_erase(hub):
    return Device.objects.create(
        asset_tag="DK-7",
        organisation=hub.organisation,
        hub=hub,
        type="laptop",
        state="awaiting_erasure",
    )


def test_a_refused_button_returns_to_the_page_it_was_pressed_on_with_the_reason(staff_client):
    hub = LocationFactory(organisation=OrganisationFactory(type="refurbisher"))
    client, _ = staff_client(Role.HUB_STAFF, hub.organisation)
    device = _ready_to_erase(hub)
    page = "http://testserver" + device.get_absolute_url()
    response = client.post(reverse("inventory:device-triage", args=[device.pk]), HTTP_REFERER=page)
    assert response.status_code == 302
    assert response["Location"] == page
    assert TRIAGED_TWICE in client.get(page).text
    device.refresh_from_db()
    assert device.state == "awaiting_erasure"


def test_without_a_page_to_return_to_the_reason_gets_a_page_of_its_own(staff_client):
    hub = LocationFactory(organisation=OrganisationFactory(type="refurbisher"))
    client, _ = staff_client(Role.HUB_STAFF, hub.organisation)
    device = _ready_to_erase(hub)
    elsewhere = "https://elders.example/pagina"
    response = client.post(
        reverse("inventory:device-triage", args=[device.pk]), HTTP_REFERER=elsewhere
    )
    assert response.status_code == 409
    assert "Dit kan nu niet" in response.text
    assert TRIAGED_TWICE in response.text


def test_the_api_answers_a_refusal_as_problem_json_409():
    request = RequestFactory().post("/api/v1/devices/DK-7/captures")
    response = problem_exception_handler(
        IllegalTransition("Deze stap kan niet."), {"request": request, "view": None}
    )
    assert response.status_code == 409
    assert response.content_type == "application/problem+json"
    assert response.data["detail"] == "Deze stap kan niet."
    assert response.data["type"] == "urn:digiketen:problem:refused"
