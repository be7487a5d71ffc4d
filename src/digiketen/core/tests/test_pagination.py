"""The staff lists' paginator: the same pages as Django's, read by primary key first."""

import pytest
from django.core.paginator import Paginator
from django.test import RequestFactory

from digiketen.accounts.models import User
from digiketen.core import pagination
from digiketen.core.pagination import ListPaginator, list_page


@pytest.fixture
def users(db):
    return [User.objects.create(username=f"u{n:02d}", email=f"u{n}@example.org") for n in range(7)]


def names(page) -> list[str]:
    return [user.username for user in page]


@pytest.mark.parametrize("short_list", [pagination.SHORT_LIST, 0])
def test_pages_hold_the_rows_of_the_list_in_its_order(users, short_list, monkeypatch):
    # Both ways of reading the keys: all at once (a short list) and one page at a time.
    monkeypatch.setattr(pagination, "SHORT_LIST", short_list)
    newest_first = User.objects.order_by("-username")
    paginator = ListPaginator(newest_first, 3)
    assert [names(paginator.page(n)) for n in (1, 2, 3)] == [
        ["u06", "u05", "u04"],
        ["u03", "u02", "u01"],
        ["u00"],
    ]
    assert paginator.num_pages == 3 and paginator.count == 7


def test_a_page_takes_three_queries_however_deep(users, django_assert_num_queries):
    with django_assert_num_queries(3):  # the count, the page's keys, its rows
        page = ListPaginator(User.objects.order_by("pk"), 2).page(3)
        assert names(page) == ["u04", "u05"]
    assert page.has_previous() and page.has_next() and page.next_page_number() == 4


def test_a_page_past_the_end_is_the_last_page_and_no_number_the_first(users):
    request = RequestFactory()
    queryset = User.objects.order_by("username")
    assert names(list_page(request.get("/", {"page": "99"}), queryset, 3)) == ["u06"]
    assert list_page(request.get("/", {"page": "x"}), queryset, 3).number == 1
    assert list_page(request.get("/"), queryset, 3).number == 1


def test_the_same_pages_as_djangos_paginator(users):
    queryset = User.objects.order_by("-pk")
    ours, django = ListPaginator(queryset, 2, orphans=1), Paginator(queryset, 2, orphans=1)
    for number in django.page_range:
        assert names(ours.page(number)) == names(django.page(number))
