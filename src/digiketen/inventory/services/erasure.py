import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen.core import audit
from digiketen.core.errors import IllegalTransition
from digiketen.inventory.history import Note
from digiketen.inventory.models import (
    Device,
    ErasureLevel,
    ErasureMethod,
    ErasureRecord,
    MediumKind,
    StorageMedium,
)
from digiketen.inventory.services.lifecycle import (
    ERASABLE,
    S,
    issue_certificate,
    media_not_released,
    move,
    require_perm,
)
from digiketen.permissions import Perm

# Which techniques suit which medium (IEEE 2883); destroying suits every medium.
METHODS_FOR_MEDIUM = {
    MediumKind.HDD: {ErasureMethod.OVERWRITE, ErasureMethod.ATA_SECURE_ERASE},
    MediumKind.SSD: {ErasureMethod.ATA_SECURE_ERASE, ErasureMethod.CRYPTO_ERASE},
    MediumKind.NVME: {
        ErasureMethod.NVME_SANITIZE,
        ErasureMethod.NVME_FORMAT,
        ErasureMethod.CRYPTO_ERASE,
    },
    MediumKind.EMMC: {ErasureMethod.OVERWRITE, ErasureMethod.CRYPTO_ERASE},
    MediumKind.OTHER: {ErasureMethod.OVERWRITE},
}

# The NIST SP 800-88 level each technique reaches, for the advice on the erasure form.
LEVEL_OF_METHOD = {
    ErasureMethod.OVERWRITE: ErasureLevel.CLEAR,
    ErasureMethod.ATA_SECURE_ERASE: ErasureLevel.PURGE,
    ErasureMethod.NVME_SANITIZE: ErasureLevel.PURGE,
    ErasureMethod.NVME_FORMAT: ErasureLevel.PURGE,
    ErasureMethod.CRYPTO_ERASE: ErasureLevel.PURGE,
    ErasureMethod.SHRED: ErasureLevel.DESTROY,
}


@transaction.atomic
def record_erasure(*, actor, medium_id: int, data: dict) -> ErasureRecord:
    medium = StorageMedium.objects.select_related("device").get(pk=medium_id)
    require_perm(actor, Perm.WORK_ON_DEVICES, medium.device)
    device = Device.objects.select_for_update().get(pk=medium.device_id)
    if device.state not in ERASABLE:
        raise IllegalTransition(_("Dit apparaat wacht niet op wissen."))
    method = ErasureMethod(data["method"])
    if data["level"] == ErasureLevel.DESTROY:
        if method != ErasureMethod.SHRED:
            raise IllegalTransition(_("Kies bij vernietigen de methode 'Fysiek vernietigen'."))
    elif method not in METHODS_FOR_MEDIUM[medium.kind]:
        raise IllegalTransition(
            _(
                "%(method)s past niet bij dit soort opslag (%(kind)s). "
                "Kies voor deze schijf: %(fitting)s."
            )
            % {
                "method": method.label,
                "kind": medium.get_kind_display(),
                "fitting": fitting_methods(medium.kind),
            }
        )
    evidence = data.get("evidence", "")
    record = ErasureRecord(
        medium=medium,
        operator=actor,
        evidence_sha256=hashlib.sha256(evidence.encode()).hexdigest() if evidence else "",
        **data,
    )
    record.full_clean(exclude=["operator", "medium"])
    record.save()
    audit.record(
        "device.erasure_recorded",
        actor=actor,
        subject=device,
        after={"medium": str(medium), "method": record.method, "outcome": record.outcome},
    )
    return record


@transaction.atomic
def sign_off_erasure(*, actor, record_id: int) -> ErasureRecord:
    """A supervisor approves an erasure someone else did (four eyes)."""
    record = (
        ErasureRecord.objects.select_for_update().select_related("medium__device").get(pk=record_id)
    )
    require_perm(actor, Perm.SUPERVISE_DEVICES, record.medium.device)
    if record.operator_id == actor.pk:
        raise IllegalTransition(_("U kunt uw eigen wisactie niet goedkeuren."))
    if record.verified_by_id is not None:
        raise IllegalTransition(_("Deze wisactie is al goedgekeurd."))
    device = Device.objects.select_for_update().get(pk=record.medium.device_id)
    was_pending = bool(media_not_released(device))
    record.verified_by, record.verified_at = actor, timezone.now()
    record.save(update_fields=["verified_by", "verified_at"])
    audit.record(
        "device.erasure_signed_off",
        actor=actor,
        subject=record.medium.device,
        after={"medium": str(record.medium), "outcome": record.outcome},
    )
    if was_pending:
        _move_on_when_all_erased(actor, Device.objects.get(pk=device.pk))
    return record


def _move_on_when_all_erased(actor, device: Device) -> None:
    """With every medium erased and approved, a device waiting for erasure has one way
    forward (erased, which issues the certificate); one kept for parts gets its certificate,
    so the donor sees its storage was erased or destroyed. The caller holds the row lock."""
    if media_not_released(device):
        return
    if device.state == S.AWAITING_ERASURE:
        move(actor, device, S.ERASED, Note("all_media_erased"))
    elif device.state == S.PARTS_HARVESTED:
        issue_certificate(actor, device)


def fitting_methods(kind: str) -> str:
    """The techniques that suit a kind of medium, in words with their NIST level, e.g.
    "Overschrijven (Clear) of ATA Secure Erase (Purge)"; destroying suits every medium."""
    # The level's own NIST name (Clear, Purge) is the same in every language.
    names = [
        f"{method.label} ({LEVEL_OF_METHOD[method].name.capitalize()})"
        for method in ErasureMethod
        if method in METHODS_FOR_MEDIUM[MediumKind(kind)]
    ]
    if len(names) == 1:
        return names[0]
    return _("%(first)s of %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def erasure_advice() -> list[tuple[str, str]]:
    """Per kind of medium, which techniques fit: the advice on the erasure form."""
    return [(kind.label, fitting_methods(kind)) for kind in MediumKind]
