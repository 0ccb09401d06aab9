"""Public pages of 双随机、一公开: the published inspection plans with filters (agency with its
sub-agencies, year, words of the title or items), and one plan's page: its items, the share to
draw, the pools, the draw (seed, subjects, inspectors, checked again on every view) and the
published results. A plan not published (or withdrawn) is not found."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from enforcement import draws, inspections
from enforcement import selectors_inspections as selectors
from enforcement.models import InspectionDraw, InspectionPlan
from portal import sites
from portal.paging import list_page
from publishing.models import Status


@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    site = sites.current_site(request)
    filters = selectors.PlanFilters.from_query(request.GET, site=site)
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in filters.as_query().items() if value})
    found = selectors.plans(filters).annotate(
        drawn_total=Count("draw__drawn", distinct=True),
        result_total=Count(
            "draw__drawn__result",
            filter=Q(draw__drawn__result__status=Status.PUBLISHED),
            distinct=True,
        ),
    )
    context = {
        "filters": filters,
        "query": query,
        "agencies": selectors.agencies_with_plans(site),
        "years": selectors.years_with_plans(site),
        "page": list_page(request, found, selectors.PER_PAGE),
    }
    return render(request, "enforcement/inspections/plan_list.html", context)


def _draw(plan: InspectionPlan) -> InspectionDraw | None:
    try:
        return plan.draw
    except InspectionDraw.DoesNotExist:
        return None


def page_context(plan: InspectionPlan) -> dict[str, Any]:
    """What a plan's page shows (also the back office's preview of a plan in any status)."""
    record = _draw(plan)
    rows = []
    if record is not None:
        rows = [(drawn, selectors.published_result(drawn)) for drawn in record.drawn.all()]
    return {
        "plan": plan,
        "draw": record,
        "rows": rows,
        "verified": record is not None and inspections.draw_verify(record),
        "algorithm": draws.ALGORITHM,
        "previous_round": plan.previous_round if plan.previous_round_id else None,
        "next_rounds": list(plan.next_rounds.all()),
    }


@require_safe
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for_page(pk)
    if plan is None:
        raise Http404(_("No published inspection plan has this number."))
    if (moved := sites.elsewhere(request, plan.agency)) is not None:
        return moved
    return render(request, "enforcement/inspections/plan_detail.html", page_context(plan))
