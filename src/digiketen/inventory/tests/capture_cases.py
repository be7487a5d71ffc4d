"""Malformed captures, as the security probe of December 2026 sent them (and a few more), each
with what the endpoint must answer: 400 problem+json naming the reason, or 201 with the file
that could not be read named in a warning (its specs stay unknown)."""

import json

GOOD_FILES = {
    "dmidecode.txt": (
        "Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\n"
        "\tManufacturer: LENOVO\n\tProduct Name: 20HD\n\tSerial Number: PF0ABCDE\n"
    ),
    "lscpu.txt": "Model name: Intel(R) Core(TM) i5\nCore(s) per socket: 2\nSocket(s): 1\n",
    "meminfo.txt": "MemTotal:        8050000 kB\n",
}


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def body(**files) -> dict:
    return {"collectorVersion": "1.0", "files": GOOD_FILES | files}


def uevent(**values) -> str:
    return "".join(f"POWER_SUPPLY_{k}={v}\n" for k, v in ({"TYPE": "Battery"} | values).items())


def dmidecode(manufacturer: str = "LENOVO", serial: str = "PF0ABCDE") -> str:
    return (
        "Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\n"
        f"\tManufacturer: {manufacturer}\n\tProduct Name: 20HD\n\tSerial Number: {serial}\n"
    )


def lsblk(*devices) -> str:
    return json.dumps({"blockdevices": list(devices)})


def disk(n: int, **fields) -> dict:
    return {"name": f"sd{n}", "type": "disk", "size": 256060514304, "rota": True} | fields


# (case, JSON body or raw bytes, expected status, what the answer names: a field of
# invalidParams for 400, the unreadable file for 201)
UNREADABLE = [
    ("smartctl-list-of-a-number", body(**{"smartctl.json": "[1]"}), 201, "smartctl.json"),
    ("smartctl-field-a-list", body(**{"smartctl.json": '{"smartctl": []}'}), 201, "smartctl.json"),
    (
        "smartctl-hours-a-string",
        body(**{"smartctl.json": '{"model_name": "X", "power_on_time": {"hours": "many"}}'}),
        201,
        "smartctl.json",
    ),
    (
        "smartctl-bytes-a-string",
        body(**{"smartctl.json": '{"model_name": "X", "user_capacity": {"bytes": "1 TB"}}'}),
        201,
        "smartctl.json",
    ),
    (
        "smartctl-exit-status-a-string",
        body(**{"smartctl.json": '{"smartctl": {"exit_status": "2"}}'}),
        201,
        "smartctl.json",
    ),
    ("smartctl-not-json", body(**{"smartctl.json": "geen json"}), 201, "smartctl.json"),
    ("smartctl-nested-5000", body(**{"smartctl.json": deep(5000)}), 201, "smartctl.json"),
    ("smartctl-number-too-long", body(**{"smartctl.json": "9" * 5000}), 201, "smartctl.json"),
    ("lsblk-a-list", body(**{"lsblk.json": "[]"}), 201, "lsblk.json"),
    ("lsblk-null", body(**{"lsblk.json": "null"}), 201, "lsblk.json"),
    ("lsblk-devices-numbers", body(**{"lsblk.json": '{"blockdevices": [1]}'}), 201, "lsblk.json"),
    ("lsblk-devices-object", body(**{"lsblk.json": '{"blockdevices": {}}'}), 201, "lsblk.json"),
    ("lsblk-name-a-number", body(**{"lsblk.json": lsblk(disk(1, name=7))}), 201, "lsblk.json"),
    ("lsblk-nested-5000", body(**{"lsblk.json": deep(5000)}), 201, "lsblk.json"),
    ("meminfo-without-value", body(**{"meminfo.txt": "MemTotal:\n"}), 201, "meminfo.txt"),
    ("meminfo-not-a-number", body(**{"meminfo.txt": "MemTotal: veel kB\n"}), 201, "meminfo.txt"),
    ("meminfo-arabic-digits", body(**{"meminfo.txt": "MemTotal: ٤٠٩٦ kB\n"}), 201, "meminfo.txt"),
    ("edid-not-base64", body(**{"edid/card0-eDP-1": "!!geen base64!!"}), 201, "edid/card0-eDP-1"),
]

