"""Opening times: is a service open now, and when does it open next? Pure functions over the
weekly hours and the exceptions, in local time (Europe/Amsterdam)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

LOOKAHEAD_DAYS = 14


@dataclass(frozen=True)
class OpeningStatus:
    open_now: bool
    closes_at: time | None = None  # when open now
    next_opening: datetime | None = None  # when closed now
    notice: str = ""  # the resident-facing message of a current or coming exception
    notice_from: date | None = None
    notice_until: date | None = None


def periods_on(day: date, hours: Iterable, exceptions: Iterable) -> list[tuple[time, time]]:
    """The (opens, closes) periods on `day`, after exceptions (first matching one wins)."""
    for exception in exceptions:
        if exception.start_date <= day <= exception.end_date:
            if exception.is_closed or exception.opens is None or exception.closes is None:
                return []
            return [(exception.opens, exception.closes)]
    return sorted((h.opens, h.closes) for h in hours if h.weekday == day.weekday())


def opening_status(now: datetime, hours: Iterable, exceptions: Iterable) -> OpeningStatus:
    """Open now (and until when), or the next opening within two weeks."""
    hours, exceptions = list(hours), list(exceptions)
    coming = next(
        (
            e
            for e in sorted(exceptions, key=lambda e: e.start_date)
            if e.notice and e.end_date >= now.date() and e.start_date <= now.date() + timedelta(7)
        ),
        None,
    )
    notice = {
        "notice": coming.notice if coming else "",
        "notice_from": coming.start_date if coming else None,
        "notice_until": coming.end_date if coming else None,
    }
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = now.date() + timedelta(days=offset)
        for opens, closes in periods_on(day, hours, exceptions):
            if offset == 0 and opens <= now.time() < closes:
                return OpeningStatus(open_now=True, closes_at=closes, **notice)
            if offset > 0 or now.time() < opens:
                start = datetime.combine(day, opens, tzinfo=now.tzinfo)
                return OpeningStatus(open_now=False, next_opening=start, **notice)
    return OpeningStatus(open_now=False, **notice)


def still_open_today(now: datetime, hours: Iterable, exceptions: Iterable) -> bool:
    """Open now, or opening later today."""
    return any(now.time() < closes for _opens, closes in periods_on(now.date(), hours, exceptions))
