"""digiketen-collect and POST /api/v1/devices/{assetTag}/captures."""

import importlib.machinery
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from digiketen.core.models import AuditEvent
from digiketen.inventory import services
from digiketen.inventory.models import Capture, Device
from digiketen.inventory.tests.hardware import HARDWARE
from digiketen.tests.factories import LocationFactory, OrganisationFactory

SCRIPT = Path(__file__).parents[1] / "collector" / "digiketen-collect"
OWN = Path(__file__).parent / "fixtures"


def collector():
    loader = importlib.machinery.SourceFileLoader("digiketen_collect", str(SCRIPT))
    spec = importlib.util.spec_from_loader("digiketen_collect", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def fake_run(command):
    """Answers like the real tools on the ThinkPad R500 with a SATA disk."""
    name = command[0]
    if name == "dmidecode":
        return "\n".join(
            (HARDWARE / "Thinkpad-R500" / f).read_text() for f in ("baseboard.txt", "chassis.txt")
        )
    if name == "lscpu":
        return (HARDWARE / "Thinkpad-R500" / "lscpu.txt").read_text()
    if name == "lsblk":
        return json.dumps(
            {
                "blockdevices": [
                    {
                        "name": "sda",
                        "type": "disk",
                        "size": 160041885696,
                        "rota": True,
                        "tran": "sata",
                        "model": "Hitachi",
                        "serial": "REDACTED123456",
                    }
                ]
            }
        )
    if name == "smartctl":
        return json.dumps(json.loads((HARDWARE / "smartctl" / "mini_sata01.json").read_text())[0])
    return ""


@pytest.fixture
def capture_body(tmp_path):
    sysfs, proc = tmp_path / "sys", tmp_path / "proc"
    (sysfs / "class" / "power_supply" / "BAT0").mkdir(parents=True)
    (sysfs / "class" / "power_supply" / "BAT0" / "uevent").write_text(
        (OWN / "BAT0-thinkpad.uevent").read_text()
    )
    (sysfs / "class" / "drm" / "card0-LVDS-1").mkdir(parents=True)
    (sysfs / "class" / "drm" / "card0-LVDS-1" / "edid").write_bytes(
        (OWN / "edid-15inch.bin").read_bytes()
    )
    (sysfs / "class" / "net" / "lo").mkdir(parents=True)
    (sysfs / "class" / "net" / "enp0s25").mkdir()
    (sysfs / "class" / "net" / "wlp3s0" / "wireless").mkdir(parents=True)
    (sysfs / "class" / "video4linux" / "video0").mkdir(parents=True)
    (sysfs / "class" / "video4linux" / "video0" / "name").write_text("Integrated Camera\n")
    proc.mkdir()
    (proc / "meminfo").write_text("MemTotal:        3950000 kB\nMemFree: 1000 kB\n")
    module = collector()
    files = module.collect(run=fake_run, sysfs=sysfs, proc=proc)
    capture = module.write(files, tmp_path / "out")
    return json.loads(capture.read_text())


@pytest.fixture
def setup(db):
    hub = LocationFactory(organisation=OrganisationFactory(type="refurbisher"))
    device = Device.objects.create(
        asset_tag="DK-000042", organisation=hub.organisation, hub=hub, type="laptop"
    )
    _token, secret = services.create_hub_token(hub=hub, name="stick 1")
    return hub, device, secret


def post(client, body, *, secret=None, tag="DK-000042"):
    headers = {"HTTP_AUTHORIZATION": f"Token {secret}"} if secret else {}
    return client.post(
        f"/api/v1/devices/{tag}/captures",
        json.dumps(body),
        content_type="application/json",
        **headers,
    )


def test_help_works_with_only_the_standard_library():
    done = subprocess.run(
        [sys.executable, "-I", "-S", str(SCRIPT), "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "--asset-tag" in done.stdout


def test_upload_fills_the_specs_and_keeps_the_raw_capture(client, setup, capture_body):
    _hub, device, secret = setup
    response = post(client, capture_body, secret=secret)
    assert response.status_code == 201, response.content
    assert response["API-Version"] == "1.0.0"
    assert response.json()["storageMedia"] == 1
    device.refresh_from_db()
    assert (device.brand, device.model, device.cpu_model) == (
        "LENOVO",
        "2718V8C",
        "Intel(R) Core(TM)2 Duo CPU P8600 @ 2.40GHz",
    )
    assert device.ram_mb == 4096
    assert float(device.screen_inch) == 15.3 and device.screen_resolution == "1366x768"
    assert device.battery_cycles == 412
    assert device.has_wifi is True and device.has_webcam is True
    medium = device.media.get()
    assert (medium.kind, medium.capacity_bytes, medium.power_on_hours) == (
        "hdd",
        160041885696,
        10034,
    )
    capture = Capture.objects.get()
    assert capture.files == capture_body["files"]  # unchanged
    assert len(capture.sha256) == 64
    assert AuditEvent.objects.filter(action="device.capture_uploaded").exists()
    # Uploading again does not add the same disk twice.
    assert post(client, capture_body, secret=secret).status_code == 201
    assert device.media.count() == 1


def test_missing_or_wrong_token_is_401_problem(client, setup, capture_body):
    for secret in (None, "niet-de-sleutel"):
        response = post(client, capture_body, secret=secret)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 401
        assert response["WWW-Authenticate"] == "Token"


def test_another_hubs_token_is_403_problem(client, setup, capture_body):
    other = LocationFactory(organisation=OrganisationFactory(type="refurbisher"))
    _token, other_secret = services.create_hub_token(hub=other, name="elders")
    response = post(client, capture_body, secret=other_secret)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert not Capture.objects.exists()


def test_revoked_token_is_refused(client, setup, capture_body):
    from django.utils import timezone

    from digiketen.inventory.models import HubToken

    HubToken.objects.update(revoked_at=timezone.now())
    assert post(client, capture_body, secret=setup[2]).status_code == 401


def test_unknown_device_and_bad_body(client, setup, capture_body):
    secret = setup[2]
    assert post(client, capture_body, secret=secret, tag="DK-999999").status_code == 404
    bad = post(client, {"files": {}}, secret=secret)
    assert bad.status_code == 400
    assert {p["name"] for p in bad.json()["invalidParams"]} == {"collectorVersion", "files"}


def test_openapi_document_describes_the_endpoint(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    document = response.json()
    assert document["openapi"].startswith("3.0")
    assert "/devices/{assetTag}/captures" in document["paths"]


def test_staff_download_the_collector(staff_client, setup):
    from digiketen.accounts.roles import Role

    client, _ = staff_client(Role.TECHNICIAN_TRAINEE, setup[0].organisation)
    response = client.get(reverse("inventory:collector-download"))
    assert b"".join(response.streaming_content).startswith(b"#!/usr/bin/env python3")


def upload_with_collector(live_server, secret, files, tmp_path, capsys) -> tuple[int, str, str]:
    capture = tmp_path / "capture.json"
    capture.write_text(json.dumps({"collectorVersion": "1.0", "files": files}))
    code = collector().main(
        [
            "--upload-file",
            str(capture),
            "--server",
            live_server.url,
            "--token",
            secret,
            "--asset-tag",
            "DK-000042",
        ]
    )
    out, err = capsys.readouterr()
    return code, out, err


def test_the_collector_prints_a_refusal_in_dutch_with_the_file_and_field(
    live_server, transactional_db, tmp_path, capsys
):
    hub = LocationFactory(organisation=OrganisationFactory(type="refurbisher"))
    Device.objects.create(asset_tag="DK-000042", organisation=hub.organisation, hub=hub)
    _token, secret = services.create_hub_token(hub=hub, name="stick 1")
    dmidecode = "Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\n\tManufacturer: "
    code, _out, err = upload_with_collector(
        live_server, secret, {"dmidecode.txt": dmidecode + "M" * 1000 + "\n"}, tmp_path, capsys
    )
    assert code == 1
    first, field, *_rest = err.splitlines()
    # A sentence for the volunteer, the refused value by its file: no HTTP title, no raw names.
    assert first == "De meting van DK-000042 is niet opgeslagen, want niet alles past."
    assert field.startswith("  - in dmidecode.txt: Merk: ") and "100" in field
    assert "invalidParams" not in err and "files." not in err
    assert "De bestanden staan nog in" in err
    assert not Capture.objects.exists()

    code, out, _err = upload_with_collector(
        live_server, secret, {"smartctl.json": "[1]"}, tmp_path, capsys
    )
    assert code == 0
    assert out.splitlines()[-1].startswith("Let op: Kon de meting niet lezen: smartctl.json (")


def test_the_collector_says_in_dutch_what_to_do_with_a_revoked_key(
    live_server, transactional_db, tmp_path, capsys
):
    hub = LocationFactory(organisation=OrganisationFactory(type="refurbisher"))
    Device.objects.create(asset_tag="DK-000042", organisation=hub.organisation, hub=hub)
    token, secret = services.create_hub_token(hub=hub, name="stick 1")
    token.revoked_at = token.created_at
    token.save()
    code, _out, err = upload_with_collector(
        live_server, secret, {"meminfo.txt": "MemTotal: 1 kB\n"}, tmp_path, capsys
    )
    assert code == 1
    first, second, *_rest = err.splitlines()
    assert first.startswith("De uploadsleutel klopt niet of is ingetrokken. Vraag de begeleider")
    assert second == "De server zegt: Deze sleutel is onbekend of ingetrokken."
    assert "Niet geauthenticeerd" not in err and "{" not in err


def test_the_collector_warns_when_dmidecode_or_smartctl_is_missing(tmp_path, capsys, monkeypatch):
    module = collector()
    installed = {"dmidecode": "/usr/sbin/dmidecode"}
    [warning] = module.missing_tools(which=installed.get)
    assert warning.startswith("Let op: smartctl ontbreekt")
    assert warning.endswith("sudo apt install smartmontools")
    assert len(module.missing_tools(which=lambda tool: None)) == 2
    monkeypatch.setattr(module.shutil, "which", lambda tool: None)
    monkeypatch.setattr(module.os, "geteuid", lambda: 0)
    module.collect = lambda: {"meminfo.txt": "MemTotal: 1 kB\n"}
    assert module.main(["--no-upload", "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "Let op: dmidecode ontbreekt" in err and "Let op: smartctl ontbreekt" in err


def test_the_collector_explains_itself_in_dutch(capsys):
    with pytest.raises(SystemExit):
        collector().main(["--help"])
    out = capsys.readouterr().out
    assert "het inventarisnummer op het label" in out and "uploadsleutel" in out
    assert "the hub's upload key" not in out


def test_the_collector_shows_an_answer_that_is_no_problem_as_it_came():
    message = collector().refusal(502, b"<html>Bad Gateway</html>")
    assert message == "Upload geweigerd (502): <html>Bad Gateway</html>"


def test_the_collector_drops_nul_from_what_it_reads(tmp_path):
    (tmp_path / "meminfo").write_text("MemTotal: 8050000 kB\x00\n")
    files = collector().collect(run=lambda command: "", sysfs=tmp_path / "sys", proc=tmp_path)
    assert files["meminfo.txt"] == "MemTotal: 8050000 kB\n"
