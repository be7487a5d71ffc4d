"""POST /api/v1/devices/{assetTag}/captures under hostile input: every malformed capture of the
probe answers 400 problem+json with the reason, or 201 with a warning naming the file that
could not be read; never a 5xx, and the device's pages and the device list still show."""

import decimal
import importlib
import json
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.urls import reverse

from digiketen.accounts.roles import Role
from digiketen.inventory import services
from digiketen.inventory.models import Capture, Device
from digiketen.inventory.services.capture import MAX_CAPTURES_PER_DEVICE
from digiketen.inventory.tests.capture_cases import (
    BAD_TAGS,
    CASES,
    body,
    uevent,
)
from digiketen.tests.factories import LocationFactory, OrganisationFactory


@pytest.fixture
def setup(db):
    hub = LocationFactory(organisation=OrganisationFactory(type="refurbisher"))
    device = Device.objects.create(
        asset_tag="DK-000042", organisation=hub.organisation, hub=hub, type="laptop"
    )
    _token, secret = services.create_hub_token(hub=hub, name="stick 1")
    return hub, device, secret


def post(client, payload, secret, tag="DK-000042", **extra):
    data = payload if isinstance(payload, bytes) else json.dumps(payload)
    return client.post(
        f"/api/v1/devices/{tag}/captures",
        data,
        content_type=extra.pop("content_type", "application/json"),
        HTTP_AUTHORIZATION=f"Token {secret}",
        **extra,
    )


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert problem["title"] and problem["detail"] and problem["type"].startswith("urn:")
    return problem


def assert_pages_show(staff_client, hub, device):
    client, _ = staff_client(Role.HUB_STAFF, hub.organisation)
    listing = client.get(reverse("inventory:device-list"))
    assert listing.status_code == 200
    assert device.asset_tag in listing.text
    assert client.get(reverse("inventory:device-detail", args=[device.pk])).status_code == 200


@pytest.mark.parametrize(
    ("payload", "status", "named"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_malformed_capture_is_a_clear_answer_and_never_breaks_a_page(
    client, staff_client, setup, payload, status, named
):
    hub, device, secret = setup
    response = post(client, payload, secret)
    if status == 400:
        problem = assert_problem(response, 400)
        if named is not None:
            assert named in {p["name"] for p in problem["invalidParams"]}, problem
        assert all(p["reason"] for p in problem.get("invalidParams", []))
        assert not Capture.objects.exists()  # nothing kept of a refused capture
    else:
        assert response.status_code == 201, response.content[:500]
        [warning] = response.json()["warnings"]
        assert warning.startswith(f"Kon de meting niet lezen: {named} (")
        assert Capture.objects.get().files == payload["files"]  # kept as it came
    assert_pages_show(staff_client, hub, device)


@pytest.mark.parametrize(("tag", "status"), [c[1:] for c in BAD_TAGS], ids=[c[0] for c in BAD_TAGS])
def test_an_asset_tag_no_device_can_have_is_refused_before_any_lookup(client, setup, tag, status):
    problem = assert_problem(post(client, body(), setup[2], tag=tag), status)
    if status == 400 and "%0" not in tag:  # a control character is refused at the edge
        assert problem["invalidParams"][0]["name"] == "assetTag"


def test_a_value_that_does_not_fit_says_which_file_and_field(client, setup):
    payload = body(**{"power_supply/BAT0/uevent": uevent(ENERGY_FULL_DESIGN=10**17)})
    problem = assert_problem(post(client, payload, setup[2]), 400)
    [param] = problem["invalidParams"]
    assert param["name"] == "files.power_supply"
    assert param["reason"].startswith("Accu nieuw (Wh): ")
    device = Device.objects.get()
    assert device.battery_design_wh is None and device.brand == ""  # nothing of it applied


def test_what_fits_is_stored_exactly_and_shown(client, staff_client, setup):
    hub, device, secret = setup
    payload = body(
        **{"power_supply/BAT0/uevent": uevent(ENERGY_FULL_DESIGN=9999_900_000, ENERGY_FULL=1)}
    )
    assert post(client, payload, secret).status_code == 201
    device.refresh_from_db()
    assert str(device.battery_design_wh) == "9999.9"  # the largest DECIMAL(5,1) holds
    assert (device.cpu_cores, device.ram_mb) == (2, 8192)
    assert_pages_show(staff_client, hub, device)


def test_control_characters_from_firmware_never_reach_a_page(client, setup):
    payload = body(
        **{"dmidecode.txt": "Handle 0x0001, DMI type 1\n\tManufacturer: LE\x1bNO\x07VO\n"}
    )
    assert post(client, payload, setup[2]).status_code == 201
    assert Device.objects.get().brand == "LE NO VO"


def test_a_device_keeps_a_bounded_number_of_captures(client, setup):
    for _n in range(MAX_CAPTURES_PER_DEVICE):
        assert post(client, body(), setup[2]).status_code == 201
    problem = assert_problem(post(client, body(), setup[2]), 409)
    assert str(MAX_CAPTURES_PER_DEVICE) in problem["detail"]
    assert Capture.objects.count() == MAX_CAPTURES_PER_DEVICE


def test_a_body_over_the_upload_limit_is_413(client, setup, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    assert_problem(post(client, body(**{"dmidecode.txt": "x" * 2000}), setup[2]), 413)


def test_a_body_that_is_not_json_is_415(client, setup):
    assert_problem(post(client, b"files", setup[2], content_type="text/plain"), 415)


def test_an_authorization_header_in_no_known_encoding_is_401(client, setup):
    response = client.post(
        "/api/v1/devices/DK-000042/captures",
        json.dumps(body()),
        content_type="application/json",
        HTTP_AUTHORIZATION="T\xf6ken abc",
    )
    assert_problem(response, 401)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL never stores such a value")
def test_the_repair_migration_makes_a_device_broken_by_an_old_capture_show_again(
    staff_client, setup
):
    hub, device, _secret = setup
    with connection.cursor() as cursor:  # what main stored for the probe's battery
        cursor.execute("UPDATE inventory_device SET battery_design_wh = 1000000000.0")
    with pytest.raises(decimal.InvalidOperation):
        Device.objects.get()
    repair = importlib.import_module("digiketen.inventory.migrations.0010_capture_repair_decimals")
    # The part of a schema editor the migration uses (SQLite opens no real one inside a test).
    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    repair.forget_values_that_do_not_fit(django_apps, editor)
    assert Device.objects.get().battery_design_wh is None
    assert_pages_show(staff_client, hub, device)
