"""Opening hours in one sentence, as every message that sends someone to a place gives them."""

from datetime import time

import pytest
from django.utils import translation

from digiketen.organisations.hours import summary
from digiketen.organisations.models import OpeningHours


def periods(*rows):
    return [
        OpeningHours(weekday=day, opens=time(*start), closes=time(*end)) for day, start, end in rows
    ]


def test_days_in_a_row_with_the_same_hours_are_one_run():
    week = periods(*[(day, (10, 0), (16, 0)) for day in range(5)], (5, (10, 0), (12, 0)))
    assert summary(week) == "maandag tot en met vrijdag 10:00–16:00; zaterdag 10:00–12:00"


def test_two_days_read_as_a_pair_and_a_gap_breaks_the_run():
    week = periods((0, (9, 0), (12, 0)), (1, (9, 0), (12, 0)), (3, (9, 0), (12, 0)))
    assert summary(week) == "maandag en dinsdag 09:00–12:00; donderdag 09:00–12:00"


def test_a_day_with_a_lunch_break_names_both_periods_in_order():
    week = periods((2, (13, 0), (17, 0)), (2, (9, 0), (12, 0)))
    assert summary(week) == "woensdag 09:00–12:00 en 13:00–17:00"


def test_no_fixed_hours_is_empty():
    assert summary([]) == ""


@pytest.mark.django_db
def test_english():
    with translation.override("en"):
        week = periods(*[(day, (10, 0), (16, 0)) for day in range(3)])
        assert summary(week) == "Monday to Wednesday 10:00–16:00"
