"""What the public pages, the API, the feeds, the sitemap, the exports and search read: published
catalogs, their items, and each item's published steps only (a step in the workflow is nobody's
business but its government's). Each decision's published steps are read with it
(``Prefetch(to_attr="published_steps")``), so a catalog's page is a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from decisions import lifecycle
from decisions.models import Decision, DecisionCatalog, DecisionStep, StepKind
from portal import sites
from portal.models import Agency

PER_PAGE = 20
# A decision is its catalog's government's (portal.sites scopes by it).
DECISION_AGENCY = "catalog__agency"


def catalogs() -> QuerySet[DecisionCatalog]:
    return (
        DecisionCatalog.objects.published()
        .select_related("agency")
        .order_by("-year", "agency__path")
    )


def catalog_for(code: str, year: int) -> DecisionCatalog | None:
    return catalogs().filter(agency__code=code, year=year).first()


def decisions_in(found: QuerySet[Decision], site: sites.CurrentSite | None) -> QuerySet[Decision]:
    """``found`` within ``site`` (portal.sites): a decision is its catalog's government's."""
    return sites.scope(found, site, field=DECISION_AGENCY)


def government_in(code: str, site: sites.CurrentSite | None) -> str:
    """``code`` if ``site`` shows that government, else "" (another site's is not offered)."""
    if site is None or not site.root_path:
        return code
    return code if code in {agency.code for agency in sites.site_agencies(site)} else ""


def published_steps() -> QuerySet[DecisionStep]:
    return DecisionStep.objects.published().select_related(
        "consultation", "document", "interpretation"
    )


def decisions() -> QuerySet[Decision]:
    """Items of published catalogs, each with its published steps (``published_steps``)."""
    return (
        Decision.objects.public()
        .select_related("catalog__agency")
        .prefetch_related(Prefetch("steps", published_steps(), to_attr="published_steps"))
        .order_by("-catalog__year", "catalog__agency__path", "number")
    )


def decision_public(pk: int) -> Decision | None:
    return decisions().filter(pk=pk).first()


def decisions_of(catalog: DecisionCatalog) -> QuerySet[Decision]:
    return decisions().filter(catalog=catalog)


def agencies_with_catalogs(site: sites.CurrentSite | None = None) -> QuerySet[Agency]:
    found = Agency.objects.filter(pk__in=catalogs().values("agency_id")).order_by("path")
    return sites.scope(found, site, field="")


def stage_of(decision: Decision) -> StepKind | None:
    return lifecycle.current_stage(step.kind for step in decision.published_steps)


@dataclass(frozen=True)
class TimelineEntry:
    """One step of the procedure on a decision's page: published (``step``), or not yet."""

    kind: StepKind
    step: DecisionStep | None

    @property
    def label(self) -> str:
        return str(self.kind.label)


def timeline(decision: Decision) -> list[TimelineEntry]:
    """Every step of the procedure in order, with the published step where there is one."""
    by_kind = {step.kind: step for step in decision.published_steps}
    return [TimelineEntry(kind, by_kind.get(kind)) for kind in lifecycle.ORDER]


def latest_steps() -> QuerySet[DecisionStep]:
    """Published steps of public decisions, newest first (the feeds)."""
    return (
        published_steps()
        .filter(decision__catalog__status="published")
        .select_related("agency", "decision__catalog__agency")
        .order_by("-published_at", "-id")
    )
