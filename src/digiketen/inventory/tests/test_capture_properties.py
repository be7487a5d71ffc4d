"""Property tests: arbitrary bytes, text and JSON fed to every hardware parser and to the
capture endpoint. A parser returns its result or raises its own ParseError, nothing else;
parse_capture never raises; the endpoint never answers 5xx, and after any capture it accepts
the device list and the device's page still show.

The endpoint examples each run in their own rolled-back transaction."""

import base64
import contextlib
import json
from datetime import UTC
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from digiketen.accounts.roles import Role
from digiketen.inventory import services
from digiketen.inventory.models import Device
from digiketen.inventory.parsers import ParseError
from digiketen.inventory.parsers.battery import parse_uevent
from digiketen.inventory.parsers.capture import Specs, parse_capture
from digiketen.inventory.parsers.dmidecode import parse_identity
from digiketen.inventory.parsers.edid import parse_edid
from digiketen.inventory.parsers.lsblk import parse_lsblk
from digiketen.inventory.parsers.lscpu import parse_lscpu
from digiketen.inventory.parsers.nwipe import parse_nwipe_log
from digiketen.inventory.parsers.smartctl import parse_smartctl
from digiketen.tests.factories import LocationFactory, OrganisationFactory

PARSERS = settings(max_examples=150, deadline=None)
ENDPOINT = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
OPENAPI = json.loads((Path(__file__).parents[4] / "docs" / "api" / "openapi.json").read_text())

# Any JSON value, a few levels deep, with the numbers that break naive code: huge, negative,
# fractions, and text where a number belongs.
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
SMARTCTL_KEYS = [
    "smartctl", "exit_status", "device", "protocol", "name", "model_name", "model_family",
    "serial_number", "rotation_rate", "user_capacity", "bytes", "nvme_total_capacity",
    "power_on_time", "hours", "smart_status", "passed",
]  # fmt: skip
LSBLK_KEYS = ["blockdevices", "name", "type", "size", "rota", "tran", "model", "serial"]


def shaped(keys: list[str]):
    """JSON objects that use the tool's own keys, so the parser reaches past its first check."""
    return st.recursive(
        scalars | st.sampled_from(["disk", "NVMe", "ATA", "mmcblk0", "0", "1"]),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.sampled_from(keys), inner, max_size=len(keys))
        ),
        max_leaves=25,
    )


def key_values(keys: list[str]):
    """Lines `key: value` / `KEY=value` with values a firmware might write, or might not."""
    value = st.integers(-(10**25), 10**25).map(str) | st.text(max_size=40)
    return st.lists(st.tuples(st.sampled_from(keys), value), max_size=8)


@PARSERS
@given(text=st.text(max_size=2000))
def test_the_text_parsers_read_any_text_without_raising(text):
    parse_identity(text)
    parse_lscpu(text)
    parse_uevent(text)
    parse_nwipe_log(text, tzinfo=UTC)


@PARSERS
@given(data=st.binary(max_size=512))
def test_the_edid_parser_reads_any_bytes(data):
    screen = parse_edid(data)
    assert screen is None or (screen.width_px or 0) < 2**12


@PARSERS
@given(value=json_values | shaped(SMARTCTL_KEYS) | shaped(LSBLK_KEYS))
def test_the_json_parsers_raise_nothing_but_their_parse_error(value):
    for parser in (parse_smartctl, parse_lsblk):
        with contextlib.suppress(ParseError):
            parser(json.dumps(value))


@PARSERS
@given(text=st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.decode("latin-1")))
def test_the_json_parsers_take_any_text(text):
    for parser in (parse_smartctl, parse_lsblk):
        with contextlib.suppress(ParseError):
            parser(text)


FILE_NAMES = [
    "dmidecode.txt", "lscpu.txt", "lsblk.json", "smartctl.json", "meminfo.txt", "net.txt",
    "video4linux.txt", "power_supply/BAT0/uevent", "edid/card0-eDP-1",
]  # fmt: skip


