"""财政预决算: the column of published budgets and final accounts (tabs 部门预算, 部门决算,
政府预决算; by year and by agency), one disclosure with its documents, its figures, the "三公"
expenses, its timeliness and the comparison of final accounts with the budget, and the download
of its documents. Nothing unpublished has a public address."""

from __future__ import annotations

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    QueryDict,
)
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from budgets import comparison, deadlines, selectors
from budgets.models import BudgetAttachment, BudgetDisclosure
from portal import sites
from portal.paging import list_page


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    # The site's disclosures and agencies only (portal.sites).
    site = sites.current_site(request)
    filters = selectors.ListFilters.from_query(request.GET, site=site)
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in filters.as_query().items() if value})
    agencies = list(selectors.agencies(site))
    tabs = [
        ("", _("All")),
        (selectors.Tab.DEPARTMENT_BUDGET, _("Department budgets")),
        (selectors.Tab.DEPARTMENT_FINAL, _("Department final accounts")),
        (selectors.Tab.GOVERNMENT, _("Government budgets and final accounts")),
    ]
    tab_links = []
    for code, label in tabs:
        tab_query = query.copy()
        tab_query.pop("page", None)
        if code:
            tab_query["tab"] = code
        else:
            tab_query.pop("tab", None)
        tab_links.append((code, label, tab_query.urlencode()))
    context = {
        "filters": filters,
        "query": query,
        "tabs": tab_links,
        "agencies": agencies,
        "agency": next((a for a in agencies if a.code == filters.agency), None),
        "years": selectors.years(site),
        "page": list_page(request, selectors.disclosures(filters, site), selectors.PER_PAGE),
    }
    return render(request, "budgets/index.html", context)


def detail_context(disclosure: BudgetDisclosure) -> dict[str, object]:
    """What the public page shows (the back office's preview too)."""
    return {
        "disclosure": disclosure,
        "attachments": list(disclosure.attachments.all()),
        "due_date": deadlines.due_date(disclosure.approval_date),
        "published_on": deadlines.published_on(disclosure),
        "timeliness": deadlines.timeliness(disclosure),
        "days_late": deadlines.days_late(disclosure),
        "comparison": comparison.compare(disclosure),
        "counterpart": comparison.counterpart(disclosure),
        "period_days": deadlines.PERIOD_DAYS,
    }


@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    disclosure = selectors.disclosure(pk)
    if disclosure is None:
        raise Http404(_("No published budget or final accounts has this number."))
    # Another site's disclosure: to that site's host (404 if no site shows it).
    if (moved := sites.elsewhere(request, disclosure.agency)) is not None:
        return moved
    return render(request, "budgets/detail.html", detail_context(disclosure))


def file_response(attachment: BudgetAttachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    # FileResponse writes the Chinese name as RFC 5987 filename*=utf-8''...; the stored file
    # has a generated name, and the type is the one found in its bytes at upload.
    return FileResponse(
        handle, as_attachment=True, filename=attachment.original_name,
        content_type=attachment.content_type,
    )  # fmt: skip


@require_safe
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    found = get_object_or_404(
        selectors.published_attachments().select_related("disclosure__agency"), pk=pk
    )
    if (moved := sites.elsewhere(request, found.disclosure.agency)) is not None:
        return moved
    return file_response(found)