# Values that were read but do not fit the device record: refused, nothing stored.
OUT_OF_RANGE = [
    (
        "negative-core-count",
        body(**{"lscpu.txt": "Core(s) per socket: -4\nSocket(s): 1\n"}),
        400,
        "files.lscpu.txt",
    ),
    (
        "absurd-core-count",
        body(**{"lscpu.txt": "Core(s) per socket: 99999\nSocket(s): 9\n"}),
        400,
        "files.lscpu.txt",
    ),
    (
        "cpu-model-1000",
        body(**{"lscpu.txt": "Model name: " + "i" * 1000 + "\n"}),
        400,
        "files.lscpu.txt",
    ),
    (
        "manufacturer-1000",
        body(**{"dmidecode.txt": dmidecode("M" * 1000)}),
        400,
        "files.dmidecode.txt",
    ),
    (
        "serial-1000",
        body(**{"dmidecode.txt": dmidecode(serial="S" * 1000)}),
        400,
        "files.dmidecode.txt",
    ),
    (
        "memory-absurd",
        body(**{"meminfo.txt": "MemTotal: 999999999999999 kB\n"}),
        400,
        "files.meminfo.txt",
    ),
    (
        "battery-design-absurd",
        body(**{"power_supply/BAT0/uevent": uevent(ENERGY_FULL_DESIGN=10**17, ENERGY_FULL=10**6)}),
        400,
        "files.power_supply",
    ),
    (
        "battery-full-absurd",
        body(**{"power_supply/BAT0/uevent": uevent(ENERGY_FULL_DESIGN=10**6, ENERGY_FULL=10**16)}),
        400,
        "files.power_supply",
    ),
    (
        "battery-cycles-absurd",
        body(**{"power_supply/BAT0/uevent": uevent(ENERGY_FULL=10**6, CYCLE_COUNT=10**15)}),
        400,
        "files.power_supply",
    ),
    (
        "disk-size-absurd",
        body(**{"lsblk.json": lsblk(disk(1, size=10**25))}),
        400,
        "files.storageMedia[0] /dev/sd1",
    ),
    (
        "seventeen-disks",
        body(**{"lsblk.json": lsblk(*(disk(n, serial=f"S{n}") for n in range(17)))}),
        400,
        "files.storageMedia",
    ),
]

# The request itself is wrong: its form, its text, its size.
BAD_REQUEST = [
    ("file-name-with-nul", body(**{"net\u0000.txt": "wlan0 wireless\n"}), 400, "files"),
    ("file-name-control-character", body(**{"net\u0001.txt": "x"}), 400, "files"),
    ("file-name-300-characters", body(**{"x" * 300: "x"}), 400, "files"),
    (
        "file-content-with-nul",
        body(**{"dmidecode.txt": "Handle\u0000"}),
        400,
        "files.dmidecode.txt",
    ),
    (
        "file-content-lone-surrogate",
        body(**{"dmidecode.txt": "\ud800"}),
        400,
        "files.dmidecode.txt",
    ),
    ("file-content-a-number", body(**{"meminfo.txt": 8050000}), 400, "files.meminfo.txt"),
    ("file-content-null", body(**{"meminfo.txt": None}), 400, "files.meminfo.txt"),
    (
        "file-content-an-object",
        body(**{"lsblk.json": {"blockdevices": []}}),
        400,
        "files.lsblk.json",
    ),
    ("no-files", {"collectorVersion": "1.0", "files": {}}, 400, "files"),
    ("files-a-list", {"collectorVersion": "1.0", "files": []}, 400, "files"),
    ("files-a-string", {"collectorVersion": "1.0", "files": "dmidecode.txt"}, 400, "files"),
    (
        "201-files",
        {"collectorVersion": "1.0", "files": {f"f{n}": "" for n in range(201)}},
        400,
        "files",
    ),
    ("version-a-number", body() | {"collectorVersion": 1.0}, 400, "collectorVersion"),
    ("version-with-nul", body() | {"collectorVersion": "1\u0000"}, 400, "collectorVersion"),
    ("version-missing", {"files": GOOD_FILES}, 400, "collectorVersion"),
    ("body-a-list", [], 400, "non_field_errors"),
    ("body-a-string", "capture", 400, "non_field_errors"),
    ("body-null", None, 400, "non_field_errors"),
    ("body-nested-5000", b'{"files": ' + deep(5000).encode() + b"}", 400, None),
    ("body-not-json", b"{files: }", 400, None),
    ("body-not-utf8", b'{"collectorVersion": "\xff"}', 400, None),
    ("body-nan", b'{"collectorVersion": NaN, "files": {}}', 400, None),
    ("body-number-5000-digits", b'{"collectorVersion": ' + b"9" * 5000 + b"}", 400, None),
]

# Same, in the asset tag of the path.
BAD_TAGS = [
    ("tag-with-nul", "DK-%00", 400),
    ("tag-with-control-character", "DK-%01", 400),
    ("tag-with-space", "DK%20000042", 400),
    ("tag-21-characters", "D" * 21, 400),
    ("tag-unknown", "DK-999999", 404),
]

CASES = UNREADABLE + OUT_OF_RANGE + BAD_REQUEST
