"""Public pages of major decisions: the catalogs by government and year; one catalog with each
decision's current stage; one decision with its procedure as a timeline of published steps,
linking its consultation, decision document and interpretation."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from decisions import lifecycle, selectors
from decisions.models import Decision, DecisionCatalog
from portal import sites

# A year in the URL is four digits; anything else is no catalog's.
_YEARS = range(2019, 2100)


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    # The site's catalogs only (portal.sites); another site's government is not offered, and
    # asked for, it is ignored, as in the document catalog.
    site = sites.current_site(request)
    agency = selectors.government_in(request.GET.get("agency", "").strip()[:32], site)
    found = sites.scope(selectors.catalogs(), site)
    if agency:
        found = found.filter(agency__code=agency)
    context = {
        "catalogs": list(found),
        "agencies": selectors.agencies_with_catalogs(site),
        "agency": agency,
    }
    return render(request, "decisions/index.html", context)


def catalog_context(catalog: DecisionCatalog, decisions: list[Decision]) -> dict[str, Any]:
    rows = []
    for decision in decisions:
        published = [step.kind for step in decision.published_steps]
        rows.append(
            {
                "decision": decision,
                "stage": lifecycle.current_stage(published),
                "complete": lifecycle.is_complete(published),
            }
        )
    return {"catalog": catalog, "rows": rows}


@require_safe
def catalog_detail(request: HttpRequest, code: str, year: int) -> HttpResponseBase:
    catalog = selectors.catalog_for(code, year) if year in _YEARS else None
    if catalog is None:
        raise Http404(_("No published catalog of major decisions for this government and year."))
    # Another site's government: to that site's host (404 if no site shows it).
    if (moved := sites.elsewhere(request, catalog.agency)) is not None:
        return moved
    decisions = list(selectors.decisions_of(catalog))
    return render(request, "decisions/catalog.html", catalog_context(catalog, decisions))


def decision_context(decision: Decision) -> dict[str, Any]:
    published = [step.kind for step in decision.published_steps]
    by_kind = {step.kind: step for step in decision.published_steps}
    decision_step = by_kind.get("decision")
    return {
        "decision": decision,
        "catalog": decision.catalog,
        "timeline": selectors.timeline(decision),
        "stage": lifecycle.current_stage(published),
        "complete": lifecycle.is_complete(published),
        "consultation_step": by_kind.get("pre_disclosure"),
        "decision_step": decision_step,
    }


@require_safe
def decision_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    decision = selectors.decision_public(pk)
    if decision is None:
        raise Http404(_("No published major decision has this number."))
    if (moved := sites.elsewhere(request, decision.catalog.agency)) is not None:
        return moved
    return render(request, "decisions/decision_detail.html", decision_context(decision))
