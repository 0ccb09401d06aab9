"""电子公报: the published issues by year, newest first (filtered by gazette and year), a
gazette's archive of one year with each issue's contents, one issue with its table of contents
linked to the documents, and the PDF of the issue. Nothing unpublished has a public address."""

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

from gazette import selectors
from gazette.models import Gazette, Issue
from portal import sites
from portal.paging import list_page


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    site = sites.current_site(request)
    filters = selectors.ListFilters.from_query(request.GET, site=site)
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in filters.as_query().items() if value})
    gazettes = list(selectors.gazettes(site))
    years = selectors.years_by_gazette(site)
    for gazette in gazettes:
        gazette.archive_years = years.get(gazette.pk, [])  # type: ignore[attr-defined]
    context = {
        "filters": filters,
        "query": query,
        "gazettes": gazettes,
        "gazette": next((g for g in gazettes if g.slug == filters.gazette), None),
        "years": selectors.years(filters.gazette, site),
        "page": list_page(request, selectors.issues(filters), selectors.PER_PAGE),
    }
    return render(request, "gazette/issue_list.html", context)


@require_safe
def year_archive(request: HttpRequest, gazette: str, year: int) -> HttpResponse:
    found = get_object_or_404(Gazette.objects.select_related("agency"), slug=gazette)
    issues = list(
        selectors.with_entries(selectors.issues(selectors.ListFilters(gazette, year))).order_by(
            "number", "id"
        )
    )
    if not issues:
        raise Http404(_("No issue of this gazette was published in this year."))
    # Another site's gazette: to the site that shows it (a year without issues is a 404 on
    # every site, not a redirect to one).
    if (moved := sites.elsewhere(request, found.agency)) is not None:
        return moved
    context = {
        "gazette": found,
        "year": year,
        "issues": [(issue, selectors.contents(issue)) for issue in issues],
        "years": selectors.years(gazette),
    }
    return render(request, "gazette/year_archive.html", context)


def _published_issue(gazette: str, year: int, number: int) -> Issue:
    issue = selectors.issue(gazette, year, number)
    if issue is None:
        raise Http404(_("No published issue of a gazette has this number."))
    return issue


@require_safe
def issue_detail(request: HttpRequest, gazette: str, year: int, number: int) -> HttpResponse:
    issue = _published_issue(gazette, year, number)
    if (moved := sites.elsewhere(request, issue.agency)) is not None:
        return moved
    previous, following = selectors.neighbours(issue)
    context = {
        "issue": issue,
        "sections": selectors.contents(issue),
        "previous": previous,
        "following": following,
    }
    return render(request, "gazette/issue_detail.html", context)


def pdf_response(issue: Issue) -> FileResponse:
    """The issue's PDF, as a download named after the issue (丽水市人民政府公报2026年第5期.pdf)."""
    if not issue.pdf:
        raise Http404
    try:
        handle = issue.pdf.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    # FileResponse writes the Chinese name as RFC 5987 filename*=utf-8''..., with an ASCII
    # fallback; the stored file has a generated name.
    return FileResponse(
        handle, as_attachment=True, filename=issue.pdf_download_name, content_type="application/pdf"
    )


@require_safe
def issue_pdf(request: HttpRequest, gazette: str, year: int, number: int) -> HttpResponseBase:
    issue = _published_issue(gazette, year, number)
    if (moved := sites.elsewhere(request, issue.agency)) is not None:
        return moved
    return pdf_response(issue)
