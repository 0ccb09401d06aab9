"""Public pages of major decisions: the catalogs by government and year; one catalog with each
decision's current stage; one decision with its procedure as a timeline of published steps,
linking its consultation, decision document and interpretation."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from decisions import lifecycle, selectors
from decisions.models import Decision, DecisionCatalog

# A year in the URL is four digits; anything else is no catalog's.
_YEARS = range(2019, 2100)


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    agency = request.GET.get("agency", "").strip()[:32]
    found = selectors.catalogs()
    if agency:
        found = found.filter(agency__code=agency)
    context = {
        "catalogs": list(found),
        "agencies": selectors.agencies_with_catalogs(),
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
def catalog_detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    catalog = selectors.catalog_for(code, year) if year in _YEARS else None
    if catalog is None:
        raise Http404(_("No published catalog of major decisions for this government and year."))
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
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_public(pk)
    if decision is None:
        raise Http404(_("No published major decision has this number."))
    return render(request, "decisions/decision_detail.html", decision_context(decision))
