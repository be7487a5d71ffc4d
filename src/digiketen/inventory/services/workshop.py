from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.core import audit
from digiketen.core.errors import IllegalTransition
from digiketen.inventory.models import (
    Device,
    TraineeSkill,
    WorkLog,
)
from digiketen.inventory.services.lifecycle import S, require_perm
from digiketen.permissions import Perm


@transaction.atomic
def log_work(*, actor, device_id: int, task, minutes: int, parts_used: str = "", notes: str = ""):
    """Record work on a device that is being refurbished (or checked)."""
    device = Device.objects.select_for_update().get(pk=device_id)
    require_perm(actor, Perm.WORK_ON_DEVICES, device)
    if device.state not in (S.REFURBISHING, S.QUALITY_CHECK):
        raise IllegalTransition(_("Werk vastleggen kan als het apparaat wordt opgeknapt."))
    if task is not None and task.device_type != device.type:
        raise IllegalTransition(_("Deze taak hoort bij een ander soort apparaat."))
    if task is not None and task.organisation_id != device.organisation_id:
        # Each cyberbank has its own checklist; another's task would show in nobody's list.
        raise IllegalTransition(_("Deze taak hoort bij een andere cyberbank."))
    log = WorkLog(
        device=device, worker=actor, task=task, minutes=minutes, parts_used=parts_used, notes=notes
    )
    log.full_clean(exclude=["device", "worker", "task"])
    log.save()
    audit.record(
        "device.work_logged",
        actor=actor,
        subject=device,
        after={"task": str(task or ""), "minutes": minutes, "parts": parts_used},
    )
    return log


@transaction.atomic
def sign_off_skill(*, actor, trainee, skill) -> TraineeSkill:
    """A supervisor of the trainee's organisation confirms a skill of that organisation's list."""
    organisations = set(
        trainee.memberships.filter(role="technician_trainee").values_list(
            "organisation_id", flat=True
        )
    )
    allowed = permissions.organisation_ids(actor, Perm.SUPERVISE_DEVICES)
    if skill.organisation_id not in organisations or (
        allowed is not None and skill.organisation_id not in allowed
    ):
        raise PermissionDenied
    signed, created = TraineeSkill.objects.get_or_create(
        trainee=trainee, skill=skill, defaults={"signed_off_by": actor}
    )
    if created:
        audit.record(
            "trainee.skill_signed_off",
            actor=actor,
            subject=trainee,
            organisation=skill.organisation,
            after={"skill": skill.name},
        )
    return signed
