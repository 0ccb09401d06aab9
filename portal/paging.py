"""Page navigation and filter links of the public list pages (catalog, interpretations, Q&A,
negative list, search results): one way to number pages and to build a link that changes some
query parameters."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.functional import cached_property


def page_of(paginator: Paginator, number: int | str | None) -> Page:
    """The page ``number`` with ``elided_range`` for the navigation (1 … 4 5 6 … 20).

    get_page turns a malformed number into the first page and one past the end into the last,
    so ?page=abc or ?page=9999 never fails."""
    page = paginator.get_page(number)
    # An attribute of our own, for the templates' page navigation.
    page.elided_range = list(  # type: ignore[attr-defined]
        paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    )
    return page


class CountedPaginator(Paginator):
    """A paginator told the number of items (counted elsewhere, e.g. kept with cached facets),
    so that it runs no COUNT(*) of its own."""

    def __init__(self, object_list: QuerySet, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count


def list_page(
    request: HttpRequest, queryset: QuerySet, per_page: int, *, count: int | None = None
) -> Page:
    """The page of ``queryset`` that ``?page=`` asks for; ``count``, when known, saves the
    COUNT(*)."""
    if count is None:
        paginator = Paginator(queryset, per_page)
    else:
        paginator = CountedPaginator(queryset, per_page, count=count)
    return page_of(paginator, request.GET.get("page"))


def link(query: QueryDict, **changes: object) -> str:
    """``query`` with some parameters set (or removed, for None), back on the first page."""
    changed = query.copy()
    changed.pop("page", None)
    for name, value in changes.items():
        if value is None:
            changed.pop(name, None)
        else:
            changed[name] = str(value)
    return f"?{changed.urlencode()}" if changed else "?"
