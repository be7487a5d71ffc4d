"""One paginator for the staff lists, fast with 100,000 rows (see bench/lists.py).

A page is read in two steps: first only the primary keys of the page, which PostgreSQL reads
from the list's index alone however deep the page is, then the rows of those keys with their
related rows. A plain OFFSET query would fetch, and join, every row it skips.
"""

from django.core.paginator import Page, Paginator


class ListPaginator(Paginator):
    """Django's paginator, reading each page by primary key first. The queryset must have
    its final order (a list index should match it)."""

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = self.object_list.order_by().in_bulk(keys) if keys else {}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)


def list_page(request, queryset, per_page: int) -> Page:
    """The page the request asks for (`?page=`); the last page when it asks for a page past
    the end (after deletions, or "last"), the first one for anything that is no number."""
    paginator = ListPaginator(queryset, per_page)
    number = request.GET.get("page")
    if number == "last":
        return paginator.page(paginator.num_pages)
    return paginator.get_page(number)
