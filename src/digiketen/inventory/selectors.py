from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum

from digiketen import permissions
from digiketen.inventory import services
from digiketen.inventory.models import (
    Device,
    DeviceState,
    DeviceTransition,
    DeviceType,
    ErasureRecord,
    HubToken,
    ImpactFactor,
    RecyclingShipment,
    RefurbishTask,
    Skill,
    StorageMedium,
    TraineeSkill,
    WorkLog,
)
from digiketen.organisations.models import Location, Organisation, OrganisationType
from digiketen.permissions import Perm


def visible_devices(*, user) -> QuerySet[Device]:
    return permissions.scope_queryset(
        user, Perm.WORK_ON_DEVICES, Device.objects.all(), "organisation"
    ).select_related("hub", "organisation")


def device_list(*, user, state: str = "", query: str = "") -> QuerySet[Device]:
    """The device list, newest first: by state (an unknown one is ignored) and by a part of
    the asset tag or serial number. The order matches the index device_list(_state); the
    search has trigram indexes on PostgreSQL."""
    devices = permissions.scope_queryset(
        user, Perm.WORK_ON_DEVICES, Device.objects.all(), "organisation"
    ).select_related("hub")
    if state in DeviceState.values:
        devices = devices.filter(state=state)
    if query:
        devices = devices.filter(Q(asset_tag__icontains=query) | Q(serial__icontains=query))
    return devices.order_by("-pk")


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


@dataclass(frozen=True)
class DeviceActions:
    """What the signed-in user can do with a device now, read from the transition table:
    one expected step (`primary`, or `triage` for a received device), the other allowed
    steps, and what the expected step still waits for."""

    triage: bool
    primary: DeviceState | None
    others: list[DeviceState]
    undo_triage: bool
    blocked_by: list[str]  # media still to erase, tasks still open: the usual step waits
    someone_else: DeviceState | None  # the usual step, when another role takes it
    via_application: bool  # ... and that is the handout, through a resident's application


def device_actions(*, device: Device, user) -> DeviceActions:
    state = DeviceState(device.state)
    allowed = services.next_states(device, user)
    triage = state == DeviceState.RECEIVED and permissions.has_perm(
        user, Perm.RECEIVE_DEVICES, device
    )
    usual = services.USUAL_NEXT.get(state)
    if state == DeviceState.RECEIVED and not triage:
        usual = DeviceState.TRIAGED  # someone who may triage does that first
    primary = usual if usual in allowed else None
    blocked_by = []
    if usual in services.NEEDS_RELEASED_MEDIA:
        blocked_by = [str(medium) for medium in services.media_not_released(device)]
    elif usual == DeviceState.QUALITY_CHECK:
        blocked_by = [task.name for task in services.open_tasks(device)]
    someone_else = usual if usual is not None and primary is None else None
    return DeviceActions(
        triage=triage,
        primary=primary,
        # Into "triaged" only through the triage itself, which applies the rules.
        others=[s for s in allowed if s not in (primary, DeviceState.TRIAGED)],
        undo_triage=permissions.has_perm(user, services.REQUIRED_PERM[DeviceState.RECEIVED], device)
        and services.triage_undoable(device),
        blocked_by=blocked_by,
        someone_else=someone_else,
        via_application=someone_else is not None
        and services.bound_to_application(device, someone_else),
    )


def _cyberbank_hubs(user, perm: Perm) -> QuerySet[Location]:
    """The active hubs of the cyberbanks where `user` holds `perm`."""
    return permissions.scope_queryset(
        user,
        perm,
        Location.objects.filter(is_active=True, organisation__type="refurbisher"),
        "organisation",
    )


def intake_hubs(*, user) -> QuerySet[Location]:
    return _cyberbank_hubs(user, Perm.RECEIVE_DEVICES).select_related("organisation")


