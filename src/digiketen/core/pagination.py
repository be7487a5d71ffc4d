"""One paginator for the staff lists, fast with 100,000 rows (see bench/lists.py).

A page is read in two steps: first only the primary keys of the page, which PostgreSQL reads
from the list's index alone however deep the page is, then the rows of those keys with their
related rows. A plain OFFSET query would fetch, and join, every row it skips.
"""

from django.core.paginator import Page, Paginator

# Up to this many results, all their keys are read at once and the page is cut in Python.
# A search with few matches would otherwise walk the whole list index backwards looking for
# them: PostgreSQL cannot estimate how few rows a "contains" search matches, and with a LIMIT
# it takes the ordered index (135 ms instead of 0.2 ms for two devices in 100,000).
SHORT_LIST = 2_000


class ListPaginator(Paginator):
    """Django's paginator, reading each page by primary key first. The queryset must have
    its final order (a list index should match it)."""

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ordered = self.object_list.values_list("pk", flat=True)
        short = self.count <= SHORT_LIST
        keys = list(ordered)[bottom:top] if short else list(ordered[bottom:top])
        rows = self.object_list.order_by().in_bulk(keys) if keys else {}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)


def list_page(request, queryset, per_page: int) -> Page:
    """The page the request asks for (`?page=`), as Django's get_page: the last page for a
    page past the end (a bookmark after deletions), the first for anything that is no number."""
    return ListPaginator(queryset, per_page).get_page(request.GET.get("page"))
