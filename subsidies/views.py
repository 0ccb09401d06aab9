"""Public pages of the beneficiary lists: the lists on display with filters (agency with its
sub-agencies, kind, period covered), and one list's page: its 公示期 and supervision phone at
the top, where an objection starts, its totals, and its masked rows, page by page. A list is
shown from the first to the last day of its 公示期, exact to the day; before and after, 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal import sites
from portal.paging import list_page
from subsidies import selectors
from subsidies.models import BeneficiaryList, SubsidyKind


@require_safe
def list_index(request: HttpRequest) -> HttpResponse:
    site = sites.current_site(request)
    filters = selectors.ListFilters.from_query(request.GET, site=site)
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in filters.as_query().items() if value})
    context = {
        "filters": filters,
        "query": query,
        "kinds": SubsidyKind.choices,
        "agencies": selectors.agencies_with_lists(site),
        "periods": selectors.periods_on_display(site),
        "page": list_page(request, selectors.lists(filters), selectors.PER_PAGE),
    }
    return render(request, "subsidies/list_index.html", context)


def detail_context(request: HttpRequest, beneficiary_list: BeneficiaryList) -> dict[str, Any]:
    """The list's page, for the public and for the back office's preview (any status)."""
    keys = beneficiary_list.column_keys()
    page = list_page(request, selectors.rows_of(beneficiary_list), selectors.ROWS_PER_PAGE)
    return {
        "beneficiary_list": beneficiary_list,
        "totals": selectors.list_totals(beneficiary_list),
        "page": page,
        "rows": [(row.number, row.cells(keys)) for row in page.object_list],
        "query": QueryDict(),
    }


@require_safe
def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary_list = selectors.list_on_display(pk)
    if beneficiary_list is None:
        raise Http404(_("No beneficiary list on display has this number."))
    if (moved := sites.elsewhere(request, beneficiary_list.agency)) is not None:
        return moved
    context = detail_context(request, beneficiary_list)
    return render(request, "subsidies/list_detail.html", context)
