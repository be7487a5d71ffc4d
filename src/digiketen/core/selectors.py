from datetime import datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from digiketen import permissions
from digiketen.accounts.models import Membership
from digiketen.core.models import ACTION_LABELS, AuditEvent, Channel, Delivery, Message
from digiketen.permissions import Perm


def _readable_events(user) -> QuerySet[AuditEvent]:
    """Events about the organisations whose audit log the user reads, plus the logins and
    other account events of those organisations' members."""
    allowed = permissions.organisation_ids(user, Perm.VIEW_AUDIT)
    if allowed is None:
        return AuditEvent.objects.all()
    # Account events of people who work only for these organisations; someone who also works
    # elsewhere (a system administrator, say) is not this admin's to watch.
    elsewhere = Membership.objects.exclude(organisation__in=allowed).values("user_id")
    members = (
        Membership.objects.filter(organisation__in=allowed)
        .exclude(user_id__in=elsewhere)
        .values("user_id")
    )
    return AuditEvent.objects.filter(
        Q(organisation__in=allowed) | Q(action__startswith="auth.", actor__in=members)
    )


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
    events = _readable_events(user)
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


def audit_actions(*, user) -> list[tuple[str, str]]:
    """(code, label) of the actions in the events the user may read."""
    codes = _readable_events(user).order_by("action").values_list("action", flat=True).distinct()
    return [(code, str(ACTION_LABELS.get(code, code))) for code in codes]


def messages_about(about: Model | QuerySet) -> QuerySet[Message]:
    """The messages a domain sent about `about` (an application, an appointment, or a
    queryset of them), newest first."""
    if isinstance(about, QuerySet):
        ids = {"about_id__in": about.values("pk")}
        model = about.model
    else:
        ids, model = {"about_id": about.pk}, type(about)
    return Message.objects.filter(
        about_type=ContentType.objects.get_for_model(model), **ids
    ).order_by("-created_at", "-pk")


def _staff_messages(user) -> QuerySet[Message]:
    return permissions.scope_queryset(
        user, Perm.HANDLE_MESSAGES, Message.objects.all(), "organisation"
    )


def to_do(*, user) -> QuerySet[Message]:
    """Letters to print and calls to make in the user's organisations, oldest first."""
    return (
        _staff_messages(user)
        .filter(delivery=Delivery.TO_DO)
        .select_related("organisation")
        .prefetch_related("about")
        .order_by("created_at", "pk")
    )


def letters(*, user) -> QuerySet[Message]:
    """Every letter, to print or printed, in the user's organisations."""
    return _staff_messages(user).filter(channel=Channel.LETTER)