def code_list_organisations(*, user) -> QuerySet[Organisation]:
    """The cyberbanks whose own task and skill lists `user` may see and change."""
    return permissions.scope_queryset(
        user,
        Perm.SUPERVISE_DEVICES,
        Organisation.objects.filter(type=OrganisationType.REFURBISHER, is_active=True),
        "pk",
    ).order_by("name")


def checklist(*, device: Device) -> QuerySet[RefurbishTask]:
    """The refurbishment tasks of the device's own cyberbank for its kind of device."""
    return RefurbishTask.objects.filter(
        organisation=device.organisation_id, device_type=device.type, is_active=True
    )


def trainee_skills(*, trainee) -> QuerySet[Skill]:
    """The skills on the lists of the cyberbanks where `trainee` learns."""
    return Skill.objects.filter(
        organisation__in=trainee.memberships.filter(role="technician_trainee").values(
            "organisation"
        )
    )


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


# States a device counts as "in stock": at the cyberbank, not yet handed out or gone.
IN_STOCK = [
    "received",
    "triaged",
    "awaiting_erasure",
    "erased",
    "refurbishing",
    "quality_check",
    "ready",
    "reserved",
    "returned",
]
REUSED = ["handed_out", "returned"]


def counted_devices(*, user) -> QuerySet[Device]:
    """The devices in the stock and impact figures: those the user works on, and for whom
    sees the chain's figures (the coordinator) every cyberbank's — as counts only."""
    if permissions.has_perm(user, Perm.VIEW_CHAIN_FIGURES):
        return permissions.scope_queryset(
            user, Perm.VIEW_CHAIN_FIGURES, Device.objects.all(), "organisation"
        )
    return visible_devices(user=user)


def stock(*, user) -> list[dict]:
    """Devices in stock per hub, kind, state and grade (one grouped query)."""
    rows = list(
        counted_devices(user=user)
        .filter(state__in=IN_STOCK)
        .values("hub__name", "type", "state", "grade")
        .annotate(count=Count("pk"))
        .order_by("hub__name", "type", "state", "grade")
    )
    for row in rows:
        row["type_label"] = DeviceType(row["type"]).label
        row["state_label"] = DeviceState(row["state"]).label
    return rows


def recent_shipments(*, user, count: int = 20) -> QuerySet[RecyclingShipment]:
    """Shipments to the recycler of the cyberbanks whose figures the user sees."""
    counted = counted_devices(user=user).values("organisation")
    return RecyclingShipment.objects.filter(organisation__in=counted).prefetch_related("devices")[
        :count
    ]


def impact(*, user) -> dict:
    """E-waste avoided and CO2 saved by devices given a second life, with the factors used."""
    factors = {f.device_type: f for f in ImpactFactor.objects.all()}
    reused = (
        counted_devices(user=user)
        .filter(state__in=REUSED)
        .values("type")
        .annotate(count=Count("pk"))
    )
    rows, ewaste, co2 = [], 0, 0
    for row in reused:
        factor = factors.get(row["type"])
        if factor is None:
            continue
        rows.append({"factor": factor, "count": row["count"]})
        ewaste += row["count"] * factor.ewaste_kg
        co2 += row["count"] * factor.co2_kg
    return {"rows": rows, "ewaste_kg": ewaste, "co2_kg": co2, "factors": factors.values()}


def upload_key_hubs(*, user) -> QuerySet[Location]:
    """The hubs whose upload keys `user` may make and revoke."""
    return _cyberbank_hubs(user, Perm.SUPERVISE_DEVICES).order_by("name")


def upload_keys(*, user) -> QuerySet[HubToken]:
    """Every upload key of the hubs in `user`'s scope; another cyberbank's is not found."""
    return (
        permissions.scope_queryset(
            user, Perm.SUPERVISE_DEVICES, HubToken.objects.all(), "hub__organisation"
        )
        .select_related("hub")
        .order_by(F("revoked_at").desc(nulls_first=True), "hub__name", "-created_at")
    )
