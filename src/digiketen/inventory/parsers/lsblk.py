"""Parse `lsblk --json --bytes --output NAME,TYPE,SIZE,ROTA,TRAN,MODEL,SERIAL`: the disks,
also those smartctl cannot read (eMMC, some USB bridges)."""

import re
from dataclasses import dataclass

from digiketen.inventory.parsers import ParseError, clean, get, load_json

# Older lsblk versions write numbers as strings; 20 digits hold any disk there is.
DIGITS = re.compile(r"[0-9]{1,20}")


@dataclass(frozen=True)
class Disk:
    name: str
    kind: str
    capacity_bytes: int | None
    model: str
    serial: str


def parse_lsblk(json_text: str) -> list[Disk]:
    """The disks lsblk lists. Raises ParseError when the text is not lsblk's JSON (not JSON,
    not an object, blockdevices not a list of objects, a name that is not text)."""
    data = load_json(json_text)
    if not isinstance(data, dict):
        raise ParseError("not a JSON object")
    devices = get(data, "blockdevices", list) or []
    if not all(isinstance(device, dict) for device in devices):
        raise ParseError("a block device is not a JSON object")
    disks = []
    for device in devices:
        name = get(device, "name", str) or ""
        if device.get("type") != "disk" or name.startswith(("loop", "zram")):
            continue
        transport = (get(device, "tran", str) or "").lower()
        if name.startswith("mmcblk") or transport == "mmc":
            kind = "emmc"
        elif name.startswith("nvme") or transport == "nvme":
            kind = "nvme"
        elif device.get("rota") in (False, "0", 0):
            kind = "ssd"
        else:
            kind = "hdd"
        disks.append(
            Disk(
                name=name,
                kind=kind,
                capacity_bytes=_size(device.get("size")),
                model=clean(device.get("model")),
                serial=clean(device.get("serial")),
            )
        )
    return disks


def _size(value) -> int | None:
    """Bytes as a number or a string of digits; anything else ("256G", null) is unknown."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value > 0 else None
    if isinstance(value, str) and DIGITS.fullmatch(value):
        return int(value) or None
    return None
