from datetime import date, datetime, time
from types import SimpleNamespace as Row
from zoneinfo import ZoneInfo

import pytest

from digiketen.directory import geo
from digiketen.directory.models import GeocodedPostcode
from digiketen.directory.schedule import opening_status, periods_on
from digiketen.directory.tests.conftest import load

AMS = ZoneInfo("Europe/Amsterdam")
HOURS = [
    Row(weekday=1, opens=time(10), closes=time(16)),
    Row(weekday=3, opens=time(10), closes=time(12)),
]
# Tuesday 1 December 2026
TUESDAY = date(2026, 12, 1)


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=AMS)


def test_open_now_until_closing_time():
    status = opening_status(at(TUESDAY, 11), HOURS, [])
    assert status.open_now
    assert status.closes_at == time(16)


def test_closed_now_tells_the_next_opening():
    status = opening_status(at(TUESDAY, 17), HOURS, [])
    assert not status.open_now
    assert status.next_opening == at(date(2026, 12, 3), 10)
    early = opening_status(at(TUESDAY, 8), HOURS, [])
    assert early.next_opening == at(TUESDAY, 10)


def test_closure_exception_skips_the_day_and_shows_its_notice():
    closed = Row(
        start_date=TUESDAY,
        end_date=TUESDAY,
        is_closed=True,
        opens=None,
        closes=None,
        notice="Gesloten wegens verbouwing.",
    )
    status = opening_status(at(TUESDAY, 11), HOURS, [closed])
    assert not status.open_now
    assert status.next_opening == at(date(2026, 12, 3), 10)
    assert status.notice == "Gesloten wegens verbouwing."
    assert (status.notice_from, status.notice_until) == (TUESDAY, TUESDAY)


def test_changed_hours_replace_the_weekly_hours():
    short = Row(
        start_date=TUESDAY,
        end_date=TUESDAY,
        is_closed=False,
        opens=time(13),
        closes=time(14),
        notice="",
    )
    assert periods_on(TUESDAY, HOURS, [short]) == [(time(13), time(14))]
    assert opening_status(at(TUESDAY, 13, 30), HOURS, [short]).open_now


def test_never_open_in_two_weeks():
    assert opening_status(at(TUESDAY, 9), [], []).next_opening is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("6211 cn", "6211CN"),
        ("6211CN", "6211CN"),
        (" 6211 ", "6211"),
        ("0211AB", None),
        ("abc", None),
    ],
)
def test_postcodes_are_normalised(typed, expected):
    assert geo.normalise_postcode(typed) == expected


def test_recorded_pdok_answer_gives_the_position():
    position = geo.parse_pdok(load("pdok_free_6211CN.json"))
    assert position == geo.Position(latitude=50.85137, longitude=5.69097)
    assert geo.parse_pdok(load("pdok_free_unknown.json")) is None


def test_distance_between_town_hall_and_centre_ceramique_is_about_a_kilometre():
    km = geo.distance_km(geo.Position(50.85137, 5.69097), geo.Position(50.84673, 5.70106))
    assert 0.8 < km < 0.9


def test_locate_asks_pdok_once_then_uses_the_cache(db, pdok):
    assert geo.locate("6211CN") == geo.Position(50.85137, 5.69097)
    assert geo.locate("6211CN") == geo.Position(50.85137, 5.69097)
    assert len(pdok.calls) == 1
    assert GeocodedPostcode.objects.get(postcode="6211CN").source == "pdok"


def test_without_pdok_the_imported_centroid_is_used(db, pdok):
    pdok.down = True
    GeocodedPostcode.objects.create(postcode="6221", latitude=50.846, longitude=5.705, source="csv")
    assert geo.locate("6221AB") == geo.Position(50.846, 5.705)
    assert geo.locate("6224AA") is None


def test_centroid_file_is_imported_and_bad_lines_are_refused(db, tmp_path):
    from django.core.management import CommandError, call_command

    good = tmp_path / "pc4.csv"
    good.write_text("postcode,latitude,longitude\n6211,50.8514,5.6910\n6224,50.8389,5.7248\n")
    call_command("import_postcode_centroids", str(good))
    assert GeocodedPostcode.objects.filter(source="csv").count() == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("postcode,latitude,longitude\n6211,50.85,5.69\n62,50.8,5.7\n")
    with pytest.raises(CommandError, match="line 3"):
        call_command("import_postcode_centroids", str(bad))
    assert float(GeocodedPostcode.objects.get(postcode="6211").latitude) == pytest.approx(50.8514)
