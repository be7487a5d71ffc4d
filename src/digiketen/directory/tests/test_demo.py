"""The demo finder shows a coming closure in any year, not only in December 2026."""

from datetime import date

import time_machine
from django.urls import reverse

from digiketen.core import demo
from digiketen.directory.demo import closure
from digiketen.directory.models import ScheduleException


@time_machine.travel("2031-03-03 09:00 +01:00", tick=False)  # a Monday
def test_the_demo_closure_is_a_few_days_ahead_and_announced_in_the_finder(client, db):
    demo.seed()
    exception = ScheduleException.objects.get()
    assert (exception.start_date, exception.end_date) == (date(2031, 3, 8), date(2031, 3, 11))
    # Tuesday the 11th is the last closed day; the help point opens again on the Thursday.
    assert "Vanaf donderdag 13 maart zijn wij er weer." in exception.notice
    page = client.get(reverse("directory:public-results", args=["digid"])).text
    assert "Let op, van 8 maart tot en met 11 maart:" in page
    assert "Gesloten wegens onderhoud aan het gebouw." in page


def test_the_notice_names_the_first_opening_day_after_the_closure():
    # Open on Mondays only: closed Saturday 8 to Tuesday 11 March, back on Monday the 17th.
    start, end, notice = closure(date(2031, 3, 3), {0})
    assert (start, end) == (date(2031, 3, 8), date(2031, 3, 11))
    assert notice.endswith("Vanaf maandag 17 maart zijn wij er weer.")
