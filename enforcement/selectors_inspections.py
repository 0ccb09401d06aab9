"""What the public pages, the API, the feeds, the sitemap, the exports and search read of
双随机、一公开: published plans, their draw (recorded on a published plan, so public), and the
published results of published plans. Drafts, plans under review and withdrawn plans are in
none of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from enforcement.models import DrawnSubject, InspectionPlan, InspectionResult
from enforcement.selectors import agency_within
from portal import sites
from portal.models import Agency

PER_PAGE = 20


def published_plans() -> QuerySet[InspectionPlan]:
    return (
        InspectionPlan.objects.published()
        .select_related("agency", "draw")
        .order_by("-year", "-published_at", "-id")
    )


def published_results() -> QuerySet[InspectionResult]:
    return (
        InspectionResult.objects.published()
        .select_related("agency", "drawn_subject__subject", "drawn_subject__draw__plan")
        .prefetch_related("drawn_subject__inspectors")
        .order_by("-inspected_on", "-id")
    )


def _drawn_with_results() -> Prefetch:
    return Prefetch(
        "draw__drawn",
        queryset=DrawnSubject.objects.select_related("subject")
        .prefetch_related(
            "inspectors", Prefetch("result", queryset=InspectionResult.objects.published())
        )
        .order_by("position"),
    )


def with_page_data(found: QuerySet[InspectionPlan]) -> QuerySet[InspectionPlan]:
    """Plans with everything their page shows: items, pools, the draw with each subject's
    inspectors and published result, and the rounds before and after."""
    return found.select_related("agency", "draw", "previous_round").prefetch_related(
        "items",
        "subjects",
        "inspectors",
        _drawn_with_results(),
        Prefetch("next_rounds", queryset=InspectionPlan.objects.published()),
    )


def plan_for_page(pk: int) -> InspectionPlan | None:
    return with_page_data(published_plans()).filter(pk=pk).first()


def published_result(drawn: DrawnSubject) -> InspectionResult | None:
    """The drawn subject's result if published (prefetched by ``with_page_data``)."""
    try:
        return drawn.result
    except InspectionResult.DoesNotExist:
        return None


@dataclass(frozen=True)
class PlanFilters:
    agency: str = ""
    year: int | None = None
    q: str = ""
    site_path: str = ""  # the site's subtree ("" : the whole tree); not a filter of the query

    @classmethod
    def from_query(
        cls, query: Mapping[str, str], *, site: sites.CurrentSite | None = None
    ) -> PlanFilters:
        """The filters of ``query``, within ``site`` (an agency outside it is ignored)."""
        year = query.get("year", "").strip()
        return cls(
            agency=agency_within(query.get("agency", "").strip()[:32], site),
            year=int(year) if year.isdecimal() and len(year) == 4 else None,
            q=query.get("q", "").strip()[:100],
            site_path=site.root_path if site is not None else "",
        )

    def as_query(self) -> dict[str, str]:
        return {"agency": self.agency, "year": str(self.year or ""), "q": self.q}


def plans(filters: PlanFilters | None = None) -> QuerySet[InspectionPlan]:
    found = published_plans()
    if filters is None:
        return found
    if filters.site_path:
        found = found.filter(agency__path__startswith=filters.site_path)
    if filters.agency:
        agency = Agency.objects.filter(code=filters.agency).first()
        # An agency's list holds its sub-agencies' plans too.
        found = found.filter(agency__path__startswith=agency.path) if agency else found.none()
    if filters.year:
        found = found.filter(year=filters.year)
    if filters.q:
        words = Q(title__icontains=filters.q) | Q(items__name__icontains=filters.q)
        found = found.filter(pk__in=InspectionPlan.objects.filter(words).values("pk"))
    return found


def agencies_with_plans(site: sites.CurrentSite | None = None) -> QuerySet[Agency]:
    """The agencies with published plans (within ``site``), for the list's chooser."""
    found = Agency.objects.filter(pk__in=InspectionPlan.objects.published().values("agency_id"))
    return sites.scope(found, site, field="").order_by("path")


def years_with_plans(site: sites.CurrentSite | None = None) -> list[int]:
    """The years with published plans (within ``site``)."""
    found = sites.scope(InspectionPlan.objects.published(), site)
    return sorted(found.values_list("year", flat=True).distinct(), reverse=True)
