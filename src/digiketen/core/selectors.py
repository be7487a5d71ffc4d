from datetime import datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from digiketen import permissions
from digiketen.core.models import AuditEvent
from digiketen.permissions import Perm


def audit_events(
    *,
    user,
    action: str = "",
    actor: str = "",
    object_type: str = "",
    organisation=None,
    date_from=None,
    date_to=None,
) -> QuerySet[AuditEvent]:
    """Audit events the user may read, newest first, filtered."""
    events = permissions.scope_queryset(
        user, Perm.VIEW_AUDIT, AuditEvent.objects.all(), "organisation"
    )
    if action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    if object_type:
        events = events.filter(object_type=object_type)
    if organisation is not None:
        events = events.filter(organisation=organisation)
    tz = timezone.get_current_timezone()
    if date_from:
        events = events.filter(created_at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        events = events.filter(created_at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    return events.select_related("organisation")


def audit_actions(*, user) -> list[str]:
    events = permissions.scope_queryset(
        user, Perm.VIEW_AUDIT, AuditEvent.objects.all(), "organisation"
    )
    return list(events.order_by("action").values_list("action", flat=True).distinct())
