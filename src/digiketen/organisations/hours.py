"""Opening hours in one short sentence, for every message that sends someone to a place:
"maandag tot en met vrijdag 10:00–16:00; zaterdag 10:00–12:00"."""

from collections.abc import Iterable
from itertools import groupby

from django.utils.translation import gettext as _

from digiketen.organisations.models import Weekday


def outside_building(periods: Iterable[dict], building: Iterable) -> list[dict]:
    """The periods ({"weekday", "opens", "closes"}) that do not lie
    within one of the building's opening periods. A building without opening hours has no
    limits. The one rule for the staff form and the import: wifi until 18:00 in a building
    that closes at 17:00 would send residents to a closed door."""
    building = list(building)
    if not building:
        return []

    return [
        period
        for period in periods
        if not any(
            open_.weekday == period["weekday"]
            and open_.opens <= period["opens"]
            and period["closes"] <= open_.closes
            for open_ in building
        )
    ]


def summary(periods: Iterable) -> str:
    """Days in a row with the same times are joined; "" when there are no fixed hours."""
    by_day: dict[int, tuple[str, ...]] = {}
    for period in sorted(periods, key=lambda p: (p.weekday, p.opens)):
        times = f"{period.opens:%H:%M}–{period.closes:%H:%M}"
        by_day[period.weekday] = (*by_day.get(period.weekday, ()), times)
    runs = []
    days = sorted(by_day)

    # Consecutive weekdays with equal times form one run: day minus position stays the same.
    def same_run(item):
        position, day = item
        return day - position, by_day[day]

    for _key, run in groupby(enumerate(days), key=same_run):
        run_days = [day for _index, day in run]
        runs.append((run_days[0], run_days[-1], by_day[run_days[0]]))
    parts = []
    for first, last, times in runs:
        names = str(Weekday(first).label)
        if last == first + 1:
            names = _both(names, Weekday(last).label)
        elif last > first:
            names = _("%(first)s tot en met %(last)s") % {
                "first": names,
                "last": Weekday(last).label,
            }
        parts.append(f"{names} {_all(times)}")
    return "; ".join(parts)


def _both(first, last) -> str:
    return _("%(first)s en %(last)s") % {"first": first, "last": last}


def _all(items) -> str:
    if len(items) == 1:
        return items[0]
    return _both(", ".join(items[:-1]), items[-1])