def file_contents(name: str):
    """Contents for one file: its tool's form with hostile values, or anything at all."""
    anything = st.text(max_size=200)
    if name.endswith(".json"):
        keys = SMARTCTL_KEYS if name.startswith("smartctl") else LSBLK_KEYS
        return anything | (json_values | shaped(keys)).map(json.dumps)
    if name == "lscpu.txt":
        lines = key_values(["Model name", "Core(s) per socket", "Socket(s)", "CPU(s)"])
        return anything | lines.map(lambda kv: "".join(f"{k}: {v}\n" for k, v in kv))
    if name.endswith("uevent"):
        keys = ["TYPE", "ENERGY_FULL_DESIGN", "ENERGY_FULL", "CHARGE_FULL", "VOLTAGE_NOW",
                "CYCLE_COUNT"]  # fmt: skip
        lines = key_values(keys).map(lambda kv: [("TYPE", "Battery"), *kv])
        return anything | lines.map(lambda kv: "".join(f"POWER_SUPPLY_{k}={v}\n" for k, v in kv))
    if name == "meminfo.txt":
        return anything | key_values(["MemTotal"]).map(
            lambda kv: "".join(f"{k}: {v} kB\n" for k, v in kv)
        )
    if name.startswith("edid/"):
        return anything | st.binary(min_size=120, max_size=260).map(
            lambda b: base64.b64encode(b).decode()
        )
    if name == "dmidecode.txt":
        field = st.sampled_from(["Manufacturer", "Product Name", "Serial Number", "Type"])
        lines = st.lists(st.tuples(field, st.text(max_size=300)), max_size=6)
        return anything | lines.map(
            lambda kv: (
                "Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\n"
                + "".join(f"\t{k}: {v}\n" for k, v in kv)
            )
        )
    return anything


captures = st.lists(st.sampled_from(FILE_NAMES), unique=True, min_size=1).flatmap(
    lambda names: st.fixed_dictionaries({name: file_contents(name) for name in names})
)


@PARSERS
@given(files=captures)
def test_parse_capture_never_raises(files):
    assert isinstance(parse_capture(files), Specs)


@pytest.fixture
def bench(db, staff_client):
    hub = LocationFactory(organisation=OrganisationFactory(type="refurbisher"))
    device = Device.objects.create(
        asset_tag="DK-000042", organisation=hub.organisation, hub=hub, type="laptop"
    )
    _token, secret = services.create_hub_token(hub=hub, name="stick 1")
    staff, _user = staff_client(Role.HUB_STAFF, hub.organisation)
    return device, secret, staff


def upload(client, secret, payload):
    return client.post(
        "/api/v1/devices/DK-000042/captures",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {secret}",
    )


def check_pages(staff, device):
    """What a technician would notice: the list and the device page show, with the tag."""
    listing = staff.get(reverse("inventory:device-list"))
    assert listing.status_code == 200 and device.asset_tag in listing.text
    assert staff.get(reverse("inventory:device-detail", args=[device.pk])).status_code == 200


@ENDPOINT
@given(files=captures)
def test_no_capture_gets_a_server_error_or_breaks_a_page(bench, client, files):
    device, secret, staff = bench
    with transaction.atomic():
        response = upload(client, secret, {"collectorVersion": "1.0", "files": files})
        assert response.status_code in (201, 400), response.content[:300]
        if response.status_code == 400:
            assert response["Content-Type"] == "application/problem+json"
        check_pages(staff, device)
        transaction.set_rollback(True)


def from_openapi(schema: dict):
    """Values valid for `schema`. hypothesis-jsonschema draws the strings; objects are drawn
    here, because its object strategy breaks on the installed Hypothesis (6.170: "'many'
    object has no attribute 'more'")."""
    if schema.get("type") != "object":
        return from_schema(schema)
    required = set(schema.get("required", []))
    properties = {name: from_openapi(sub) for name, sub in schema.get("properties", {}).items()}
    if properties:
        return st.fixed_dictionaries(
            {name: s for name, s in properties.items() if name in required},
            optional={name: s for name, s in properties.items() if name not in required},
        )
    return st.dictionaries(
        st.text(max_size=40),
        from_openapi(schema.get("additionalProperties", {})),
        min_size=schema.get("minProperties", 0),
        max_size=min(schema.get("maxProperties", 10), 10),
    )


request_bodies = from_openapi(OPENAPI["components"]["schemas"]["CaptureRequest"])


@ENDPOINT
@given(payload=request_bodies | json_values)
def test_any_body_the_schema_allows_or_not_is_a_2xx_or_a_problem(bench, client, payload):
    device, secret, staff = bench
    with transaction.atomic():
        response = upload(client, secret, payload)
        assert response.status_code in (201, 400), response.content[:300]
        if response.status_code == 400:
            assert response["Content-Type"] == "application/problem+json"
        check_pages(staff, device)
        transaction.set_rollback(True)
