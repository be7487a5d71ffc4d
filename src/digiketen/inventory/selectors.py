from django.db.models import Count, Prefetch, QuerySet, Sum

from digiketen import permissions
from digiketen.inventory.models import (
    Device,
    DeviceTransition,
    ErasureRecord,
    StorageMedium,
    TraineeSkill,
    WorkLog,
)
from digiketen.organisations.models import Location
from digiketen.permissions import Perm


def visible_devices(*, user) -> QuerySet[Device]:
    return permissions.scope_queryset(
        user, Perm.WORK_ON_DEVICES, Device.objects.all(), "organisation"
    ).select_related("hub", "organisation")


def device_with_history(*, user) -> QuerySet[Device]:
    return visible_devices(user=user).prefetch_related(
        Prefetch(
            "media",
            queryset=StorageMedium.objects.prefetch_related(
                Prefetch(
                    "erasures",
                    queryset=ErasureRecord.objects.select_related("operator", "verified_by"),
                )
            ),
        ),
        Prefetch("transitions", queryset=DeviceTransition.objects.select_related("actor")),
        "certificates",
        Prefetch("work_logs", queryset=WorkLog.objects.select_related("worker", "task")),
    )


def intake_hubs(*, user) -> QuerySet[Location]:
    return permissions.scope_queryset(
        user,
        Perm.RECEIVE_DEVICES,
        Location.objects.filter(is_active=True, organisation__type="refurbisher"),
        "organisation",
    ).select_related("organisation")


def visible_trainees(*, user) -> QuerySet:
    """Trainees of the organisations the user supervises (a trainee sees only themself)."""
    from digiketen.accounts.models import User

    trainees = User.objects.filter(memberships__role="technician_trainee").distinct()
    allowed = permissions.organisation_ids(user, Perm.SUPERVISE_DEVICES)
    if allowed is None:
        return trainees
    return trainees.filter(memberships__organisation__in=allowed) | trainees.filter(pk=user.pk)


def trainee_summary(trainee) -> dict:
    logs = WorkLog.objects.filter(worker=trainee)
    totals = logs.aggregate(minutes=Sum("minutes"), devices=Count("device", distinct=True))
    return {
        "hours": round((totals["minutes"] or 0) / 60, 1),
        "devices": totals["devices"],
        "tasks": list(
            logs.filter(task__isnull=False)
            .values("task__name")
            .annotate(times=Count("pk"))
            .order_by("-times", "task__name")
        ),
        "skills": {
            s.skill_id: s
            for s in TraineeSkill.objects.filter(trainee=trainee).select_related(
                "signed_off_by", "skill"
            )
        },
        "recent": logs.select_related("device", "task")[:20],
    }
