"""Public pages of 行政执法公示: the list of decisions on display with filters (kind, agency with
its sub-agencies, decision dates, words of the number or summary) and one decision's page. A
decision whose 公示期 has ended is gone from both (404), exact to the day."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from enforcement import selectors
from enforcement.models import DecisionKind
from portal import sites
from portal.paging import list_page


@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    site = sites.current_site(request)
    filters = selectors.ListFilters.from_query(request.GET, site=site)
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in filters.as_query().items() if value})
    context = {
        "filters": filters,
        "query": query,
        "kinds": DecisionKind.choices,
        "agencies": selectors.agencies_with_decisions(site),
        "power_item": selectors.power_item_of(filters),
        "page": list_page(request, selectors.decisions(filters), selectors.PER_PAGE),
    }
    return render(request, "enforcement/decision_list.html", context)


@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.on_display().filter(pk=pk).first()
    if decision is None:
        raise Http404(_("No enforcement decision on display has this number."))
    if (moved := sites.elsewhere(request, decision.agency)) is not None:
        return moved
    return render(request, "enforcement/decision_detail.html", {"decision": decision})
