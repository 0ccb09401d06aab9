"""Public pages of 权力清单 and 责任清单: the catalog (per agency with the agencies below it, by
category with the count of each, by words of the code, name or basis) and an item's page with
its basis, responsibilities, change history and the enforcement decisions made under it. A
withdrawn item keeps its page, which says when and why it left the list."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal import sites
from portal.paging import list_page
from powers import sections, selectors, versions
from publishing.models import Status


@require_safe
def item_list(request: HttpRequest) -> HttpResponse:
    site = sites.current_site(request)
    filters = selectors.ListFilters.from_query(request.GET, site=site)
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in filters.as_query().items() if value})
    counts = selectors.category_counts(filters)
    context = {
        "filters": filters,
        "query": query,
        "agency": selectors.selected_agency(filters),
        "counts": counts,
        "total": sum(count.count for count in counts),
        "agencies": selectors.agencies_with_items(site),
        "page": list_page(request, selectors.items(filters), selectors.PER_PAGE),
    }
    return render(request, "powers/item_list.html", context)


@require_safe
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.public_item(pk)
    if item is None:
        raise Http404(_("No published power item has this number."))
    if (moved := sites.elsewhere(request, item.agency)) is not None:
        return moved
    withdrawn = item.status == Status.WITHDRAWN
    context = {
        "item": item,
        "withdrawn": withdrawn,
        "basis_documents": item.published_basis_documents,
        "history": versions.history(item),
        "sections": sections.sections_for(request, item),
    }
    response = render(request, "powers/item_detail.html", context)
    if withdrawn:
        response["X-Robots-Tag"] = "noindex"
    return response
