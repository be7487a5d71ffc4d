"""Messages to residents about their application, written in B1 in the resident's language
and handed to core's outbox: e-mail and SMS go through the task worker (retries, daily caps),
letters (PDF) and phone calls go on the hub staff's to-do list."""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from digiketen.applications import selectors, terms
from digiketen.applications.models import (
    Application,
    ContactChannel,
    DistributionPolicy,
    NotificationKind,
    Status,
)
from digiketen.core import links, outbox
from digiketen.core.models import Channel, Message

# A letter about these carries the invitation link as a QR code.
WITH_INVITATION = {NotificationKind.INVITED, NotificationKind.MISSED}


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
    NotificationKind.RETURNED: lambda: _("Wij hebben de laptop terug"),
}


def invitation_url(application: Application) -> str:
    return links.absolute(reverse("applications:invitation", args=[application.invitation_token]))


# The booking link in the status page and the messages carries the application's code,
# signed: whoever opens it, from any browser, books the check for that application, and a code
# typed into the address bar by someone else ties nothing.
CHECK_FOR_SALT = "applications.check-for"


def check_url(application: Application) -> str:
    """Where a resident books their eligibility check, when their hub works by appointment
    (the help point's booking pages, /afspraak/laptop); "" when they just come by."""
    if application.status != Status.SUBMITTED or not application.hub.by_appointment:
        return ""
    ticket = signing.dumps(application.reference, salt=CHECK_FOR_SALT)
    url = reverse("helpdesk:book-check-day", args=[application.hub.uuid])
    return f"{url}?{urlencode({'aanvraag': ticket})}"


def checked_reference(ticket: str) -> str:
    """The application code a check_url was made for; "" for anything else."""
    try:
        return signing.loads(ticket, salt=CHECK_FOR_SALT)
    except signing.BadSignature:
        return ""


def render(application: Application, kind: str, *, reason: str = "") -> tuple[str, str]:
    """Subject and text of a message, in the language the resident used."""
    policy = DistributionPolicy.current()
    with translation.override(application.language):
        context = {
            "application": application,
            "kind": kind,
            "reason": reason,
            "status_url": links.absolute(reverse("applications:status")),
            "invitation_url": invitation_url(application) if application.invitation_token else "",
            "check_url": links.absolute(check_url(application)) if check_url(application) else "",
            "policy": policy,
            "deposit_cents": selectors.deposit_due(application, policy),
            "terms": terms.current(policy, deposit_cents=application.deposit_cents),
        }
        if kind == NotificationKind.RETURNED:
            context["settled"] = selectors.deposit_settled(application.handover)
        subject = str(SUBJECTS[NotificationKind(kind)]())
        body = render_to_string("applications/notification.txt", context).strip()
    return subject, body


def notify(application: Application, kind: str, *, reason: str = "") -> Message:
    """Write the message down now, in the caller's transaction; the outbox sends it."""
    subject, body = render(application, kind, reason=reason)
    channel = Channel(application.contact_by)
    hub = application.hub
    return outbox.send(
        channel=channel,
        to=_address(application, channel),
        subject=subject,
        body=body,
        kind=kind,
        about=application,
        organisation=application.organisation,
        language=application.language,
        recipient_name=application.full_name,
        sender=", ".join(
            part
            for part in (
                f"{application.organisation.name} — {hub.name}",
                f"{hub.street} {hub.house_number}".strip(),
                f"{hub.postcode} {hub.city}".strip(),
                hub.phone,
            )
            if part
        ),
        link=invitation_url(application)
        if application.invitation_token and kind in WITH_INVITATION
        else "",
    )


def _address(application: Application, channel: Channel) -> str:
    if channel == ContactChannel.EMAIL:
        return application.email
    if channel == ContactChannel.LETTER:
        return (
            f"{application.street} {application.house_number}\n"
            f"{application.postcode} {application.city}"
        )
    return application.phone  # SMS, or the number staff call


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
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Internet thuis loopt bijna af")
        body = render_to_string(
            "applications/email/internet_ends.txt",
            {
                "provision": provision,
                "url": links.absolute(reverse("applications:detail", args=[application.pk])),
            },
        )
    for recipient in recipients:
        outbox.send(
            channel=Channel.EMAIL,
            to=recipient,
            subject=subject,
            body=body,
            kind="internet_ends",
            about=provision,
            organisation=application.organisation,
            language=settings.LANGUAGE_CODE,
        )
