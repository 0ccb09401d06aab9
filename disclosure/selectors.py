"""Public read queries for proactive disclosure: what a citizen may see, and nothing else.

Every document query starts from ``Document.objects.published()`` (or ``public()`` for the
document page, where a withdrawn document keeps its address with a notice), so unpublished
records are unreachable from the public pages by construction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Model,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import ExtractYear, RowNumber
from django.http import QueryDict

from disclosure import statutory
from disclosure.models import (
    Attachment,
    CatalogDomain,
    CatalogItem,
    Document,
    Genre,
    NegativeCategory,
    NegativeListEntry,
    StatutoryCategory,
    Theme,
    Validity,
)
from portal import agencies, page_cache, sites
from portal.models import Agency

M = TypeVar("M", bound=Model)

PER_PAGE_CHOICES = (20, 50, 100)
# Years outside this range cannot be publication years; such a filter is ignored.
FIRST_YEAR, LAST_YEAR = 1949, 2100


# --- Parsing query-string filters ---------------------------------------------------------


def _positive_int(value: str) -> int | None:
    """A database id from the query string, or None (ids are never 0, never 10 digits)."""
    value = value.strip()
    # isascii: str.isdigit() also accepts "²" and other digits int() refuses or reads oddly.
    if not (value.isascii() and value.isdigit() and len(value) <= 9):
        return None
    return int(value) or None


def per_page_from(params: Mapping[str, str], *, default: int = PER_PAGE_CHOICES[0]) -> int:
    value = _positive_int(params.get("per_page", ""))
    return value if value in PER_PAGE_CHOICES else default


def agency_subtree(agency: Agency) -> Q:
    """Documents issued by ``agency`` or any agency below it (one indexed prefix match)."""
    return Q(agency__path__startswith=agency.path)


def theme_and_children(theme: Theme) -> Q:
    """A top-level theme takes in its second-level themes; a second-level theme is itself."""
    # As a subquery on theme ids rather than an OR across a join: PostgreSQL then uses the
    # index on theme_id (12 ms instead of a 176 ms scan of 100,000 documents, bench/load).
    return Q(theme__in=Theme.objects.filter(Q(pk=theme.pk) | Q(parent=theme)).values("pk"))


@dataclass(frozen=True)
class CatalogFilters:
    """The catalog filters a query string asked for, each checked against the database.

    A value that is malformed or names nothing (an unknown agency code, ``theme=abc``) is left
    out and its parameter named in ``ignored``, so that the page says so instead of failing.
    """

    agency: Agency | None = None
    domain: CatalogDomain | None = None
    item: CatalogItem | None = None
    theme: Theme | None = None
    genre: Genre | None = None
    year: int | None = None
    validity: str = ""
    category: int | None = None  # Art 20 item, ``art20`` in the query string
    historical: bool = False  # 历史文件 only, ``historical=1``
    ignored: tuple[str, ...] = ()
    # The site's agency subtree (portal.sites; "" : the whole tree): not a filter the reader
    # chooses, so never skipped and not in the query string.
    site_path: str = ""

    @property
    def active(self) -> bool:
        return any(
            (self.agency, self.domain, self.item, self.theme, self.genre, self.year, self.validity,
             self.category, self.historical)
        )  # fmt: skip

    def query(self, per_page: int = PER_PAGE_CHOICES[0]) -> QueryDict:
        """The filters as a clean query string (malformed parameters dropped)."""
        query = QueryDict(mutable=True)
        values = {
            "agency": self.agency.code if self.agency else "",
            "domain": self.domain.slug if self.domain else "",
            "item": self.item.pk if self.item else "",
            "theme": self.theme.pk if self.theme else "",
            "genre": self.genre.pk if self.genre else "",
            "year": self.year or "",
            "validity": self.validity,
            "art20": self.category or "",
            "historical": "1" if self.historical else "",
        }
        for key, value in values.items():
            if value:
                query[key] = str(value)
        if per_page != PER_PAGE_CHOICES[0]:
            query["per_page"] = str(per_page)
        return query

    def apply(self, queryset: QuerySet[Document], *, skip: str = "") -> QuerySet[Document]:
        """Filter ``queryset`` by every filter except ``skip`` (a facet counts without its own
        filter, so that its other options stay visible)."""
        conditions = {
            "agency": agency_subtree(self.agency) if self.agency else None,
            "domain": Q(catalog_item__domain=self.domain) if self.domain else None,
            "item": Q(catalog_item=self.item) if self.item else None,
            "theme": theme_and_children(self.theme) if self.theme else None,
            "genre": Q(genre=self.genre) if self.genre else None,
            "year": Q(
                date_published__gte=dt.date(self.year, 1, 1),
                date_published__lt=dt.date(self.year + 1, 1, 1),
            )
            if self.year
            else None,
            "validity": Q(validity=self.validity) if self.validity else None,
            "art20": statutory.category_condition(self.category) if self.category else None,
            "historical": Q(is_historical=True) if self.historical else None,
        }
        for name, condition in conditions.items():
            if condition is not None and name != skip:
                queryset = queryset.filter(condition)
        if self.site_path:
            queryset = queryset.filter(agency__path__startswith=self.site_path)
        return queryset

    @property
    def cache_key(self) -> str:
        """The filters and the site, for what is kept per filter combination."""
        return f"{self.site_path}:{self.query().urlencode()}"


def parse_catalog_filters(
    params: Mapping[str, str], *, site: sites.CurrentSite | None = None
) -> CatalogFilters:
    """The filters of ``params``, within ``site`` (an agency outside it is ignored)."""
    ignored: list[str] = []
    site_path = site.root_path if site is not None else ""

    def text(name: str, max_length: int) -> str:
        value = params.get(name, "").strip()
        if len(value) > max_length:
            ignored.append(name)
            return ""
        return value

    def lookup(name: str, queryset: QuerySet[M], **by: object) -> M | None:
        found = queryset.filter(**by).first()
        if found is None:
            ignored.append(name)
        return found

    def agency_with(code: str) -> Agency | None:
        # From the cached tree: the catalog's most common filter costs no query.
        found = agencies.agency_with_code(code)
        if found is not None and not found.path.startswith(site_path):
            found = None
        if found is None:
            ignored.append("agency")
        return found

    def by_id(name: str, queryset: QuerySet[M]) -> M | None:
        raw = params.get(name, "").strip()
        if not raw:
            return None
        pk = _positive_int(raw)
        if pk is None:
            ignored.append(name)
            return None
        return lookup(name, queryset, pk=pk)

    code = text("agency", 32)
    slug = text("domain", 50)
    year_raw = params.get("year", "").strip()
    year = _positive_int(year_raw)
    if year_raw and (year is None or not FIRST_YEAR <= year <= LAST_YEAR):
        ignored.append("year")
        year = None
    validity = params.get("validity", "").strip()
    if validity and validity not in Validity.values:
        ignored.append("validity")
        validity = ""
    category_raw = params.get("art20", "").strip()
    category = _positive_int(category_raw)
    if category_raw and category not in StatutoryCategory.values:
        ignored.append("art20")
        category = None
    historical_raw = params.get("historical", "").strip()
    if historical_raw not in ("", "1"):
        ignored.append("historical")
    return CatalogFilters(
        # Abolished agencies stay: their published documents remain on the record.
        agency=agency_with(code) if code else None,
        domain=lookup("domain", CatalogDomain.objects.all(), slug=slug) if slug else None,
        item=by_id("item", CatalogItem.objects.select_related("domain", "agency")),
        theme=by_id("theme", Theme.objects.select_related("parent")),
        genre=by_id("genre", Genre.objects.all()),
        year=year,
        validity=validity,
        category=category,
        historical=historical_raw == "1",
        ignored=tuple(ignored),
        site_path=site_path,
    )


# --- Documents ----------------------------------------------------------------------------


def published_documents() -> QuerySet[Document]:
    """Published documents with what a list row shows, newest first.

    ``co_issuers`` is prefetched because a row shows the issuer names (发文机关), so a page
    costs the same number of queries whatever its size.
    """
    return (
        Document.objects.published()
        .with_metadata()
        .prefetch_related(Prefetch("co_issuers", queryset=Agency.objects.only("name")))
        .order_by("-date_published", "-id")
    )


# What a list row does not show: the texts, and the long profile texts of the issuing agency.
LIST_DEFERRED = (
    "summary", "body", "review_notes", "withdrawal_reason", "agency__functions",
    "agency__structure", "agency__head", "agency__disclosure_guide",
)  # fmt: skip


# What a row of the catalog shows (disclosure/includes/document_table.html), and nothing else:
# the list reads and joins only these (the theme, genre and catalog joins cost the database more
# to plan than to run, and the model fields more to load than the page to render).
CATALOG_ROW_FIELDS = (
    "title", "index_number", "doc_number", "issuer_display", "date_published", "validity",
    "is_historical", "agency", "agency__name",
)  # fmt: skip


def catalog_documents(filters: CatalogFilters) -> QuerySet[Document]:
    rows = (
        Document.objects.published()
        .select_related("agency")
        .only(*CATALOG_ROW_FIELDS)
        .prefetch_related(Prefetch("co_issuers", queryset=Agency.objects.only("name")))
        .order_by("-date_published", "-id")
    )
    return filters.apply(rows)


def latest_documents(
    *,
    agency: Agency | None = None,
    site: sites.CurrentSite | None = None,
    within: list[str] | None = None,
    limit: int = 10,
) -> list[Document]:
    """The newest published documents, of ``agency``'s subtree, ``site``'s, and of the agency
    subtrees whose paths are ``within`` (区县动态: the sites below a city's)."""
    documents = sites.scope(Document.objects.published().select_related("agency"), site)
    if within is not None:
        subtrees = Q(pk__in=[])
        for path in within:
            subtrees |= Q(agency__path__startswith=path)
        documents = documents.filter(subtrees)
    if agency is not None:
        documents = documents.filter(agency_subtree(agency))
    return list(documents.order_by("-date_published", "-id")[:limit])


def public_documents() -> QuerySet[Document]:
    """What has a page: published documents, and withdrawn ones (shown with a notice)."""
    return Document.objects.public().with_metadata().select_related("replaced_by")


def replaced_documents(document: Document) -> QuerySet[Document]:
    """The published documents that ``document`` amends or supersedes."""
    return Document.objects.published().filter(replaced_by=document).order_by("-date_published")


def published_attachments() -> QuerySet[Attachment]:
    """Attachments of published documents only: not of withdrawn ones, not of drafts."""
    return Attachment.objects.filter(document__in=Document.objects.published().values("pk"))


def normative_documents(*, agency: Agency | None = None) -> QuerySet[Document]:
    documents = published_documents().filter(is_normative=True)
    if agency is not None:
        documents = documents.filter(agency_subtree(agency))
    return documents


# 政府信息公开制度: the rules on disclosure work itself are filed under this second-level theme
# of the national theme classification (seeds.THEMES), so they need no list of their own.
DISCLOSURE_RULES_THEME = ("综合政务", "政务公开")


def disclosure_rules(agency: Agency) -> list[Document]:
    """The published documents on disclosure work (政府信息公开制度) that ``agency`` follows:
    its own and its sub-agencies' (as everywhere in its column), and those of the agencies
    above it, whose rules bind it. Newest first."""
    top, sub = DISCLOSURE_RULES_THEME
    above = [ancestor.pk for ancestor in Agency.objects.get_ancestors(agency)]
    return list(
        published_documents()
        .defer(*LIST_DEFERRED)
        .filter(theme__parent__name=top, theme__name=sub)
        .filter(agency_subtree(agency) | Q(agency_id__in=above))
    )


def validity_counts(documents: QuerySet[Document]) -> dict[str, int]:
    rows = documents.prefetch_related(None).order_by().values("validity").annotate(n=Count("pk"))
    return {row["validity"]: row["n"] for row in rows}


def count_matching(*, agency: Agency, conditions: Mapping[str, Q]) -> dict[str, int]:
    """How many published documents of ``agency`` and its sub-agencies match each condition,
    in one aggregate query; the key ``all`` counts them all."""
    documents = Document.objects.published().filter(agency_subtree(agency))
    aggregates = {key: Count("pk", filter=condition) for key, condition in conditions.items()}
    return documents.aggregate(all=Count("pk"), **aggregates)


# --- Facets of the catalog ----------------------------------------------------------------


@dataclass
class FacetOption:
    label: str
    value: str
    count: int | None
    selected: bool = False
    children: list[FacetOption] = field(default_factory=list)
    url: str = ""  # set by the view: the current query with this option chosen


@dataclass
class CatalogFacets:
    agencies: list[FacetOption]
    themes: list[FacetOption]
    domains: list[FacetOption]
    genres: list[FacetOption]
    years: list[FacetOption]
    # 历史文件: how many of the documents matching every other filter are historical.
    historical: int = 0
    # The documents matching every filter: the agency counts add up to it, so the list's
    # paginator needs no COUNT(*) of its own.
    total: int = 0


def _agency_facet(filters: CatalogFilters) -> tuple[list[FacetOption], int]:
    """The top two levels of the agency tree, plus the path to and the children of the
    selected agency, each with the number of documents of it and everything below it; and the
    number of documents matching every filter (those of the selected agency's subtree)."""
    rows = (
        filters.apply(Document.objects.published(), skip="agency")
        .order_by()
        .values_list("agency__path")
        .annotate(n=Count("pk"))
    )
    counts = list(rows)
    selected = filters.agency
    within = selected.path if selected is not None else ""
    total = sum(n for path, n in counts if path.startswith(within))
    ancestors: set[str] = set()
    if selected is not None:
        steps = len(selected.path) // Agency.steplen
        ancestors = {selected.path[: Agency.steplen * i] for i in range(1, steps + 1)}

    # The site's root and the level below it (the tree's two top levels without sites).
    top_depth = len(filters.site_path) // Agency.steplen or 1

    def shown(agency: Agency) -> bool:
        if agency.path in ancestors:
            return True  # the path to the selected agency, closed ones included
        if not agency.is_active or not agency.path.startswith(filters.site_path):
            return False
        return agency.depth <= top_depth + 1 or (
            selected is not None
            and agency.depth == selected.depth + 1
            and agency.path.startswith(selected.path)
        )

    options: dict[str, FacetOption] = {}
    roots: list[FacetOption] = []
    for agency in agencies.agency_tree():
        if not shown(agency):
            continue
        count = sum(n for path, n in counts if path.startswith(agency.path))
        is_selected = selected is not None and agency.pk == selected.pk
        if not (count or agency.path in ancestors):
            continue
        option = FacetOption(agency.name, agency.code, count, is_selected)
        options[agency.path] = option
        parent = options.get(agency.path[: -Agency.steplen])
        (parent.children if parent else roots).append(option)
    return roots, total


def _theme_facet(filters: CatalogFilters) -> list[FacetOption]:
    """Top-level themes (their count includes their second-level themes); the second level is
    shown under the selected top-level theme only."""
    rows = (
        filters.apply(Document.objects.published(), skip="theme")
        .filter(theme__isnull=False)
        .order_by()
        .values(
            "theme_id",
            "theme__name",
            "theme__order",
            "theme__parent_id",
            "theme__parent__name",
            "theme__parent__order",
        )
        .annotate(n=Count("pk"))
    )
    selected = filters.theme
    open_top = (selected.parent_id or selected.pk) if selected else None
    tops: dict[int, tuple[int, str, FacetOption]] = {}
    children: dict[int, list[tuple[int, str, FacetOption]]] = defaultdict(list)
    for row in rows:
        top_id = row["theme__parent_id"] or row["theme_id"]
        if top_id not in tops:
            name = row["theme__parent__name"] or row["theme__name"]
            order = row["theme__parent__order"] if row["theme__parent_id"] else row["theme__order"]
            is_selected = selected is not None and top_id == selected.pk
            tops[top_id] = (order, name, FacetOption(name, str(top_id), 0, is_selected))
        tops[top_id][2].count += row["n"]
        if row["theme__parent_id"]:
            child = FacetOption(
                row["theme__name"],
                str(row["theme_id"]),
                row["n"],
                selected is not None and row["theme_id"] == selected.pk,
            )
            children[top_id].append((row["theme__order"], row["theme__name"], child))
    if selected is not None and open_top not in tops:
        # The selected theme has no documents under the other filters; keep it visible.
        top = selected.parent or selected
        tops[top.pk] = (top.order, top.name, FacetOption(top.name, str(top.pk), 0, top == selected))
    if open_top in tops:
        ordered = sorted(children[open_top], key=lambda item: item[:2])
        tops[open_top][2].children = [option for *_, option in ordered]
    return [option for *_, option in sorted(tops.values(), key=lambda item: item[:2])]


def _simple_facet(
    rows: Iterable[Mapping[str, Any]], *, label: str, value: str, selected: object
) -> list[FacetOption]:
    return [
        FacetOption(row[label], str(row[value]), row["n"], str(row[value]) == str(selected))
        for row in rows
    ]


FACET_CACHE_SECONDS = 600


def catalog_changed() -> None:
    """Publishing, withdrawing or a validity change makes the cached counts stale: they are
    kept under the public content's version, which this retires once the change commits."""
    page_cache.public_content_changed()


def catalog_facets(filters: CatalogFilters) -> CatalogFacets:
    """The navigation beside the catalog and the number of matching documents, cached per
    filter combination until the public content changes: counting 100,000 documents five ways
    costs far more than the page itself (see bench/)."""
    return page_cache.until_changed(
        f"catalog-facets:{filters.cache_key}",
        lambda: _catalog_facets(filters),
        timeout=FACET_CACHE_SECONDS,
    )


def _catalog_facets(filters: CatalogFilters) -> CatalogFacets:
    """One query per facet, whatever the data (the genres and years share one while neither
    is chosen)."""
    published = Document.objects.published()
    domains = (
        filters.apply(published, skip="domain")
        .filter(catalog_item__isnull=False)
        .order_by()
        .values("catalog_item__domain__slug", "catalog_item__domain__name")
        .annotate(n=Count("pk"))
        .order_by("catalog_item__domain__order", "catalog_item__domain__name")
    )
    genres, years = _genre_and_year_counts(filters)
    # The historical documents under every filter: counted per year with the years (under every
    # filter but the year's), so summed over the chosen year, or all of them.
    historical = sum(row["historical"] for row in years if filters.year in (None, row["year"]))
    agency_options, total = _agency_facet(filters)
    return CatalogFacets(
        agencies=agency_options,
        total=total,
        themes=_theme_facet(filters),
        domains=_simple_facet(
            domains,
            label="catalog_item__domain__name",
            value="catalog_item__domain__slug",
            selected=filters.domain.slug if filters.domain else None,
        ),
        genres=_simple_facet(
            genres,
            label="genre__name",
            value="genre_id",
            selected=filters.genre.pk if filters.genre else None,
        ),
        years=_simple_facet(years, label="year", value="year", selected=filters.year),
        historical=historical,
    )


def _genre_and_year_counts(
    filters: CatalogFilters,
) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """The genre and year facets' rows (genres in their order, years newest first). Each facet
    counts under every filter but its own; while neither is chosen, that is the same set of
    documents, and one GROUP BY genre and year (a few hundred rows at most) gives both."""
    published = Document.objects.published()
    if filters.genre is not None or filters.year is not None:
        genre_rows = (
            filters.apply(published, skip="genre")
            .filter(genre__isnull=False)
            .order_by()
            .values("genre_id", "genre__name")
            .annotate(n=Count("pk"))
            .order_by("genre__order", "genre__name")
        )
        year_rows = (
            filters.apply(published, skip="year")
            .filter(date_published__isnull=False)
            .annotate(year=ExtractYear("date_published"))
            .order_by()
            .values("year")
            .annotate(n=Count("pk"), historical=Count("pk", filter=Q(is_historical=True)))
            .order_by("-year")
        )
        return list(genre_rows), list(year_rows)
    rows = (
        filters.apply(published)
        .annotate(year=ExtractYear("date_published"))
        .order_by()
        .values("genre_id", "genre__name", "genre__order", "year")
        .annotate(n=Count("pk"), historical=Count("pk", filter=Q(is_historical=True)))
    )
    by_genre: dict[int, dict[str, Any]] = {}
    by_year: dict[int, dict[str, int]] = {}
    for row in rows:
        if row["genre_id"] is not None:
            genre = by_genre.setdefault(
                row["genre_id"],
                {"genre_id": row["genre_id"], "genre__name": row["genre__name"], "n": 0,
                 "order": (row["genre__order"], row["genre__name"])},
            )  # fmt: skip
            genre["n"] += row["n"]
        if row["year"] is not None:
            year = by_year.setdefault(row["year"], {"year": row["year"], "n": 0, "historical": 0})
            year["n"] += row["n"]
            year["historical"] += row["historical"]
    genres: list[Mapping[str, Any]] = sorted(by_genre.values(), key=lambda genre: genre["order"])
    years: list[Mapping[str, Any]] = [by_year[year] for year in sorted(by_year, reverse=True)]
    return genres, years


# --- An agency's catalog ------------------------------------------------------------------


@dataclass
class CatalogEntry:
    """A catalog item with the number of published documents filed under it and the latest."""

    item: CatalogItem
    count: int
    documents: list[Document]


def agency_catalog(agency: Agency, *, per_item: int = 5) -> list[CatalogEntry]:
    """The agency's catalog items in domain order, each with its latest published documents.

    Two queries: the items, and the documents ranked per item with a window function (which
    also counts them), so the page costs the same however large the catalog is.
    """
    items = list(CatalogItem.objects.for_agency(agency).select_related("domain"))
    ranked = (
        Document.objects.published()
        .filter(catalog_item__in=[item.pk for item in items])
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("catalog_item_id")],
                order_by=[F("date_published").desc(), F("id").desc()],
            ),
            filed=Window(Count("pk"), partition_by=[F("catalog_item_id")]),
        )
        .filter(rank__lte=per_item)
        .order_by("catalog_item_id", "rank")
    )
    documents: dict[int, list[Document]] = defaultdict(list)
    counts: dict[int, int] = {}
    for document in ranked:
        documents[document.catalog_item_id].append(document)
        counts[document.catalog_item_id] = document.filed
    return [CatalogEntry(item, counts.get(item.pk, 0), documents[item.pk]) for item in items]


# --- Negative list ------------------------------------------------------------------------

# The categories in the order of domain-spec section 3, not alphabetically by their value.
_CATEGORY_ORDER = Case(
    *(When(category=value, then=Value(rank)) for rank, value in enumerate(NegativeCategory.values)),
    default=Value(len(NegativeCategory.values)),
    output_field=IntegerField(),
)


def negative_list_entries(*, agency: Agency | None = None) -> QuerySet[NegativeListEntry]:
    """Entries in force, by category. The screening keywords are an internal aid for staff and
    are never read for the public pages."""
    entries = NegativeListEntry.objects.in_force().select_related("agency").defer("keywords")
    if agency is not None:
        entries = entries.filter(agency=agency)
    return entries.order_by(_CATEGORY_ORDER, "agency__path", "id")


def agencies_with_negative_lists() -> QuerySet[Agency]:
    in_force = NegativeListEntry.objects.in_force().values("agency_id")
    return Agency.objects.filter(pk__in=in_force).order_by("path")
