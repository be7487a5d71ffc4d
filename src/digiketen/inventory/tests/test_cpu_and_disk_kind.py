"""Cores, threads and architecture from `lscpu`, and what kind of disk smartctl saw, from
inputs written here in the tools' own formats, with the answers worked out by hand."""

import json

from digiketen.inventory.parsers.lscpu import parse_lscpu
from digiketen.inventory.parsers.smartctl import parse_smartctl


def lscpu(**fields: str) -> str:
    return "".join(f"{key}:{' ' * 8}{value}\n" for key, value in fields.items())


def test_cores_are_cores_per_socket_times_sockets_and_threads_follow_without_a_cpu_count():
    cpu = parse_lscpu(
        lscpu(**{"Architecture": "x86_64", "Core(s) per socket": "4", "Socket(s)": "2"})
        + "Thread(s) per core:  2\n"
    )
    assert (cpu.cores, cpu.threads, cpu.architecture) == (8, 16, "x86_64")


def test_the_cpu_count_wins_over_the_product_when_lscpu_gives_it():
    # Six cores of one thread, yet CPU(s) says 12: lscpu's count is what the system runs.
    text = lscpu(**{"CPU(s)": "12", "Core(s) per socket": "6", "Socket(s)": "1"})
    assert parse_lscpu(text + "Thread(s) per core:  1\n").threads == 12


def test_missing_parts_leave_the_counts_unknown_not_a_crash():
    assert parse_lscpu("Core(s) per socket:  4\n").cores is None  # sockets unknown
    only_threads = parse_lscpu("Thread(s) per core:  2\n")
    assert (only_threads.cores, only_threads.threads, only_threads.architecture) == (None, None, "")


def test_a_colon_inside_a_value_stays_in_the_value():
    cpu = parse_lscpu("Model name:  Vendor: Model X 2.4GHz\n")
    assert cpu.model == "Vendor: Model X 2.4GHz"


def smartctl(**report) -> str:
    return json.dumps({"smartctl": {"exit_status": 0}, **report})


def test_each_kind_of_disk_is_named_from_what_smartctl_reports():
    def kind(**report) -> str:
        [medium] = parse_smartctl(smartctl(**report))
        return medium.kind

    assert kind(device={"name": "/dev/nvme0", "protocol": "NVMe"}) == "nvme"
    assert kind(device={"name": "/dev/mmcblk0", "protocol": ""}) == "emmc"
    assert kind(device={"name": "/dev/sda", "protocol": "ATA"}, rotation_rate=0) == "ssd"
    assert (
        kind(device={"name": "/dev/sda", "protocol": "ATA"}, model_name="Samsung SSD 860") == "ssd"
    )
    assert kind(device={"name": "/dev/sda", "protocol": "ATA"}, rotation_rate=5400) == "hdd"
    assert kind(device={"name": "/dev/sdb", "protocol": "SCSI"}) == "hdd"
    assert kind(device={"name": "/dev/sdc"}) == ""  # no protocol: unknown, not a guess
    assert kind(model_name="Some disk") == ""  # no device block at all
