import hashlib
import json
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from digiketen.core import audit
from digiketen.inventory.models import (
    Capture,
    Device,
    HubToken,
    StorageMedium,
)
from digiketen.inventory.parsers.capture import parse_capture


@transaction.atomic
def create_hub_token(*, hub, name: str) -> tuple[HubToken, str]:
    """A new upload key for a hub. Returns the key once; only its hash is kept."""
    secret = secrets.token_urlsafe(32)
    token = HubToken.objects.create(
        hub=hub, name=name, key_sha256=hashlib.sha256(secret.encode()).hexdigest()
    )
    audit.record(
        "device.hub_token_created",
        actor_label="manage.py",
        subject=hub,
        organisation=hub.organisation,
        after={"name": name},
    )
    return token, secret


@transaction.atomic
def record_capture(*, token: HubToken, device_id: int, files: dict[str, str]):
    """Keep the raw capture unchanged, then fill the device's specs and storage media from it.
    Returns the capture and the warnings of parts that could not be read."""
    device = Device.objects.select_for_update().get(pk=device_id)
    if device.hub_id != token.hub_id:
        raise PermissionDenied
    raw = json.dumps(files, sort_keys=True).encode()
    capture = Capture.objects.create(
        device=device,
        files=files,
        sha256=hashlib.sha256(raw).hexdigest(),
        uploaded_by=f"hub token: {token}",
    )
    warnings: list[str] = []
    try:
        specs = parse_capture(files)
    except (ValueError, KeyError) as exc:
        warnings.append(_("Kon de meting niet lezen: %(error)s") % {"error": exc})
        return capture, warnings
    _apply_specs(device, specs)
    known = {m.serial for m in device.media.all() if m.serial}
    for medium in specs.media:
        if medium.serial and medium.serial in known:
            continue
        StorageMedium.objects.create(
            device=device,
            kind=medium.kind or "other",
            model=medium.model[:150],
            serial=medium.serial[:100],
            capacity_bytes=medium.capacity_bytes,
            smart_passed=medium.smart_passed,
            power_on_hours=medium.power_on_hours,
        )
    audit.record(
        "device.capture_uploaded",
        actor_label=capture.uploaded_by,
        subject=device,
        after={"sha256": capture.sha256, "media": len(specs.media)},
    )
    return capture, warnings


def _apply_specs(device: Device, specs) -> None:
    """Fill what the capture knows; keep what staff typed where the capture knows nothing."""
    identity, cpu = specs.identity, specs.cpu
    values = {
        "brand": identity.manufacturer,
        "model": identity.model,
        "serial": identity.serial,
        "cpu_model": cpu.model if cpu else "",
        "cpu_cores": cpu.cores if cpu else None,
        "ram_mb": specs.ram_mb,
        "has_wifi": specs.has_wifi,
        "has_webcam": specs.has_webcam,
    }
    if specs.battery:
        values |= {
            "battery_design_wh": specs.battery.design_capacity_wh,
            "battery_full_wh": specs.battery.full_capacity_wh,
            "battery_cycles": specs.battery.cycle_count,
        }
    if specs.screen:
        values["screen_inch"] = specs.screen.diagonal_inch
        if specs.screen.width_px:
            values["screen_resolution"] = f"{specs.screen.width_px}x{specs.screen.height_px}"
    for field, value in values.items():
        if value not in (None, ""):
            setattr(device, field, value)
    device.save()
