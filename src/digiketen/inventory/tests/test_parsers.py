"""Parsers on real outputs of donated machines (fixtures/hardware, MIT, from
WEEE-Open/peracotta) and on a few files written for cases those do not cover."""

import base64
import json
from pathlib import Path

import pytest

from digiketen.inventory.parsers import clean
from digiketen.inventory.parsers.battery import parse_uevent
from digiketen.inventory.parsers.capture import parse_capture
from digiketen.inventory.parsers.dmidecode import parse_identity
from digiketen.inventory.parsers.edid import parse_edid
from digiketen.inventory.parsers.lsblk import parse_lsblk
from digiketen.inventory.parsers.lscpu import parse_lscpu
from digiketen.inventory.parsers.smartctl import SmartctlParseError, parse_smartctl
from digiketen.inventory.tests.hardware import HARDWARE

OWN = Path(__file__).parent / "fixtures"


def machine(name: str) -> dict[str, str]:
    folder = HARDWARE / name
    files = {
        "dmidecode.txt": "\n".join(
            (folder / f).read_text()
            for f in ("baseboard.txt", "chassis.txt")
            if (folder / f).exists()
        ),
        "lscpu.txt": (folder / "lscpu.txt").read_text(),
    }
    if (folder / "smartctl.txt").exists():
        files["smartctl.json"] = (folder / "smartctl.txt").read_text()
    return files


@pytest.mark.parametrize(
    ("name", "manufacturer", "model", "kind", "cpu", "cores", "threads"),
    [
        (
            "Thinkpad-R500",
            "LENOVO",
            "2718V8C",
            "laptop",
            "Intel(R) Core(TM)2 Duo CPU P8600 @ 2.40GHz",
            2,
            2,
        ),
        (
            "2014-castes-mbp",
            "Apple Inc.",
            "Mac-2BD1B31983FE1663",
            "laptop",
            "Intel(R) Core(TM) i7-4980HQ CPU @ 2.80GHz",
            4,
            8,
        ),
        (
            "castes-pc",
            "ASRock",
            "H110M-ITX/ac",
            "desktop",
            "Intel(R) Core(TM) i5-6500 CPU @ 3.20GHz",
            4,
            4,
        ),
        (
            "castes-HP-dc7600",
            "Hewlett-Packard",
            "09F8h",
            "desktop",
            "Intel(R) Pentium(R) 4 CPU 2.80GHz",
            1,
            2,
        ),
        (
            "asdpc",
            "Gigabyte Technology Co., Ltd.",
            "970A-DS3P FX",
            "desktop",
            "AMD FX-8370E Eight-Core Processor",
            4,
            8,
        ),
        (
            "travasato",
            "Intel Corporation",
            "D975XBX2",
            "",
            "Intel(R) Core(TM)2 Quad CPU Q6600 @ 2.40GHz",
            4,
            4,
        ),
    ],
)
def test_identity_and_cpu_of_real_machines(name, manufacturer, model, kind, cpu, cores, threads):
    specs = parse_capture(machine(name))
    assert (specs.identity.manufacturer, specs.identity.model, specs.identity.device_type) == (
        manufacturer,
        model,
        kind,
    )
    assert (specs.cpu.model, specs.cpu.cores, specs.cpu.threads) == (cpu, cores, threads)


def test_vendor_placeholders_are_discarded():
    identity = parse_identity((HARDWARE / "castes-pc" / "chassis.txt").read_text())
    assert identity.manufacturer == ""  # "To Be Filled By O.E.M."
    assert identity.serial == ""
    for placeholder in [
        "To be filled by O.E.M.",
        "Default string",
        "System Serial Number",
        " 0000 ",
    ]:
        assert clean(placeholder) == ""
    assert clean("  ThinkPad   T450 ") == "ThinkPad T450"


def test_older_thinkpad_with_a_sata_hdd():
    files = machine("Thinkpad-R500")
    files["smartctl.json"] = (HARDWARE / "smartctl" / "mini_sata01.json").read_text()
    files["power_supply/BAT0/uevent"] = (OWN / "BAT0-thinkpad.uevent").read_text()
    specs = parse_capture(files)
    [disk] = specs.media
    assert (disk.kind, disk.model, disk.capacity_bytes) == (
        "hdd",
        "Hitachi HTS542516K9SA00",
        160041885696,
    )
    assert disk.smart_passed is True
    assert disk.power_on_hours == 10034
    assert specs.battery.health_percent == 69
    assert specs.battery.cycle_count == 412


def test_recent_laptop_with_nvme():
    files = machine("2014-castes-mbp")
    files["smartctl.json"] = (HARDWARE / "smartctl" / "test12.txt").read_text()
    files["power_supply/BAT1/uevent"] = (OWN / "BAT1-charge.uevent").read_text()
    files["edid/card0-eDP-1"] = base64.b64encode((OWN / "edid-15inch.bin").read_bytes()).decode()
    specs = parse_capture(files)
    assert [(m.kind, m.model, m.capacity_bytes) for m in specs.media] == [
        ("nvme", "WDC WDS100T2B0C-00PXH0", 1000204886016)
    ]
    assert specs.battery.design_capacity_wh == 50.2
    assert specs.battery.cycle_count is None  # 0 means unknown
    assert (specs.screen.diagonal_inch, specs.screen.width_px, specs.screen.height_px) == (
        15.3,
        1366,
        768,
    )


