import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen.core import audit
from digiketen.core.errors import IllegalTransition
from digiketen.inventory.models import (
    METHODS_FOR_MEDIUM,
    Device,
    ErasureLevel,
    ErasureMethod,
    ErasureRecord,
    StorageMedium,
)
from digiketen.inventory.services.lifecycle import S, require_perm
from digiketen.permissions import Perm


@transaction.atomic
def record_erasure(*, actor, medium_id: int, data: dict) -> ErasureRecord:
    medium = StorageMedium.objects.select_related("device").get(pk=medium_id)
    require_perm(actor, Perm.WORK_ON_DEVICES, medium.device)
    device = Device.objects.select_for_update().get(pk=medium.device_id)
    if device.state != S.AWAITING_ERASURE:
        raise IllegalTransition(_("Dit apparaat wacht niet op wissen."))
    method = ErasureMethod(data["method"])
    if data["level"] == ErasureLevel.DESTROY:
        if method != ErasureMethod.SHRED:
            raise IllegalTransition(_("Kies bij vernietigen de methode 'Fysiek vernietigen'."))
    elif method not in METHODS_FOR_MEDIUM[medium.kind]:
        raise IllegalTransition(
            _("Deze methode past niet bij dit soort opslag (%(kind)s).")
            % {"kind": medium.get_kind_display()}
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
    record.verified_by, record.verified_at = actor, timezone.now()
    record.save(update_fields=["verified_by", "verified_at"])
    audit.record(
        "device.erasure_signed_off",
        actor=actor,
        subject=record.medium.device,
        after={"medium": str(record.medium), "outcome": record.outcome},
    )
    return record
