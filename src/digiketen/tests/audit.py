"""Assertions on what the audit log and the database show after a service call.

`assert_audited("action", ...)` is also how test_audit_coverage.py knows an action is tested:
it scans the test files for calls of it with the action written out as a string."""

from collections.abc import Callable

from django.apps import apps
from django.core.exceptions import PermissionDenied

from digiketen.core.models import AuditEvent

UNSET = object()


def assert_audited(
    action: str,
    *,
    actor=UNSET,
    subject=None,
    before: dict | None = None,
    after: dict | None = None,
    organisation=UNSET,
    actor_label: str | None = None,
    count: int = 1,
) -> AuditEvent:
    """Exactly `count` events `action` (about `subject`, when given); returns the newest.

    `actor` is the user the event names (None for the system or an anonymous resident, then
    `actor_label` says who). `before`/`after` are checked key by key: the event may hold more.
    """
    events = AuditEvent.objects.filter(action=action)
    if subject is not None:
        events = events.filter(object_type=subject._meta.label_lower, object_id=str(subject.pk))
    found = list(events.order_by("-pk"))  # the last written, also when a test travels in time
    assert len(found) == count, (
        f"{len(found)} '{action}' events about {subject!r}, expected {count}; all events: "
        f"{list(AuditEvent.objects.values_list('action', 'object_label'))}"
    )
    if not found:
        return None
    event = found[0]
    if actor is not UNSET:
        assert event.actor == actor, f"{action} by {event.actor!r}, expected {actor!r}"
    if actor_label is not None:
        assert event.actor_label == actor_label
    if organisation is not UNSET:
        assert event.organisation == organisation
    for name, expected in (("before", before), ("after", after)):
        if expected is not None:
            recorded = getattr(event, name) or {}
            shown = {key: recorded.get(key, "<missing>") for key in expected}
            assert shown == expected, f"{action} {name}: {recorded}"
    return event


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def assert_refused(service: Callable, /, *, raises=PermissionDenied, **kwargs):
    """`service(**kwargs)` is refused with `raises`, and nothing is added to or removed from
    any table: no row, no audit event. test_permission_coverage.py finds the services each
    test refuses through the calls of this function."""
    counts = row_counts()
    try:
        service(**kwargs)
    except raises as refusal:
        now = row_counts()
        changed = {k: (v, now[k]) for k, v in counts.items() if now[k] != v}
        assert not changed, f"{service.__name__} was refused but changed rows: {changed}"
        return refusal
    raise AssertionError(f"{service.__name__}({kwargs}) was not refused with {raises}")
