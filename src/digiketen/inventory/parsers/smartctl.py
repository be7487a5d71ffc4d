"""Parse `smartctl --json --all` output: one report, or a list of reports (one per disk)."""

import json
from dataclasses import dataclass

from digiketen.inventory.parsers import clean

# Power-on hours above this (about 34 years) are a firmware bug, not a fact.
MAX_PLAUSIBLE_HOURS = 300_000


class SmartctlParseError(ValueError):
    pass


@dataclass(frozen=True)
class StorageMedium:
    kind: str  # hdd, ssd, nvme, emmc or "" when smartctl could not tell
    model: str
    serial: str
    capacity_bytes: int | None
    smart_passed: bool | None  # None: no SMART verdict (unsupported or unreadable)
    power_on_hours: int | None
    device_path: str = ""


def parse_smartctl(json_text: str) -> list[StorageMedium]:
    try:
        data = json.loads(json_text)
    except json.JSONDecodeError as exc:
        raise SmartctlParseError(f"not smartctl JSON: {exc}") from exc
    reports = data if isinstance(data, list) else [data]
    return [_medium(report) for report in reports if _is_disk(report)]


def _is_disk(report: dict) -> bool:
    # Exit status bit 1: the device could not be opened; such a report says nothing.
    exit_status = report.get("smartctl", {}).get("exit_status", 0)
    return not (exit_status & 2 and not report.get("model_name"))


def _medium(report: dict) -> StorageMedium:
    device = report.get("device", {})
    protocol = (device.get("protocol") or "").upper()
    rotation = report.get("rotation_rate")
    if protocol == "NVME":
        kind = "nvme"
    elif "mmc" in (device.get("name") or ""):
        kind = "emmc"
    elif rotation == 0 or "ssd" in (report.get("model_name") or "").lower():
        kind = "ssd"
    elif protocol in ("ATA", "SCSI"):
        kind = "hdd"
    else:
        kind = ""
    capacity = (report.get("user_capacity") or {}).get("bytes") or report.get("nvme_total_capacity")
    hours = (report.get("power_on_time") or {}).get("hours")
    if hours is not None and not 0 <= hours <= MAX_PLAUSIBLE_HOURS:
        hours = None
    return StorageMedium(
        kind=kind,
        model=clean(report.get("model_name") or report.get("model_family")),
        serial=clean(report.get("serial_number")),
        capacity_bytes=capacity,
        smart_passed=(report.get("smart_status") or {}).get("passed"),
        power_on_hours=hours,
        device_path=device.get("name", ""),
    )
