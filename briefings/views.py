"""Public pages of the 新闻发布会 column: the list (announced conferences still to come first,
then past ones by date, filtered by kind, host agency with its departments, and year), a
conference's page (announcement, speakers, transcript with its headings, pictures, video with
captions, linked documents and interpretations) and its media files. Only published
conferences have a page; a withdrawn one shows a notice only.

Each page is its site's (``portal.sites``): the list holds the site's agencies' conferences, and
a conference of an agency outside the site is sent on to the site that shows it."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from briefings import selectors
from briefings.models import Kind
from portal import ranges, sites
from portal.paging import list_page
from publishing.models import Status


@require_safe
def conference_list(request: HttpRequest) -> HttpResponse:
    site = sites.current_site(request)
    filters = selectors.Filters.from_query(request.GET)
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in filters.as_query().items() if value})
    page = list_page(request, selectors.past(filters, site=site), selectors.PER_PAGE)
    context = {
        "filters": filters,
        "query": query,
        "kinds": Kind.choices,
        "agencies": selectors.agencies_with_conferences(site),
        "years": selectors.years_with_conferences(site),
        # The announcements stand above the first page only.
        "upcoming": selectors.upcoming(filters, site=site) if page.number == 1 else [],
        "page": page,
    }
    return render(request, "briefings/conference_list.html", context)


@require_safe
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(selectors.public_conferences(), pk=pk)
    if (moved := sites.elsewhere(request, conference.agency)) is not None:
        return moved
    if conference.status == Status.WITHDRAWN:
        context = {"conference": conference, "withdrawn": True}
    else:
        context = selectors.conference_page(conference, site=sites.current_site(request))
    return render(request, "briefings/conference_detail.html", context)


@require_safe
def media(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A picture, the video, its poster or captions of a published record, with range
    requests (the player seeks)."""
    item = get_object_or_404(
        selectors.published_media().select_related("record__conference__agency"), pk=pk
    )
    if (moved := sites.elsewhere(request, item.record.conference.agency)) is not None:
        return moved
    try:
        return ranges.ranged_response(
            request, item.file, content_type=item.content_type, filename=item.original_name
        )
    except FileNotFoundError as error:
        raise Http404 from error
