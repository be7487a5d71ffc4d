"""Messages to residents: e-mail and SMS sent by the task worker and retried on failure;
letters (PDF) and phone calls become tasks for the hub's staff. Every message is kept with
its application, in the resident's language."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import default_task_backend, task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from digiketen.applications import selectors
from digiketen.applications.models import (
    Application,
    ContactChannel,
    Delivery,
    DistributionPolicy,
    Notification,
    NotificationKind,
)
from digiketen.core import ratelimit, sms
from digiketen.core.tasks import send_email

MAX_ATTEMPTS = 5
# No resident needs more in a day; a cap keeps a misuse of the public form cheap.
SMS_PER_DAY = 5


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=5 * 3 ** (attempts - 1))  # 5, 15, 45 minutes, ...


SUBJECTS = {
    NotificationKind.RECEIVED: lambda: _("Wij hebben uw aanvraag ontvangen"),
    NotificationKind.WAITING: lambda: _("U staat op de wachtlijst voor een laptop"),
    NotificationKind.APPROVED: lambda: _("U krijgt hulp met internet thuis"),
    NotificationKind.REJECTED: lambda: _("Uw aanvraag is afgewezen"),
    NotificationKind.INVITED: lambda: _("Er is een laptop voor u: kies een tijd"),
    NotificationKind.SCHEDULED: lambda: _("Uw afspraak om de laptop op te halen"),
    NotificationKind.REMINDER: lambda: _("Morgen haalt u uw laptop op"),
    NotificationKind.MISSED: lambda: _("Kies een nieuwe tijd om uw laptop op te halen"),
    NotificationKind.REQUEUED: lambda: _("U staat weer op de wachtlijst"),
    NotificationKind.RELEASED: lambda: _("De laptop voor u is toch niet klaar"),
    NotificationKind.CLOSED: lambda: _("Uw aanvraag is gestopt"),
}


def invitation_url(application: Application) -> str:
    return settings.SITE_URL + reverse(
        "applications:invitation", args=[application.invitation_token]
    )


def render(application: Application, kind: str, *, reason: str = "") -> tuple[str, str]:
    """Subject and text of a message, in the language the resident used."""
    policy = DistributionPolicy.current()
    with translation.override(application.language):
        context = {
            "application": application,
            "kind": kind,
            "reason": reason,
            "status_url": settings.SITE_URL + reverse("applications:status"),
            "invitation_url": invitation_url(application) if application.invitation_token else "",
            "policy": policy,
            "deposit_cents": selectors.deposit_due(application, policy),
        }
        subject = str(SUBJECTS[NotificationKind(kind)]())
        body = render_to_string("applications/notification.txt", context).strip()
    return subject, body


def notify(application: Application, kind: str, *, reason: str = "") -> Notification:
    """Write the message down now; e-mail and SMS leave once the change is committed."""
    subject, body = render(application, kind, reason=reason)
    channel = application.contact_by
    by_worker = channel in (ContactChannel.EMAIL, ContactChannel.SMS)
    notification = Notification.objects.create(
        application=application,
        kind=kind,
        channel=channel,
        subject=subject,
        body=body,
        delivery=Delivery.PENDING if by_worker else Delivery.TO_DO,
    )
    if by_worker:
        transaction.on_commit(lambda: deliver_notification.enqueue(notification.pk))
    return notification


@task
def deliver_notification(notification_id: int) -> None:
    deliver(notification_id)


# While one worker sends a message, others leave it alone for this long.
LEASE = timedelta(minutes=10)


def deliver(notification_id: int, *, now=None) -> None:
    """Send one e-mail or SMS. The message is claimed in a short transaction and sent outside
    it, so a slow gateway holds no lock. A failure is recorded and tried again later, up to
    MAX_ATTEMPTS times; the message stays visible with the error on the application."""
    now = now or timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("application")
            .get(pk=notification_id)
        )
        if notification.delivery != Delivery.PENDING or (
            notification.next_attempt_at and notification.next_attempt_at > now
        ):
            return  # already sent, being sent, or not due yet
        notification.attempts += 1
        notification.next_attempt_at = now + LEASE
        notification.save(update_fields=["attempts", "next_attempt_at"])
    application = notification.application
    try:
        if notification.channel == ContactChannel.EMAIL:
            send_mail(
                subject=notification.subject,
                message=notification.body,
                from_email=None,
                recipient_list=[application.email],
            )
        elif ratelimit.hit("sms", application.phone, limit=SMS_PER_DAY, window=timedelta(days=1)):
            sms.send_sms(to=application.phone, body=notification.body)
        else:
            raise sms.SMSError(f"More than {SMS_PER_DAY} text messages to this number today.")
    except (OSError, sms.SMSError) as exc:
        _failed(notification, str(exc), now)
        return
    Notification.objects.filter(pk=notification.pk).update(
        delivery=Delivery.SENT, sent_at=timezone.now(), next_attempt_at=None, last_error=""
    )


def _failed(notification: Notification, error: str, now) -> None:
    notification.last_error = error[:300]
    if notification.attempts >= MAX_ATTEMPTS:
        notification.delivery = Delivery.FAILED
        notification.next_attempt_at = None
    else:
        notification.next_attempt_at = now + _backoff(notification.attempts)
    notification.save(update_fields=["last_error", "delivery", "next_attempt_at"])
    if notification.next_attempt_at and default_task_backend.supports_defer:
        deliver_notification.using(run_after=notification.next_attempt_at).enqueue(notification.pk)


def retry_due(*, now=None) -> int:
    """Hand messages whose retry time has come to the worker again (for backends that cannot
    wait by themselves; harmless otherwise, because delivery checks the state first)."""
    now = now or timezone.now()
    due = list(
        Notification.objects.filter(
            delivery=Delivery.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)
    )
    for pk in due:
        deliver_notification.enqueue(pk)
    return len(due)


@transaction.atomic
def mark_done(*, actor, notification_id: int) -> Notification:
    """Staff printed and posted the letter, or made the call."""
    notification = Notification.objects.select_for_update().get(pk=notification_id)
    if notification.delivery == Delivery.TO_DO:
        notification.delivery = Delivery.DONE
        notification.done_by = actor
        notification.sent_at = timezone.now()
        notification.save(update_fields=["delivery", "done_by", "sent_at"])
    return notification


def tell_staff_internet_ends(provision) -> None:
    """E-mail the hub's staff that a resident's home internet ends soon."""
    from digiketen.accounts.models import User
    from digiketen.accounts.roles import Role

    application = provision.application
    staff = User.objects.filter(
        is_active=True,
        memberships__organisation=application.organisation,
        memberships__role=Role.HUB_STAFF,
    ).exclude(email="")
    recipients = sorted(set(staff.values_list("email", flat=True)))
    if not recipients:
        return
    body = render_to_string(
        "applications/email/internet_ends.txt",
        {
            "provision": provision,
            "url": settings.SITE_URL + reverse("applications:detail", args=[application.pk]),
        },
    )
    send_email.enqueue(subject=_("Internet thuis loopt bijna af"), body=body, to=recipients)
