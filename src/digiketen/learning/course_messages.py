"""What a course participant is told, through the one outbox: by SMS, e-mail (with the
lessons as a calendar file), a letter or a call on the staff's to-do list. Every message
names the place (address), the times and a phone number to call."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from digiketen.core import calendar, links, outbox
from digiketen.core.models import Channel

KIND = "learning.course"


def _where(enrolment) -> str:
    run = enrolment.run
    if run is None:
        return ""
    sessions = ", ".join(str(s) for s in run.sessions.all())
    text = _("Plaats: %(where)s.") % {"where": calendar.address(run.location)}
    if sessions:
        text += " " + _("Lessen: %(sessions)s.") % {"sessions": sessions}
    return text


def _phone(enrolment) -> str:
    phone = (enrolment.run and enrolment.run.location.phone) or ""
    if not phone:
        location = enrolment.programme.organisation.locations.exclude(phone="").first()
        phone = location.phone if location else ""
    return " " + _("Vragen? Bel %(phone)s.") % {"phone": phone} if phone else ""


def _text(enrolment, kind: str) -> tuple[str, str]:
    programme = enrolment.programme.name
    link = links.absolute(enrolment.get_resident_url())
    if kind == "received":
        subject = _("Uw aanmelding voor %(course)s") % {"course": programme}
        body = _(
            "Wij hebben uw aanmelding voor %(course)s. Wij nemen contact met u op voor een "
            "kort gesprek. Daarna komt u op de wachtlijst."
        ) % {"course": programme}
    elif kind == "offered":
        subject = _("Er is een plaats voor u: %(course)s") % {"course": programme}
        body = _(
            "Er is een plaats voor u bij %(course)s. Wilt u meedoen? Zeg ja voor %(until)s. "
            "Anders gaat de plaats naar de volgende persoon."
        ) % {
            "course": programme,
            "until": timezone.localtime(enrolment.offer_expires_at).strftime("%d-%m-%Y %H:%M"),
        }
        body += " " + _where(enrolment)
    elif kind == "placed":
        subject = _("U doet mee: %(course)s") % {"course": programme}
        body = _("U doet mee met %(course)s.") % {"course": programme} + " " + _where(enrolment)
    elif kind == "expired":
        subject = _("Uw plaats is vervallen: %(course)s") % {"course": programme}
        body = _(
            "U heeft niet op tijd gereageerd. De plaats bij %(course)s gaat naar iemand anders. "
            "Wilt u toch meedoen? Meld u opnieuw aan."
        ) % {"course": programme}
    else:
        subject = _("U staat niet meer op de wachtlijst: %(course)s") % {"course": programme}
        body = _("U staat niet meer op de wachtlijst van %(course)s.") % {"course": programme}
    return subject, f"{body}{_phone(enrolment)} {link}"


def tell(enrolment, kind: str) -> None:
    """Hand the message about `kind` to the outbox, inside the caller's transaction."""
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _text(enrolment, kind)
        to = {
            Channel.SMS: enrolment.phone,
            Channel.PHONE: enrolment.phone,
            Channel.EMAIL: enrolment.email,
            Channel.LETTER: f"{enrolment.name}\n{enrolment.address}",
        }.get(enrolment.reach_by, "")
        if not to.strip():
            return
        outbox.send(
            channel=enrolment.reach_by,
            to=to,
            subject=subject,
            body=body,
            kind=f"{KIND}.{kind}",
            about=enrolment,
            recipient_name=enrolment.name,
            link=links.absolute(enrolment.get_resident_url()),
        )
