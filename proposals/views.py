"""Public pages of 建议提案办理结果公开: the list of published replies (by year, kind, category
and lead agency), a reply's page, and the year's statistics."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal import sites
from portal.paging import list_page
from proposals import deadlines, selectors, statistics
from proposals.models import Kind, ReplyCategory


@require_safe
def proposal_list(request: HttpRequest) -> HttpResponse:
    # The site's replies and agencies only (portal.sites).
    site = sites.current_site(request)
    filters = selectors.ListFilters.from_query(request.GET, site=site)
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in filters.as_query().items() if value})
    context = {
        "filters": filters,
        "query": query,
        "years": selectors.years(site),
        "kinds": Kind.choices,
        "categories": ReplyCategory.choices,
        "agencies": selectors.lead_agencies(site),
        "agency": selectors.selected_agency(filters),
        "page": list_page(request, selectors.proposals(filters, site), selectors.PER_PAGE),
    }
    return render(request, "proposals/proposal_list.html", context)


@require_safe
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    proposal = selectors.public_proposal(pk)
    if proposal is None:
        raise Http404(_("No published reply has this number."))
    # Another site's reply: to that site's host (404 if no site shows it).
    if (moved := sites.elsewhere(request, proposal.agency)) is not None:
        return moved
    context = {
        "proposal": proposal,
        "due": deadlines.reply_due(proposal.received_on),
        "late": deadlines.is_late(proposal),
    }
    return render(request, "proposals/proposal_detail.html", context)


@require_safe
def proposal_statistics(request: HttpRequest) -> HttpResponse:
    site = sites.current_site(request)
    years = selectors.years(site)
    asked = request.GET.get("year", "")
    year = int(asked) if asked.isdigit() and int(asked) in years else (years[0] if years else None)
    context = {
        "years": years,
        "year": year,
        "stats": statistics.year_statistics(year, site=site) if year else None,
    }
    return render(request, "proposals/statistics.html", context)
