"""What the public pages, the API, the feeds, the sitemap, the exports, search and the document
pages read: published issues only, with their contents in the gazette's order of 栏目."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from disclosure.models import Document
from gazette.models import Entry, Gazette, Issue
from portal import sites
from portal.models import Agency

PER_PAGE = 40
# What an entry shows of its document: never the body, only the title, number and status.
_DOCUMENT_FIELDS = ("document__title", "document__doc_number", "document__status")


def published_issues() -> QuerySet[Issue]:
    return (
        Issue.objects.published()
        .select_related("gazette", "agency")
        .order_by("-year", "-publication_date", "-number", "-id")
    )


def entries() -> QuerySet[Entry]:
    return (
        Entry.objects.select_related("section", "document")
        .only("issue_id", "order", "text", "page", "section__name", "section__order",
              "document_id", *_DOCUMENT_FIELDS)
        .order_by("section__order", "section_id", "order", "id")
    )  # fmt: skip


def with_entries(issues: QuerySet[Issue]) -> QuerySet[Issue]:
    return issues.prefetch_related(Prefetch("entries", queryset=entries()))


@dataclass
class Section:
    """A 栏目 of one issue, with its entries in order."""

    name: str
    entries: list[Entry] = field(default_factory=list)


def contents(issue: Issue) -> list[Section]:
    """The issue's table of contents: its 栏目 in the gazette's order, each with its entries
    (from the prefetch when there is one)."""
    sections: list[Section] = []
    for entry in issue.entries.all():
        if not sections or sections[-1].name != entry.section.name:
            sections.append(Section(entry.section.name))
        sections[-1].entries.append(entry)
    return sections


@dataclass(frozen=True)
class ListFilters:
    gazette: str = ""
    year: int | None = None
    site_path: str = ""  # the site's subtree ("" : the whole tree); not a filter of the query

    @classmethod
    def from_query(
        cls, query: Mapping[str, str], *, site: sites.CurrentSite | None = None
    ) -> ListFilters:
        """The filters of ``query``, within ``site`` (a gazette belongs to its agency's)."""
        year = query.get("year", "").strip()
        return cls(
            gazette=query.get("gazette", "").strip()[:40],
            year=int(year) if year.isdigit() and 1949 <= int(year) <= 2999 else None,
            site_path=site.root_path if site is not None else "",
        )

    def as_query(self) -> dict[str, str]:
        return {"gazette": self.gazette, "year": str(self.year) if self.year else ""}


def issues(filters: ListFilters | None = None) -> QuerySet[Issue]:
    found = published_issues()
    if filters is None:
        return found
    if filters.site_path:
        found = found.filter(agency__path__startswith=filters.site_path)
    if filters.gazette:
        found = found.filter(gazette__slug=filters.gazette)
    if filters.year is not None:  # year 0 of /gazette/<slug>/0/ is a year with no issue
        found = found.filter(year=filters.year)
    return found


def gazettes(site: sites.CurrentSite | None = None) -> QuerySet[Gazette]:
    """The gazettes with at least one published issue (of ``site``'s agencies: a gazette
    belongs to the agency that publishes it)."""
    found = Gazette.objects.filter(pk__in=published_issues().values("gazette_id"))
    return sites.scope(found, site).select_related("agency")


def years(gazette: str = "", site: sites.CurrentSite | None = None) -> list[int]:
    found = sites.scope(published_issues(), site)
    if gazette:
        found = found.filter(gazette__slug=gazette)
    return sorted(set(found.values_list("year", flat=True)), reverse=True)


def years_by_gazette(site: sites.CurrentSite | None = None) -> dict[int, list[int]]:
    """Each gazette's years with published issues (within ``site``), the latest first (one
    query)."""
    found: dict[int, list[int]] = {}
    pairs = (
        sites.scope(published_issues(), site)
        .order_by("gazette_id", "-year")
        .values_list("gazette_id", "year")
    )
    for gazette_id, year in pairs.distinct():
        found.setdefault(gazette_id, []).append(year)
    return found


def issue(gazette: str, year: int, number: int) -> Issue | None:
    return (
        with_entries(published_issues())
        .filter(gazette__slug=gazette, year=year, number=number)
        .first()
    )


def neighbours(issue: Issue) -> tuple[Issue | None, Issue | None]:
    """The previous and the next published issue of the same gazette."""
    same = published_issues().filter(gazette_id=issue.gazette_id)
    earlier = same.filter(year__lte=issue.year).exclude(year=issue.year, number__gte=issue.number)
    later = same.filter(year__gte=issue.year).exclude(year=issue.year, number__lte=issue.number)
    return (
        earlier.order_by("-year", "-number").first(),
        later.order_by("year", "number").first(),
    )


def appearances(document: Document) -> QuerySet[Issue]:
    """The published issues that print ``document``, the first first."""
    return (
        Issue.objects.published()
        .filter(entries__document=document)
        .select_related("gazette", "agency")
        .distinct()
        .order_by("publication_date", "year", "number")
    )


def agency_issues(agency: Agency | None) -> QuerySet[Issue]:
    """Published issues of the gazettes of ``agency`` and the agencies below it (all if None)."""
    found = published_issues()
    if agency is not None:
        found = found.filter(agency__path__startswith=agency.path)
    return found


def issues_with_counts(agency: Agency | None) -> QuerySet[Issue]:
    return agency_issues(agency).annotate(entry_count=Count("entries"))


def agency_entries(agency: Agency | None) -> QuerySet[Entry]:
    """The contents of the published issues (of ``agency``'s gazettes and below, or all)."""
    return (
        Entry.objects.filter(issue__in=agency_issues(agency).values("pk"))
        .select_related("issue__gazette", "section", "document")
        .defer("document__body", "document__summary")
        .order_by("-issue__year", "-issue__number", "issue_id", "section__order", "order", "id")
    )
