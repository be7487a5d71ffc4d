"""iCalendar (RFC 5545) events and series of time slots: appointments land in the phone's
agenda, and staff make a day of slots at once."""

from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from digiketen.core import links


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _utc(moment: datetime) -> str:
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
        data = b" " + data[cut:]
    parts.append(data.decode())
    return "\r\n".join(parts)


def event(
    *, uid: str, starts_at: datetime, ends_at: datetime, summary: str, where: str, details: str
) -> str:
    """One event with a reminder two hours before."""
    _, host = links.site_parts()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//digiketen//NL",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}@{host}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(starts_at)}",
        f"DTEND:{_utc(ends_at)}",
        f"SUMMARY:{_escape(summary)}",
        f"LOCATION:{_escape(where)}",
        f"DESCRIPTION:{_escape(details)}",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-PT2H",
        f"DESCRIPTION:{_escape(summary)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def address(location) -> str:
    street = f"{location.street} {location.house_number}"
    return f"{location.name}, {street}, {location.postcode} {location.city}"


def series(day: date, first: str, last: str, minutes: int) -> list[tuple[datetime, datetime]]:
    """(start, end) of slots of `minutes` from `first` until `last` ("HH:MM") on `day`."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, datetime.strptime(first, "%H:%M").time(), tz)
    end = datetime.combine(day, datetime.strptime(last, "%H:%M").time(), tz)
    slots = []
    while start + timedelta(minutes=minutes) <= end:
        slots.append((start, start + timedelta(minutes=minutes)))
        start += timedelta(minutes=minutes)
    return slots


def day_or_today(text: str) -> date:
    """A day asked for as YYYY-MM-DD (the ?dag= of day lists), else today."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return timezone.localdate()


def open_series(location, day: date, first: str, last: str, minutes: int):
    """The series, split in (slots while the location is open, number left out because it is
    closed then). A location without opening hours counts as open."""
    hours = list(location.opening_hours.all())
    periods = [(h.opens, h.closes) for h in hours if h.weekday == day.weekday()]
    slots = series(day, first, last, minutes)
    if not hours:
        return slots, 0
    tz = timezone.get_current_timezone()
    inside = [
        (start, end)
        for start, end in slots
        if any(
            start.astimezone(tz).time() >= opens and end.astimezone(tz).time() <= closes
            for opens, closes in periods
        )
    ]
    return inside, len(slots) - len(inside)
