"""Parse `lsblk --json --bytes --output NAME,TYPE,SIZE,ROTA,TRAN,MODEL,SERIAL`: the disks,
also those smartctl cannot read (eMMC, some USB bridges)."""

import json
from dataclasses import dataclass

from digiketen.inventory.parsers import clean


@dataclass(frozen=True)
class Disk:
    name: str
    kind: str
    capacity_bytes: int | None
    model: str
    serial: str


def parse_lsblk(json_text: str) -> list[Disk]:
    devices = json.loads(json_text).get("blockdevices", [])
    disks = []
    for device in devices:
        if device.get("type") != "disk" or str(device.get("name", "")).startswith(("loop", "zram")):
            continue
        name, transport = str(device.get("name", "")), (device.get("tran") or "").lower()
        if name.startswith("mmcblk") or transport == "mmc":
            kind = "emmc"
        elif name.startswith("nvme") or transport == "nvme":
            kind = "nvme"
        elif device.get("rota") in (False, "0", 0):
            kind = "ssd"
        else:
            kind = "hdd"
        size = device.get("size")
        disks.append(
            Disk(
                name=name,
                kind=kind,
                capacity_bytes=int(size) if str(size).isdigit() else None,
                model=clean(device.get("model")),
                serial=clean(device.get("serial")),
            )
        )
    return disks
