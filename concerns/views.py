"""Public pages of 回应关切: the published responses, newest first, with filters (agency with
its sub-agencies, kind), and one response's page; each site shows its own agencies' (another
site's response answers with a 301 to the site that shows it). They show the response's own
title, text, links and publication time, never the register: not the source, category,
summary or the time the concern was found."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from concerns import selectors
from concerns.models import ResponseKind
from portal import sites
from portal.paging import list_page


@require_safe
def response_index(request: HttpRequest) -> HttpResponse:
    site = sites.current_site(request)  # the site's own agencies' responses (portal.sites)
    filters = selectors.ResponseFilters.from_query(request.GET)
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in filters.as_query().items() if value})
    responses = selectors.responses(filters, site=site)
    context = {
        "filters": filters,
        "query": query,
        "kinds": ResponseKind.choices,
        "agencies": selectors.agencies_with_responses(site),
        "page": list_page(request, responses, selectors.PER_PAGE),
    }
    return render(request, "concerns/response_index.html", context)


@require_safe
def response_detail(request: HttpRequest, pk: int) -> HttpResponse:
    response = selectors.published_response(pk)
    if response is None:
        raise Http404(_("No published response has this number."))
    # Another site's response: to the site that shows it (its old address keeps working).
    if (moved := sites.elsewhere(request, response.agency)) is not None:
        return moved
    return render(request, "concerns/response_detail.html", {"response": response})
