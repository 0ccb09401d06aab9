"""What the public pages, the API, the feeds, the sitemap, the exports and search read:
published power items (and, for an item's own page, a withdrawn one with its notice), never a
draft or a revision."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from disclosure.models import Document
from portal import agencies, sites
from portal.models import Agency
from powers.models import CATEGORY_ORDER, Category, PowerItem, PowerItemVersion
from publishing.models import Status

PER_PAGE = 30


def _with_details(items: QuerySet[PowerItem]) -> QuerySet[PowerItem]:
    return items.select_related("agency").prefetch_related(
        "responsibilities",
        Prefetch(
            "basis_documents",
            queryset=Document.objects.published().only("pk", "title", "status").order_by("pk"),
        ),
    )


def published() -> QuerySet[PowerItem]:
    """Published items with what every output shows of them."""
    return _with_details(PowerItem.objects.published()).order_by("agency__path", "code", "id")


def public_items() -> QuerySet[PowerItem]:
    """Items with a public page: published, or withdrawn (its notice and history)."""
    return _with_details(PowerItem.objects.public()).prefetch_related(
        Prefetch("versions", queryset=PowerItemVersion.objects.order_by("-number"))
    )


def public_item(pk: int) -> PowerItem | None:
    return public_items().filter(pk=pk).first()


def versions_of_public_items() -> QuerySet[PowerItemVersion]:
    """Every entry of the change history of public items, newest first (the feed)."""
    return (
        PowerItemVersion.objects.filter(
            power_item__revision_of__isnull=True,
            power_item__status__in=(Status.PUBLISHED, Status.WITHDRAWN),
        )
        .select_related("power_item", "power_item__agency")
        .order_by("-recorded_at", "-id")
    )


@dataclass(frozen=True)
class ListFilters:
    agency: str = ""
    category: str = ""
    q: str = ""
    site_path: str = ""  # the site's subtree ("" : the whole tree); not a filter of the query

    @classmethod
    def from_query(
        cls, query: Mapping[str, str], *, site: sites.CurrentSite | None = None
    ) -> ListFilters:
        """The filters of ``query``, within ``site`` (an agency outside it is ignored, as the
        catalog ignores it)."""
        category = query.get("category", "").strip()
        code = query.get("agency", "").strip()[:32]
        agency = agencies.agency_with_code(code) if code and site is not None else None
        if agency is not None and site is not None and not site.contains(agency):
            code = ""
        return cls(
            agency=code,
            category=category if category in Category.values else "",
            q=query.get("q", "").strip()[:100],
            site_path=site.root_path if site is not None else "",
        )

    def as_query(self) -> dict[str, str]:
        return {"agency": self.agency, "category": self.category, "q": self.q}


def words_q(words: str) -> Q:
    """Items whose code, name, sub-items or basis contain the words."""
    return (
        Q(code__icontains=words)
        | Q(name__icontains=words)
        | Q(sub_items__icontains=words)
        | Q(basis__icontains=words)
    )


def _without_category(filters: ListFilters) -> QuerySet[PowerItem]:
    found = PowerItem.objects.published()
    if filters.site_path:
        found = found.filter(agency__path__startswith=filters.site_path)
    if filters.agency:
        agency = Agency.objects.filter(code=filters.agency).first()
        # An agency's catalog holds the items of the agencies below it too.
        found = found.filter(agency__path__startswith=agency.path) if agency else found.none()
    if filters.q:
        found = found.filter(words_q(filters.q))
    return found


def items(filters: ListFilters) -> QuerySet[PowerItem]:
    found = _without_category(filters)
    if filters.category:
        found = found.filter(category=filters.category)
    return found.select_related("agency").order_by("agency__path", "code", "id")


@dataclass(frozen=True)
class CategoryCount:
    value: str
    label: str
    count: int


def category_counts(filters: ListFilters) -> list[CategoryCount]:
    """How many items of each category match the other filters (agency, words), in the
    catalog's order of categories; every category is listed, with 0 where there is none."""
    counts = dict(
        _without_category(filters)
        .order_by()
        .values_list("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    return [
        CategoryCount(value, str(Category(value).label), counts.get(value, 0))
        for value in CATEGORY_ORDER
    ]


def agencies_with_items(site: sites.CurrentSite | None = None) -> QuerySet[Agency]:
    """The agencies with published items (within ``site``), for the catalog's chooser."""
    found = Agency.objects.filter(pk__in=PowerItem.objects.published().values("agency_id"))
    return sites.scope(found, site, field="").order_by("path")


def selected_agency(filters: ListFilters) -> Agency | None:
    return Agency.objects.filter(code=filters.agency).first() if filters.agency else None
