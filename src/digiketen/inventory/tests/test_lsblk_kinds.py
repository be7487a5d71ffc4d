"""The disks lsblk lists, from JSON written here in `lsblk --json --bytes` form: which count,
what kind each is (by name, by transport, by rotation) and their size."""

import json

from digiketen.inventory.parsers.lsblk import parse_lsblk
from digiketen.inventory.parsers.smartctl import parse_smartctl


def disks(*devices: dict) -> list[tuple]:
    found = parse_lsblk(json.dumps({"blockdevices": list(devices)}))
    return [(d.name, d.kind, d.capacity_bytes) for d in found]


def disk(name: str, **fields) -> dict:
    return {"name": name, "type": "disk", "size": 256060514304, "rota": True} | fields


def test_each_kind_is_known_by_its_name_its_transport_or_its_rotation():
    assert disks(
        disk("mmcblk0"),
        disk("sdx", tran="MMC"),
        disk("nvme0n1"),
        disk("sdy", tran="NVMe"),
        disk("sda", rota=False),
        disk("sdb", rota="0"),
        disk("sdc", rota=0),
        disk("sdd", rota="1"),
        disk("sde", tran="usb", rota=True),
    ) == [
        ("mmcblk0", "emmc", 256060514304),
        ("sdx", "emmc", 256060514304),
        ("nvme0n1", "nvme", 256060514304),
        ("sdy", "nvme", 256060514304),
        ("sda", "ssd", 256060514304),
        ("sdb", "ssd", 256060514304),
        ("sdc", "ssd", 256060514304),
        ("sdd", "hdd", 256060514304),
        ("sde", "hdd", 256060514304),
    ]


def test_only_real_disks_count_and_an_unreadable_size_is_unknown():
    assert disks(
        disk("loop0"),
        disk("zram0"),
        {"name": "sr0", "type": "rom", "size": 1073741312},
        {"name": "sda1", "type": "part", "size": 5},
        disk("sda", size="256G"),
        disk("sdb", size=None),
        {"type": "disk", "size": 10, "rota": True},  # no name: kept, as lsblk saw a disk
    ) == [("sda", "hdd", None), ("sdb", "hdd", None), ("", "hdd", 10)]
    assert parse_lsblk("{}") == []


def test_a_report_smartctl_could_not_open_says_nothing_unless_it_names_a_model():
    def kept(exit_status: int, **report) -> int:
        return len(parse_smartctl(json.dumps({"smartctl": {"exit_status": exit_status}, **report})))

    assert kept(2) == 0  # bit 1: the device could not be opened
    assert kept(2, model_name="WDC WD5000") == 1
    assert kept(1) == 1  # bit 0 (command line) alone does not mean the disk is unreadable
    assert kept(4) == 1  # bit 2: some SMART command failed, the report still says something
    assert len(parse_smartctl(json.dumps({"model_name": "X"}))) == 1  # no exit status: fine


def test_older_lsblk_writes_the_size_as_a_string_of_digits():
    assert disks(disk("sda", size="256060514304"), disk("sdb", size="0"), disk("sdc", size=0)) == [
        ("sda", "hdd", 256060514304),
        ("sdb", "hdd", None),  # a size of 0: a card reader without a card
        ("sdc", "hdd", None),
    ]
