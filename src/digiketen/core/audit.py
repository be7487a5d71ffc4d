"""The one way to write audit events. Call it inside the transaction of the change it records."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation

from digiketen.core.models import AuditEvent


def default_language():
    """Audit texts read the same whatever language the person making the change uses."""
    return translation.override(settings.LANGUAGE_CODE)


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """A JSON-safe copy of `fields` of `instance`, for the before/after of an event."""
    data: dict[str, Any] = {}
    with default_language():
        for name in fields:
            data[name] = _value(instance, name)
    return data


def _value(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return sorted(str(obj) for obj in getattr(instance, name).all())
    if field.is_relation:
        related = getattr(instance, name)
        return str(related) if related is not None else None
    value = getattr(instance, field.attname)
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def record(
    action: str,
    *,
    actor=None,
    actor_label: str = "",
    subject: models.Model | None = None,
    organisation=None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Append an audit event. `organisation` scopes who may read it; it defaults to the
    subject's own organisation when the subject has one."""
    if organisation is None and subject is not None:
        organisation = getattr(subject, "audit_organisation", None)
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label or (actor.get_username() if actor is not None else ""),
        object_type=subject._meta.label_lower if subject is not None else "",
        object_id=str(subject.pk) if subject is not None else "",
        object_label=str(subject)[:300] if subject is not None else "",
        organisation=organisation,
        before=before,
        after=after,
    )


def record_shown(action: str, *, actor, subjects: Sequence[models.Model]) -> None:
    """A page listed these records (a search result, a queue): one event per organisation
    whose records were shown, naming them all, so the log tells who saw whose record without
    a query per row. Each subject has an `organisation_id`; nothing shown, nothing logged."""
    shown: dict[int | None, list[models.Model]] = defaultdict(list)
    for subject in subjects:
        shown[subject.organisation_id].append(subject)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action=action,
            actor=actor if actor.is_authenticated else None,
            actor_label=actor.get_username(),
            object_type=group[0]._meta.label_lower,
            object_label=", ".join(str(subject) for subject in group)[:300],
            organisation_id=organisation_id,
            after={"shown": [str(subject) for subject in group]},
        )
        for organisation_id, group in shown.items()
    )
