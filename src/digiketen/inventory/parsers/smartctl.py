"""Parse `smartctl --json --all` output: one report, or a list of reports (one per disk)."""

from dataclasses import dataclass

from digiketen.inventory.parsers import ParseError, clean, get, load_json

# Power-on hours above this (about 34 years) are a firmware bug, not a fact.
MAX_PLAUSIBLE_HOURS = 300_000


class SmartctlParseError(ParseError):
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
    """The disks in the reports. Raises SmartctlParseError (and nothing else) when the text is
    not smartctl's JSON: not JSON, a report that is not an object, a field of the wrong type."""
    try:
        data = load_json(json_text)
        reports = data if isinstance(data, list) else [data]
        if not all(isinstance(report, dict) for report in reports):
            raise ParseError("a report is not a JSON object")
        return [_medium(report) for report in reports if _is_disk(report)]
    except SmartctlParseError:
        raise
    except ParseError as exc:
        raise SmartctlParseError(f"not smartctl JSON: {exc}") from exc


def _is_disk(report: dict) -> bool:
    # Exit status bit 1: the device could not be opened; such a report says nothing.
    exit_status = get(get(report, "smartctl", dict) or {}, "exit_status", int) or 0
    return not (exit_status & 2 and not report.get("model_name"))


def _medium(report: dict) -> StorageMedium:
    device = get(report, "device", dict) or {}
    protocol = (get(device, "protocol", str) or "").upper()
    name = get(device, "name", str) or ""
    model_name = get(report, "model_name", str) or ""
    rotation = get(report, "rotation_rate", int)
    if protocol == "NVME":
        kind = "nvme"
    elif "mmc" in name:
        kind = "emmc"
    elif rotation == 0 or "ssd" in model_name.lower():
        kind = "ssd"
    elif protocol in ("ATA", "SCSI"):
        kind = "hdd"
    else:
        kind = ""
    capacity = get(get(report, "user_capacity", dict) or {}, "bytes", int) or get(
        report, "nvme_total_capacity", int
    )
    hours = get(get(report, "power_on_time", dict) or {}, "hours", int)
    if hours is not None and not 0 <= hours <= MAX_PLAUSIBLE_HOURS:
        hours = None
    return StorageMedium(
        kind=kind,
        model=clean(model_name or get(report, "model_family", str)),
        serial=clean(get(report, "serial_number", str)),
        capacity_bytes=capacity if capacity and capacity > 0 else None,
        smart_passed=get(get(report, "smart_status", dict) or {}, "passed", bool),
        power_on_hours=hours,
        device_path=name,
    )
