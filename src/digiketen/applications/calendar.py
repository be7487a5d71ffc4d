"""An iCalendar (RFC 5545) event for a pickup appointment, so it lands in the phone's agenda."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from digiketen.applications.models import DistributionPolicy


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _utc(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    data = line.encode()
    parts = []
    while len(data) > 75:
        cut = 75
        while (data[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        parts.append(data[:cut].decode())
        data = data[cut:]
        if parts:
            data = b" " + data
    parts.append(data.decode())
    return "\r\n".join(parts)


def pickup_event(application) -> str:
    slot, hub = application.slot, application.hub
    where = f"{hub.name}, {hub.street} {hub.house_number}, {hub.postcode} {hub.city}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//digiketen//pickup//NL",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:pickup-{application.reference}-{slot.pk}@{settings.SITE_URL.split('//')[-1].split('/')[0]}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(slot.starts_at)}",
        f"DTEND:{_utc(slot.ends_at)}",
        f"SUMMARY:{_escape(_('Laptop ophalen'))}",
        f"LOCATION:{_escape(where)}",
        "DESCRIPTION:"
        + _escape(
            _(
                "Neem uw %(pass)s, uw verwijzing of uw inkomensverklaring mee, en het "
                "statiegeld. Aanvraagcode: %(code)s"
            )
            % {"pass": DistributionPolicy.current().pass_name, "code": application.reference}
        ),
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-PT2H",
        f"DESCRIPTION:{_escape(_('Laptop ophalen'))}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
