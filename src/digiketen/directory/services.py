"""Changes to the service catalogue. Each checks the permission and writes an audit event."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen import permissions
from digiketen.accounts.models import User
from digiketen.accounts.roles import Role
from digiketen.core import audit, links, outbox
from digiketen.core.errors import DuplicateName, Refused
from digiketen.core.models import Channel
from digiketen.directory.models import (
    ScheduleException,
    Service,
    ServiceAtLocation,
    ServiceHours,
    ServiceLanguage,
)
from digiketen.organisations import hours
from digiketen.permissions import Perm

SERVICE_FIELDS = [
    "type",
    "name",
    "description",
    "access",
    "is_free",
    "cost_description",
    "what_to_bring",
    "for_whom",
    "minimum_age",
    "maximum_age",
    "pass_holders_only",
    "phone",
    "email",
    "url",
    "by_phone",
    "online",
    "is_active",
]
EXCEPTION_FIELDS = ["start_date", "end_date", "is_closed", "opens", "closes", "notice"]


def _require(actor, obj=None) -> None:
    if not permissions.has_perm(actor, Perm.MANAGE_SERVICES, obj):
        raise PermissionDenied


def _snapshot(service: Service) -> dict:
    data = audit.snapshot(service, SERVICE_FIELDS)
    data["languages"] = sorted(service.languages.values_list("code", flat=True))
    return data


def _apply(service: Service, data: dict, languages: list[str], actor) -> None:
    for field in SERVICE_FIELDS:
        if field in data:
            setattr(service, field, data[field])
    # Saving the form is the partner's statement that it is correct now.
    service.last_confirmed_at, service.last_confirmed_by = timezone.now(), actor
    service.confirmation_reminder_sent_at = None
    try:
        with transaction.atomic():
            service.save()
    except IntegrityError as exc:
        raise DuplicateName from exc
    service.languages.exclude(code__in=languages).delete()
    existing = set(service.languages.values_list("code", flat=True))
    ServiceLanguage.objects.bulk_create(
        ServiceLanguage(service=service, code=code) for code in languages if code not in existing
    )


@transaction.atomic
def create_service(*, actor, organisation, data: dict, languages: list[str]) -> Service:
    _require(actor, organisation)
    service = Service(organisation=organisation)
    _apply(service, data, languages, actor)
    audit.record("service.created", actor=actor, subject=service, after=_snapshot(service))
    return service


@transaction.atomic
def update_service(*, actor, service: Service, data: dict, languages: list[str]) -> Service:
    _require(actor, service)
    service = Service.objects.select_for_update().get(pk=service.pk)
    before = _snapshot(service)
    _apply(service, data, languages, actor)
    after = _snapshot(service)
    audit.record("service.updated", actor=actor, subject=service, before=before, after=after)
    return service


@transaction.atomic
def confirm_service(*, actor, service: Service) -> Service:
    """The partner states the service is still correct as shown."""
    _require(actor, service)
    service = Service.objects.select_for_update().get(pk=service.pk)
    service.last_confirmed_at, service.last_confirmed_by = timezone.now(), actor
    service.confirmation_reminder_sent_at = None
    service.save(
        update_fields=["last_confirmed_at", "last_confirmed_by", "confirmation_reminder_sent_at"]
    )
    audit.record("service.confirmed", actor=actor, subject=service)
    return service


def _hours_snapshot(place: ServiceAtLocation) -> list[str]:
    with audit.default_language():
        return [str(h) for h in place.hours.all()]


def _replace_hours(place: ServiceAtLocation, periods: list[dict]) -> None:
    """A service's hours lie within the building's opening hours, where it has them: wifi
    until 18:00 in a building that closes at 17:00 would send residents to a closed door."""
    building = list(place.location.opening_hours.all())
    outside = hours.outside_building(periods, building)
    if outside:
        raise Refused(
            _(
                "Deze tijden vallen buiten de openingstijden van %(location)s: %(outside)s. "
                "Het gebouw is open: %(open)s."
            )
            % {
                "location": place.location.name,
                "outside": hours.summary(ServiceHours(**period) for period in outside),
                "open": hours.summary(building),
            }
        )
    place.hours.all().delete()
    ServiceHours.objects.bulk_create(ServiceHours(service_at_location=place, **p) for p in periods)


@transaction.atomic
def add_place(*, actor, service: Service, location, note: str, periods: list[dict]):
    _require(actor, service)
    if location.organisation_id != service.organisation_id and not permissions.has_perm(
        actor, Perm.MANAGE_SERVICES, location
    ):
        # A partner may offer its service at another organisation's location only when it
        # also maintains that organisation's services (for instance the coordinator).
        raise PermissionDenied
    try:
        with transaction.atomic():
            place = ServiceAtLocation.objects.create(service=service, location=location, note=note)
    except IntegrityError as exc:
        raise DuplicateName from exc
    _replace_hours(place, periods)
    audit.record(
        "service.place_added",
        actor=actor,
        subject=service,
        after={"location": str(location), "note": note, "hours": _hours_snapshot(place)},
    )
    return place


@transaction.atomic
def update_place(*, actor, place: ServiceAtLocation, note: str, periods: list[dict]):
    _require(actor, place.service)
    place = ServiceAtLocation.objects.select_for_update().get(pk=place.pk)
    before = {"note": place.note, "hours": _hours_snapshot(place)}
    place.note = note
    place.save(update_fields=["note"])
    _replace_hours(place, periods)
    after = {"note": place.note, "hours": _hours_snapshot(place)}
    audit.record(
        "service.place_updated", actor=actor, subject=place.service, before=before, after=after
    )
    return place


@transaction.atomic
def remove_place(*, actor, place: ServiceAtLocation) -> None:
    _require(actor, place.service)
    before = {"location": str(place.location), "hours": _hours_snapshot(place)}
    audit.record("service.place_removed", actor=actor, subject=place.service, before=before)
    place.delete()


@transaction.atomic
def add_exception(*, actor, place: ServiceAtLocation, data: dict) -> ScheduleException:
    _require(actor, place.service)
    exception = ScheduleException.objects.create(
        service_at_location=place, **{k: data.get(k) for k in EXCEPTION_FIELDS}
    )
    audit.record(
        "service.exception_added",
        actor=actor,
        subject=place.service,
        after=audit.snapshot(exception, EXCEPTION_FIELDS) | {"location": str(place.location)},
    )
    return exception


@transaction.atomic
def remove_exception(*, actor, exception: ScheduleException) -> None:
    place = exception.service_at_location
    _require(actor, place.service)
    audit.record(
        "service.exception_removed",
        actor=actor,
        subject=place.service,
        before=audit.snapshot(exception, EXCEPTION_FIELDS) | {"location": str(place.location)},
    )
    exception.delete()


def services_to_confirm(*, now=None):
    """Active services not confirmed for SERVICE_CONFIRM_MONTHS, whose owners were not
    reminded in the last month."""
    now = now or timezone.now()
    stale = now - timedelta(days=30 * settings.SERVICE_CONFIRM_MONTHS)
    return Service.objects.filter(
        Q(last_confirmed_at__isnull=True) | Q(last_confirmed_at__lt=stale),
        Q(confirmation_reminder_sent_at__isnull=True)
        | Q(confirmation_reminder_sent_at__lt=now - timedelta(days=30)),
        is_active=True,
        organisation__is_active=True,
    ).select_related("organisation")


@transaction.atomic
def send_confirmation_reminders(*, now=None) -> int:
    """E-mail each organisation's administrators which services to check. Returns the
    number of e-mails queued. Safe to run daily: a service is reminded once a month."""
    now = now or timezone.now()
    due = list(services_to_confirm(now=now).select_for_update(of=("self",)))
    by_organisation: dict = {}
    for service in due:
        by_organisation.setdefault(service.organisation, []).append(service)
    sent = 0
    for organisation, services in by_organisation.items():
        recipients = sorted(
            set(
                User.objects.filter(
                    is_active=True,
                    memberships__organisation=organisation,
                    memberships__role=Role.ORGANISATION_ADMIN,
                ).values_list("email", flat=True)
            )
        ) or ([organisation.email] if organisation.email else [])
        if not recipients:
            continue
        with audit.default_language():
            body = render_to_string(
                "directory/email/confirm_reminder.txt",
                {
                    "organisation": organisation,
                    "services": services,
                    "url": links.absolute(reverse("directory:service-list")),
                    "months": settings.SERVICE_CONFIRM_MONTHS,
                },
            )
            subject = str(_("Klopt uw informatie nog? Controleer uw diensten"))
        for recipient in recipients:
            outbox.send(
                channel=Channel.EMAIL,
                to=recipient,
                subject=subject,
                body=body,
                kind="directory.confirm_reminder",
                about=organisation,
                organisation=organisation,
                language=settings.LANGUAGE_CODE,
            )
        Service.objects.filter(pk__in=[s.pk for s in services]).update(
            confirmation_reminder_sent_at=now
        )
        sent += 1
    return sent