def test_desktop_with_two_disks_and_no_battery():
    files = machine("castes-pc")
    files["smartctl.json"] = (HARDWARE / "smartctl" / "three.txt").read_text()
    files["power_supply/AC/uevent"] = (OWN / "AC-mains.uevent").read_text()
    specs = parse_capture(files)
    assert specs.identity.device_type == "desktop"
    assert [(m.kind, m.capacity_bytes) for m in specs.media] == [
        ("hdd", 40020664320),
        ("hdd", 1000204886016),
        ("hdd", 160041885696),
    ]
    assert specs.battery is None
    assert specs.screen is None


def test_machine_without_disks():
    assert parse_capture(machine("77")).media == []  # smartctl found nothing: []
    assert parse_capture(machine("77-no-disks")).media == []


def test_failing_disk_is_reported_as_failed():
    [disk] = parse_smartctl((HARDWARE / "smartctl" / "test0.txt").read_text())
    assert disk.smart_passed is False
    assert disk.model == "Hitachi HTS545050B9A300"


@pytest.mark.parametrize("path", sorted((HARDWARE / "smartctl").glob("*")), ids=lambda p: p.name)
def test_every_smartctl_fixture_parses(path):
    media = parse_smartctl(path.read_text())
    for medium in media:
        assert medium.kind in ("hdd", "ssd", "nvme", "emmc", "")
        assert medium.power_on_hours is None or 0 <= medium.power_on_hours <= 300_000


def test_unreadable_devices_and_impossible_hours_are_left_out():
    assert parse_smartctl((HARDWARE / "smartctl" / "ide07.json").read_text()) == []
    [disk] = parse_smartctl((HARDWARE / "smartctl" / "ide01.json").read_text())
    assert disk.power_on_hours is None  # firmware reported 4,661,094 hours
    with pytest.raises(SmartctlParseError):
        parse_smartctl("not json")


def test_ssd_is_told_apart_from_hdd():
    [ssd] = parse_smartctl((HARDWARE / "smartctl" / "test10.txt").read_text())
    assert ssd.kind == "ssd"


def test_lsblk_adds_emmc_and_skips_loops_and_optical_drives():
    disks = parse_lsblk((OWN / "lsblk-emmc-nvme.json").read_text())
    assert [(d.name, d.kind) for d in disks] == [
        ("mmcblk0", "emmc"),
        ("mmcblk0boot0", "emmc"),
        ("nvme0n1", "nvme"),
        ("sda", "hdd"),
    ]
    specs = parse_capture({"lsblk.json": (OWN / "lsblk-emmc-nvme.json").read_text()})
    assert [m.kind for m in specs.media] == ["emmc", "nvme", "hdd"]  # boot partitions left out


def test_battery_and_edid_edge_cases():
    assert parse_uevent((OWN / "AC-mains.uevent").read_text()) is None
    assert parse_edid(b"") is None
    broken = bytearray((OWN / "edid-15inch.bin").read_bytes())
    broken[100] ^= 0xFF
    assert parse_edid(bytes(broken)) is None  # checksum fails


def test_lscpu_with_missing_fields():
    cpu = parse_lscpu("Architecture: aarch64\nModel name: Cortex-A72\n")
    assert (cpu.model, cpu.cores, cpu.threads) == ("Cortex-A72", None, None)


def test_wifi_and_webcam_from_the_collector_lists():
    specs = parse_capture({"net.txt": "enp0s25 wired\n", "video4linux.txt": ""})
    assert (specs.has_wifi, specs.has_webcam) == (False, False)
    assert parse_capture({}).has_wifi is None


@pytest.mark.parametrize(
    ("mem_total_kb", "ram_mb"),
    [
        (8050000, 8192),  # 8 GiB installed; the kernel keeps some
        (3672000, 4096),  # 4 GiB of which the graphics take half a GiB: still 4
        (500000, 1024),  # under half a GiB: at least 1
    ],
)
def test_installed_memory_is_rounded_to_whole_gib(mem_total_kb, ram_mb):
    specs = parse_capture({"meminfo.txt": f"MemTotal:       {mem_total_kb} kB\nMemFree: 1 kB\n"})
    assert specs.ram_mb == ram_mb


def test_a_disk_without_a_model_name_is_named_by_its_family():
    report = {
        "device": {"name": "/dev/sda", "protocol": "ATA"},
        "model_family": "Seagate Barracuda",
    }
    [disk] = parse_smartctl(json.dumps(report))
    assert (disk.kind, disk.model) == ("hdd", "Seagate Barracuda")


def test_a_disk_smartctl_and_lsblk_both_list_counts_once_without_a_serial():
    report = {"device": {"name": "/dev/sda", "protocol": "ATA"}, "model_name": "ST500DM002"}
    lsblk = {"blockdevices": [{"name": "sda", "type": "disk", "size": 500107862016, "rota": True}]}
    specs = parse_capture({"smartctl.json": json.dumps([report]), "lsblk.json": json.dumps(lsblk)})
    assert [(m.model, m.device_path) for m in specs.media] == [("ST500DM002", "/dev/sda")]
