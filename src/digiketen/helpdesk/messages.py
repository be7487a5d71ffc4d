"""What a visitor is told about a follow-up appointment: the confirmation and the reminder,
by SMS or e-mail (with a calendar file) through the outbox, or a printed slip."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from digiketen.core import calendar, outbox
from digiketen.core.models import Channel
from digiketen.helpdesk.models import Appointment, ConfirmBy


def _message(appointment: Appointment, *, reminder: bool) -> str:
    slot = appointment.slot
    text = _("Uw afspraak bij het informatiepunt: %(when)s, %(where)s.") % {
        "when": str(slot),
        "where": calendar.address(slot.location),
    }
    if reminder:
        text = _("Herinnering: morgen heeft u een afspraak.") + " " + text
    if slot.location.phone:
        return text + " " + _("Kunt u niet? Bel %(phone)s.") % {"phone": slot.location.phone}
    return text + " " + _("Kunt u niet? Kom langs of bel om af te zeggen.")


REMINDER = "helpdesk.reminder"
CONFIRMATION = "helpdesk.confirmation"


def confirm(appointment: Appointment, *, reminder: bool) -> None:
    """Tell the visitor by SMS or e-mail (with a calendar file) through the outbox, inside the
    caller's transaction; a slip is printed instead. In the language of an online booking;
    in Dutch when a helper booked (visits are registered without asking the language)."""
    with translation.override(appointment.language or settings.LANGUAGE_CODE):
        _send(appointment, reminder=reminder)


def _send(appointment: Appointment, *, reminder: bool) -> None:
    body = _message(appointment, reminder=reminder)
    common = {
        "kind": REMINDER if reminder else CONFIRMATION,
        "about": appointment,
        "language": appointment.language or settings.LANGUAGE_CODE,
        "recipient_name": appointment.visitor_name,
        "body": body,
        "subject": _("Uw afspraak bij het informatiepunt"),
    }
    if appointment.confirm_by == ConfirmBy.SMS and appointment.phone:
        outbox.send(channel=Channel.SMS, to=appointment.phone, **common)
    elif appointment.confirm_by == ConfirmBy.EMAIL and appointment.email:
        outbox.send(
            channel=Channel.EMAIL,
            to=appointment.email,
            attachments=[("afspraak.ics", appointment_event(appointment), "text/calendar")],
            **common,
        )


def appointment_event(appointment: Appointment) -> str:
    slot = appointment.slot
    return calendar.event(
        uid=f"help-appointment-{appointment.pk}",
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        summary=_("Afspraak informatiepunt"),
        where=calendar.address(slot.location),
        details=_(
            "Neem mee wat u nodig heeft voor uw vraag. Bijvoorbeeld brieven, en uw DigiD-app "
            "of uw DigiD-inlognaam en wachtwoord."
        ),
    )
