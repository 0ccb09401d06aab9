"""What the public pages, the API, the feeds, the sitemap, the exports and search read:
published disclosures only, with their agency and documents."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from budgets.models import BudgetAttachment, BudgetDisclosure, Kind, Scope
from portal import sites
from portal.models import Agency

PER_PAGE = 30


class Tab:
    """The column's tabs: 部门预算, 部门决算, 政府预决算."""

    DEPARTMENT_BUDGET = "department-budget"
    DEPARTMENT_FINAL = "department-final"
    GOVERNMENT = "government"
    ALL = (DEPARTMENT_BUDGET, DEPARTMENT_FINAL, GOVERNMENT)


def published_disclosures() -> QuerySet[BudgetDisclosure]:
    return (
        BudgetDisclosure.objects.published()
        .select_related("agency")
        .order_by("-year", "scope", "agency__path", "kind", "-id")
    )


def with_attachments(disclosures: QuerySet[BudgetDisclosure]) -> QuerySet[BudgetDisclosure]:
    return disclosures.prefetch_related(
        Prefetch("attachments", queryset=BudgetAttachment.objects.order_by("order", "id"))
    )


def published_attachments() -> QuerySet[BudgetAttachment]:
    return BudgetAttachment.objects.filter(disclosure__in=BudgetDisclosure.objects.published())


@dataclass(frozen=True)
class ListFilters:
    tab: str = ""
    year: int | None = None
    agency: str = ""  # an agency's code

    @classmethod
    def from_query(
        cls, query: Mapping[str, str], *, site: sites.CurrentSite | None = None
    ) -> ListFilters:
        """The filters of ``query``; an agency outside ``site`` is ignored (not offered)."""
        year = query.get("year", "").strip()
        tab = query.get("tab", "").strip()
        return cls(
            tab=tab if tab in Tab.ALL else "",
            year=int(year) if year.isdigit() and 2000 <= int(year) <= 2999 else None,
            agency=sites.agency_code_in(query.get("agency", "").strip()[:40], site),
        )

    def as_query(self) -> dict[str, str]:
        return {"tab": self.tab, "year": str(self.year) if self.year else "",
                "agency": self.agency}  # fmt: skip


def disclosures(
    filters: ListFilters | None = None, site: sites.CurrentSite | None = None
) -> QuerySet[BudgetDisclosure]:
    """Published disclosures of ``site``'s agencies (portal.sites) matching ``filters``."""
    found = sites.scope(published_disclosures(), site)
    if filters is None:
        return found
    if filters.tab == Tab.DEPARTMENT_BUDGET:
        found = found.filter(scope=Scope.DEPARTMENT, kind=Kind.BUDGET)
    elif filters.tab == Tab.DEPARTMENT_FINAL:
        found = found.filter(scope=Scope.DEPARTMENT, kind=Kind.FINAL)
    elif filters.tab == Tab.GOVERNMENT:
        found = found.filter(scope=Scope.GOVERNMENT)
    if filters.year:
        found = found.filter(year=filters.year)
    if filters.agency:
        found = found.filter(agency__code=filters.agency)
    return found


def disclosure(pk: int) -> BudgetDisclosure | None:
    return with_attachments(published_disclosures()).filter(pk=pk).first()


def years(site: sites.CurrentSite | None = None) -> list[int]:
    return list(
        sites.scope(BudgetDisclosure.objects.published(), site).order_by("-year")
        .values_list("year", flat=True).distinct()
    )  # fmt: skip


def agencies(site: sites.CurrentSite | None = None) -> QuerySet[Agency]:
    """The agencies (of ``site``) with a published disclosure, in the order of the tree."""
    found = Agency.objects.filter(pk__in=BudgetDisclosure.objects.published().values("agency_id"))
    return sites.scope(found, site, field="").order_by("path")


def for_agency(agency: Agency) -> QuerySet[BudgetDisclosure]:
    return published_disclosures().filter(agency=agency)
