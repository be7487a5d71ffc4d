"""Combine the raw outputs of one capture into one set of specs.

A capture is a mapping of file name to content, as `digiketen-collect` writes it:
`dmidecode.txt`, `lscpu.txt`, `lsblk.json`, `smartctl.json` (a list of reports),
`power_supply/<name>/uevent`, `edid/<connector>` (base64), `net.txt` (interface and
wireless/wired per line) and `video4linux.txt` (cameras). Missing files mean unknown.
"""

import base64
import binascii
from dataclasses import dataclass, field

from digiketen.inventory.parsers import ParseError
from digiketen.inventory.parsers.battery import Battery, parse_uevent
from digiketen.inventory.parsers.dmidecode import Identity, parse_identity
from digiketen.inventory.parsers.edid import Screen, parse_edid
from digiketen.inventory.parsers.lsblk import parse_lsblk
from digiketen.inventory.parsers.lscpu import Cpu, parse_lscpu
from digiketen.inventory.parsers.smartctl import StorageMedium, parse_smartctl


@dataclass(frozen=True)
class Specs:
    identity: Identity
    cpu: Cpu | None
    media: list[StorageMedium] = field(default_factory=list)
    battery: Battery | None = None
    screen: Screen | None = None
    ram_mb: int | None = None
    has_wifi: bool | None = None
    has_webcam: bool | None = None
    unreadable: dict[str, str] = field(default_factory=dict)  # file name: why


def parse_capture(files: dict[str, str]) -> Specs:
    """The specs in a capture. Never raises: a file that is not what its tool writes counts as
    unknown, and `unreadable` names it with the reason (for the warning the collector shows)."""
    unreadable: dict[str, str] = {}

    def read(name: str, parser, default):
        if name not in files:
            return default
        try:
            return parser(files[name])
        except ParseError as exc:
            unreadable[name] = str(exc)
            return default

    identity = parse_identity(files.get("dmidecode.txt", ""))
    cpu = parse_lscpu(files["lscpu.txt"]) if "lscpu.txt" in files else None
    media = read("smartctl.json", parse_smartctl, [])
    # Disks smartctl could not read (eMMC, some USB bridges) still count: they hold data.
    known = {m.serial for m in media if m.serial} | {m.device_path for m in media}
    for disk in read("lsblk.json", parse_lsblk, []):
        if disk.serial in known or f"/dev/{disk.name}" in known or "boot" in disk.name:
            continue
        media.append(
            StorageMedium(
                disk.kind,
                disk.model,
                disk.serial,
                disk.capacity_bytes,
                None,
                None,
                f"/dev/{disk.name}",
            )
        )
    batteries = [
        parse_uevent(text)
        for name, text in sorted(files.items())
        if name.startswith("power_supply/") and name.endswith("/uevent")
    ]
    screens = [read(name, _screen, None) for name in sorted(files) if name.startswith("edid/")]
    return Specs(
        ram_mb=read("meminfo.txt", _ram_mb, None),
        has_wifi=("wireless" in files["net.txt"].split()) if "net.txt" in files else None,
        # Any camera device counts; an empty list from the collector means none was found.
        has_webcam=bool(files["video4linux.txt"].strip()) if "video4linux.txt" in files else None,
        identity=identity,
        cpu=cpu,
        media=media,
        battery=next((b for b in batteries if b is not None), None),
        screen=next((s for s in screens if s is not None), None),
        unreadable=unreadable,
    )


def _screen(encoded: str) -> Screen | None:
    """None for a block that is no EDID (a port without a screen); ParseError for no base64."""
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ParseError(f"not base64: {exc}") from exc
    return parse_edid(data)


def _ram_mb(meminfo: str) -> int | None:
    """Installed memory from /proc/meminfo, rounded to whole GiB (the kernel keeps some).
    ParseError when MemTotal has no whole number of kB."""
    for line in meminfo.splitlines():
        if line.startswith("MemTotal:"):
            value = line.split()[1:2]
            if not value or not value[0].isascii() or not value[0].isdigit() or len(value[0]) > 15:
                raise ParseError("MemTotal: no number of kB")
            return max(1, round(int(value[0]) / 1024 / 1024)) * 1024
    return None
