import hashlib
import json
import secrets
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.core import audit
from digiketen.core.errors import Refused
from digiketen.inventory.models import (
    Capture,
    Device,
    HubToken,
    StorageMedium,
)
from digiketen.inventory.parsers.capture import parse_capture
from digiketen.permissions import Perm


@transaction.atomic
def create_hub_token(*, hub, name: str, actor=None) -> tuple[HubToken, str]:
    """A new upload key for a hub. Returns the key once; only its hash is kept. Without an
    actor it is made on the server itself (manage.py create_hub_token)."""
    if actor is not None and not permissions.has_perm(actor, Perm.SUPERVISE_DEVICES, hub):
        raise PermissionDenied
    if not name.strip():
        raise Refused(_("Geef de sleutel een naam, bijvoorbeeld 'USB-stick werkplaats 1'."))
    secret = secrets.token_urlsafe(32)
    token = HubToken.objects.create(
        hub=hub, name=name.strip(), key_sha256=hashlib.sha256(secret.encode()).hexdigest()
    )
    audit.record(
        "device.hub_token_created",
        actor=actor,
        actor_label="" if actor is not None else "manage.py",
        subject=hub,
        organisation=hub.organisation,
        after={"name": token.name},
    )
    return token, secret


@transaction.atomic
def revoke_hub_token(*, actor, token_id: int, now=None) -> HubToken:
    """The key stops working at once (a lost stick); the row stays, for the captures it made."""
    token = HubToken.objects.select_for_update().select_related("hub").get(pk=token_id)
    if not permissions.has_perm(actor, Perm.SUPERVISE_DEVICES, token.hub):
        raise PermissionDenied
    if token.revoked_at is not None:
        raise Refused(_("Deze sleutel is al ingetrokken."))
    token.revoked_at = now or timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        "device.hub_token_revoked",
        actor=actor,
        subject=token.hub,
        organisation=token.hub.organisation,
        before={"name": token.name},
        after={"revoked_at": token.revoked_at.isoformat()},
    )
    return token


# Enough for every capture a device needs on its way through the workshop (before and after
# repairs, a second try); more is a script gone wrong, and each one is kept for good.
MAX_CAPTURES_PER_DEVICE = 25
# A laptop has one or two disks, a desktop a few; more is not a capture of one device.
MAX_MEDIA_PER_CAPTURE = 16

# Where each value comes from, so a refusal names the file a technician can look at.
SOURCE = {
    "brand": "dmidecode.txt",
    "model": "dmidecode.txt",
    "serial": "dmidecode.txt",
    "cpu_model": "lscpu.txt",
    "cpu_cores": "lscpu.txt",
    "ram_mb": "meminfo.txt",
    "has_wifi": "net.txt",
    "has_webcam": "video4linux.txt",
    "battery_design_wh": "power_supply",
    "battery_full_wh": "power_supply",
    "battery_cycles": "power_supply",
    "screen_inch": "edid",
    "screen_resolution": "edid",
}


@transaction.atomic
def record_capture(*, token: HubToken, device_id: int, files: dict[str, str]):
    """Keep the raw capture unchanged, then fill the device's specs and storage media from it.
    Returns the capture and the warnings of parts that could not be read.

    Raises PermissionDenied for another hub's device, Refused when the device has all the
    captures it may have, and ValidationError (file: reasons) when a value does not fit the
    device record (a 1,000-character manufacturer, a battery of a million Wh): then nothing
    is kept, so a capture can never leave a record that a page cannot show."""
    device = Device.objects.select_for_update().get(pk=device_id)
    if device.hub_id != token.hub_id:
        raise PermissionDenied
    if device.captures.count() >= MAX_CAPTURES_PER_DEVICE:
        raise Refused(
            _("Dit apparaat heeft al %(count)s metingen. Meer bewaren we niet.")
            % {"count": MAX_CAPTURES_PER_DEVICE}
        )
    specs = parse_capture(files)
    values, media = (
        (_checked_specs(specs), _checked_media(specs)) if not specs.unreadable else ({}, [])
    )
    raw = json.dumps(files, sort_keys=True).encode()
    capture = Capture.objects.create(
        device=device,
        files=files,
        sha256=hashlib.sha256(raw).hexdigest(),
        uploaded_by=f"hub token: {token}",
    )
    # Staff see when each key last worked, to tell a stick in use from one lying in a drawer.
    HubToken.objects.filter(pk=token.pk).update(last_used_at=capture.created_at)
    if specs.unreadable:
        # Kept as it came, so it can be read again once the parser knows this form.
        return capture, [
            _("Kon de meting niet lezen: %(file)s (%(error)s)") % {"file": name, "error": error}
            for name, error in sorted(specs.unreadable.items())
        ]
    for field, value in values.items():
        setattr(device, field, value)
    device.save()
    known = {m.serial for m in device.media.all() if m.serial}
    for medium in media:
        if medium.serial and medium.serial in known:
            continue
        medium.device = device
        medium.save()
    audit.record(
        "device.capture_uploaded",
        actor_label=capture.uploaded_by,
        subject=device,
        after={"sha256": capture.sha256, "media": len(specs.media)},
    )
    return capture, []


