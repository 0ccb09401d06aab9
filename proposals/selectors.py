"""What the public pages, the API, the feeds, the sitemap, the exports, search and the
statistics read: published suggestions and proposals, never a draft or a withdrawn one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from portal import sites
from portal.models import Agency
from proposals.models import Kind, Proposal, ReplyCategory

PER_PAGE = 30


def published() -> QuerySet[Proposal]:
    return (
        Proposal.objects.published()
        .select_related("agency")
        .prefetch_related(Prefetch("assisting_agencies", queryset=Agency.objects.order_by("path")))
        .order_by("-year", "kind", "number", "id")
    )


def public_proposal(pk: int) -> Proposal | None:
    return published().filter(pk=pk).first()


def newest() -> QuerySet[Proposal]:
    """Newly published replies first (the feed)."""
    return published().order_by("-published_at", "-id")


def years(site: sites.CurrentSite | None = None) -> list[int]:
    """The years with published replies of ``site``'s agencies (portal.sites)."""
    found = sites.scope(Proposal.objects.published(), site)
    return list(found.order_by("-year").values_list("year", flat=True).distinct())


@dataclass(frozen=True)
class ListFilters:
    year: int | None = None
    kind: str = ""
    category: str = ""
    agency: str = ""
    q: str = ""

    @classmethod
    def from_query(
        cls, query: Mapping[str, str], *, site: sites.CurrentSite | None = None
    ) -> ListFilters:
        """The filters of ``query``; an agency outside ``site`` is ignored (not offered)."""
        year = query.get("year", "").strip()
        kind = query.get("kind", "").strip()
        category = query.get("category", "").strip()
        return cls(
            year=int(year) if year.isdigit() and len(year) == 4 else None,
            kind=kind if kind in Kind.values else "",
            category=category if category in ReplyCategory.values else "",
            agency=sites.agency_code_in(query.get("agency", "").strip()[:32], site),
            q=query.get("q", "").strip()[:100],
        )

    def as_query(self) -> dict[str, str]:
        return {"year": str(self.year or ""), "kind": self.kind, "category": self.category,
                "agency": self.agency, "q": self.q}  # fmt: skip


def proposals(filters: ListFilters, site: sites.CurrentSite | None = None) -> QuerySet[Proposal]:
    """Published replies of ``site``'s agencies (portal.sites) matching ``filters``."""
    found = sites.scope(published(), site)
    if filters.year:
        found = found.filter(year=filters.year)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.category:
        found = found.filter(category=filters.category)
    if filters.agency:
        found = found.filter(agency__code=filters.agency)
    if filters.q:
        found = found.filter(title__icontains=filters.q)
    return found


def lead_agencies(site: sites.CurrentSite | None = None) -> QuerySet[Agency]:
    found = Agency.objects.filter(pk__in=Proposal.objects.published().values("agency_id"))
    return sites.scope(found, site, field="").order_by("path")


def selected_agency(filters: ListFilters) -> Agency | None:
    return Agency.objects.filter(code=filters.agency).first() if filters.agency else None
