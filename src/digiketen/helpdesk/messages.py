"""What a visitor is told about an appointment: the confirmation and the reminder, by SMS or
e-mail (with a calendar file) through the outbox, or a printed slip. The same messages for a
help point's appointment and a hub's eligibility check; each says where, the opening hours, a
phone number, what to bring and, for an online booking, the link to cancel or change it."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from digiketen.core import calendar, links, outbox
from digiketen.core.models import Channel
from digiketen.helpdesk.models import Appointment, ConfirmBy, Purpose
from digiketen.organisations import hours


def what_to_bring(appointment: Appointment) -> str:
    """What the visitor brings: one text for the page, the message and the calendar file."""
    if appointment.slot.purpose == Purpose.ELIGIBILITY:
        from digiketen.applications.models import DistributionPolicy

        return _(
            "Neem uw %(pass)s, uw verwijzing of uw inkomensverklaring mee. Wij kijken of u een "
            "laptop mag krijgen. Wij maken geen kopie."
        ) % {"pass": DistributionPolicy.current().pass_name}
    return _(
        "Neem mee wat u nodig heeft voor uw vraag. Bijvoorbeeld brieven, en uw DigiD-app "
        "of uw DigiD-inlognaam en wachtwoord."
    )


def subject(appointment: Appointment) -> str:
    if appointment.slot.purpose == Purpose.ELIGIBILITY:
        return _("Uw afspraak voor een laptop")
    return _("Uw afspraak bij het informatiepunt")


def manage_url(appointment: Appointment) -> str:
    if not appointment.manage_token:
        return ""
    return links.absolute(reverse("helpdesk:manage", args=[appointment.manage_token]))


def _message(appointment: Appointment, *, reminder: bool) -> str:
    slot = appointment.slot
    place = {"when": str(slot), "where": calendar.address(slot.location)}
    if slot.purpose == Purpose.ELIGIBILITY:
        text = _("Uw afspraak voor een laptop: %(when)s, %(where)s.") % place
    else:
        text = _("Uw afspraak bij het informatiepunt: %(when)s, %(where)s.") % place
    if reminder:
        text = _("Herinnering: morgen heeft u een afspraak.") + " " + text
    if opening := hours.summary(slot.location.opening_hours.all()):
        text += " " + _("Open: %(hours)s.") % {"hours": opening}
    if slot.purpose == Purpose.ELIGIBILITY:
        text += " " + what_to_bring(appointment)
    if url := manage_url(appointment):
        text += " " + _("Kunt u niet? Zeg af of kies een andere tijd: %(url)s") % {"url": url}
        if slot.location.phone:
            text += " " + _("Vragen? Bel %(phone)s.") % {"phone": slot.location.phone}
        return text
    if slot.location.phone:
        return text + " " + _("Kunt u niet? Bel %(phone)s.") % {"phone": slot.location.phone}
    return text + " " + _("Kunt u niet? Kom langs of bel om af te zeggen.")


REMINDER = "helpdesk.reminder"
CONFIRMATION = "helpdesk.confirmation"
CANCELLED = "helpdesk.cancelled"


def _cancelled(appointment: Appointment) -> str:
    slot = appointment.slot
    place = {"when": str(slot), "where": calendar.address(slot.location)}
    text = _("Uw afspraak van %(when)s is afgezegd. Plaats: %(where)s.") % place
    if opening := hours.summary(slot.location.opening_hours.all()):
        text += " " + _("Open: %(hours)s.") % {"hours": opening}
    book = "helpdesk:book-check" if slot.purpose == Purpose.ELIGIBILITY else "helpdesk:book"
    again = {"url": links.absolute(reverse(book)), "phone": slot.location.phone}
    if slot.location.phone:
        return (
            text
            + " "
            + _("Wilt u een nieuwe afspraak? Bel %(phone)s of kies een tijd op %(url)s") % again
        )
    return text + " " + _("Wilt u een nieuwe afspraak? Kies een tijd op %(url)s") % again


def confirm(appointment: Appointment, *, reminder: bool) -> None:
    """Tell the visitor by SMS or e-mail (with a calendar file) through the outbox, inside the
    caller's transaction; a slip is printed instead. In the language of an online booking;
    in Dutch when a helper booked (visits are registered without asking the language)."""
    with translation.override(appointment.language or settings.LANGUAGE_CODE):
        _send(
            appointment,
            kind=REMINDER if reminder else CONFIRMATION,
            body=_message(appointment, reminder=reminder),
            attachments=[("afspraak.ics", appointment_event(appointment), "text/calendar")],
        )


def tell_cancelled(appointment: Appointment) -> None:
    """Tell the visitor their appointment is off, by the way they chose to hear of it, with
    how to make a new one; whether they cancelled with the link or a helper did it for them."""
    with translation.override(appointment.language or settings.LANGUAGE_CODE):
        _send(appointment, kind=CANCELLED, body=_cancelled(appointment), attachments=[])


def _send(appointment: Appointment, *, kind: str, body: str, attachments: list) -> None:
    common = {
        "kind": kind,
        "about": appointment,
        "language": appointment.language or settings.LANGUAGE_CODE,
        "recipient_name": appointment.visitor_name,
        "body": body,
        "subject": subject(appointment),
    }
    if appointment.confirm_by == ConfirmBy.SMS and appointment.phone:
        outbox.send(channel=Channel.SMS, to=appointment.phone, **common)
    elif appointment.confirm_by == ConfirmBy.EMAIL and appointment.email:
        outbox.send(channel=Channel.EMAIL, to=appointment.email, attachments=attachments, **common)


def appointment_event(appointment: Appointment) -> str:
    slot = appointment.slot
    eligibility = slot.purpose == Purpose.ELIGIBILITY
    return calendar.event(
        uid=f"help-appointment-{appointment.pk}",
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        summary=_("Afspraak uitgiftepunt laptop") if eligibility else _("Afspraak informatiepunt"),
        where=calendar.address(slot.location),
        details=what_to_bring(appointment),
    )