def _checked_specs(specs) -> dict:
    """The device fields the capture knows, each checked against its model field; what staff
    typed stays where the capture knows nothing. Raises ValidationError (file: reasons)."""
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
    errors: dict[str, list[str]] = {}
    checked = {
        field: _fit(Device, field, value, errors.setdefault(SOURCE[field], []))
        for field, value in values.items()
        if value not in (None, "")
    }
    _raise_if_any(errors)
    return checked


def _checked_media(specs) -> list[StorageMedium]:
    """Unsaved storage media, each checked against the model. Raises ValidationError."""
    if len(specs.media) > MAX_MEDIA_PER_CAPTURE:
        raise ValidationError(
            {
                "storageMedia": _(
                    "Deze meting noemt %(count)s opslagmedia; meer dan %(max)s kan niet."
                )
                % {"count": len(specs.media), "max": MAX_MEDIA_PER_CAPTURE}
            }
        )
    errors: dict[str, list[str]] = {}
    media = []
    for index, medium in enumerate(specs.media):
        reasons = errors.setdefault(f"storageMedia[{index}] {medium.device_path}".strip(), [])
        values = {
            "kind": medium.kind or "other",
            # Longer names are cut rather than refused: they only label the disk.
            "model": medium.model[:150],
            "serial": medium.serial[:100],
            "capacity_bytes": medium.capacity_bytes,
            "smart_passed": medium.smart_passed,
            "power_on_hours": medium.power_on_hours,
        }
        media.append(
            StorageMedium(
                **{
                    field: _fit(StorageMedium, field, value, reasons) if value is not None else None
                    for field, value in values.items()
                }
            )
        )
    _raise_if_any(errors)
    return media


def _fit(model, name: str, value, reasons: list[str]):
    """`value` as the model field stores it, or None with the field's own reason added."""
    field = model._meta.get_field(name)
    if isinstance(field, models.DecimalField):
        value = _decimal(value, field)
    try:
        value = field.clean(value, None)
        if isinstance(field, models.IntegerField):
            # The ranges PostgreSQL enforces, on every database: SQLite would take 899,991
            # cores in a smallint column, and the same capture would fail in production.
            low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
            MinValueValidator(low)(value)
            MaxValueValidator(high)(value)
        return value
    except ValidationError as exc:
        reasons.extend(f"{capfirst(field.verbose_name)}: {message}" for message in exc.messages)
        return None


def _decimal(value: float, field: models.DecimalField) -> Decimal:
    """15.3 as Decimal("15.3"); a float has more digits than the column, which would refuse it.
    Values too large to round are left as they are, for the field to refuse."""
    number = Decimal(str(value))
    if number.is_finite() and number.adjusted() < field.max_digits:
        number = number.quantize(Decimal(1).scaleb(-field.decimal_places))
    return number


def _raise_if_any(errors: dict[str, list[str]]) -> None:
    found = {where: reasons for where, reasons in errors.items() if reasons}
    if found:
        raise ValidationError(found)
