"""Public pages: policy interpretations, the policy Q&A and consultations with their comment form.

Every read goes through ``interpretation.selectors``, which only returns published records (and
withdrawn ones for their notice), so nothing unpublished has a public address. Media files are
served through ``media`` here, which checks publication and answers range requests.

Each page is its site's (``portal.sites``): lists of the site's agencies' records, and a record
of an agency outside the site sent on to the site that shows it (``sites.elsewhere``).
"""

from __future__ import annotations

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import get_usage

from interpretation import consultations, selectors
from interpretation.forms import CommentForm
from interpretation.models import Form, Phase, Topic
from portal import ranges, sites
from portal.paging import link, list_page
from publishing.models import Status

# Comments saved per connection; the form is also protected by CSRF and a bot trap.
COMMENT_RATE_PER_IP = "5/h"
COMMENT_DONE_SESSION_KEY = "interpretation.comment_done"


# --- Interpretations ----------------------------------------------------------------------


@require_GET
def interpretation_list(request: HttpRequest) -> HttpResponse:
    site = sites.current_site(request)
    filters = selectors.parse_filters(request.GET, site=site)
    query = QueryDict(mutable=True)
    if filters.form:
        query["form"] = filters.form
    if filters.agency:
        query["agency"] = filters.agency.code
    if filters.year:
        query["year"] = str(filters.year)
    counts = selectors.form_counts(filters, site)
    forms = [
        {
            "label": _("All forms"),
            "count": sum(counts.values()),
            "url": link(query, form=None),
            "current": not filters.form,
        },
        *(
            {
                "label": label,
                "count": counts.get(value, 0),
                "url": link(query, form=value),
                "current": value == filters.form,
            }
            for value, label in Form.choices
            if counts.get(value) or value == filters.form
        ),
    ]
    context = {
        "filters": filters,
        "query": query,
        "forms": forms,
        "agencies": list(selectors.interpreting_agencies(site)),
        "years": selectors.publication_years(site),
        "page": list_page(
            request, filters.apply(selectors.published_interpretations(site)), selectors.PER_PAGE
        ),
    }
    return render(request, "interpretation/interpretation_list.html", context)


@require_GET
def interpretation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interpretation = get_object_or_404(selectors.public_interpretations(), pk=pk)
    if (moved := sites.elsewhere(request, interpretation.agency)) is not None:
        return moved
    # A withdrawn interpretation keeps its address with a notice only, like a document.
    withdrawn = interpretation.status == Status.WITHDRAWN
    if withdrawn:
        context = {"interpretation": interpretation}
    else:
        context = selectors.interpretation_page(interpretation, sites.current_site(request))
    response = render(
        request,
        "interpretation/interpretation_detail.html",
        {**context, "withdrawn": withdrawn, "preview": False},
    )
    if withdrawn:
        response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "HEAD"])
def media(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An image, audio, video, poster or captions file of a published interpretation."""
    item = get_object_or_404(
        selectors.published_media().select_related("interpretation__agency"), pk=pk
    )
    if (moved := sites.elsewhere(request, item.interpretation.agency)) is not None:
        return moved
    try:
        return ranges.ranged_response(
            request, item.file, content_type=item.content_type, filename=item.original_name
        )
    except FileNotFoundError as error:
        raise Http404 from error


# --- Policy Q&A ---------------------------------------------------------------------------


@require_GET
def question_list(request: HttpRequest) -> HttpResponse:
    site = sites.current_site(request)
    topics = selectors.topics_with_questions(site)
    slug = request.GET.get("topic", "").strip()[:50]
    topic = Topic.objects.filter(slug=slug).first() if slug else None
    query = QueryDict(mutable=True)
    if topic is not None:
        query["topic"] = topic.slug
    context = {
        "topics": topics,
        "topic": topic,
        "unknown_topic": bool(slug) and topic is None,
        "query": query,
        "page": list_page(request, selectors.published_questions(topic, site), selectors.PER_PAGE),
    }
    return render(request, "interpretation/question_list.html", context)


@require_GET
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(selectors.published_questions().prefetch_related(None), pk=pk)
    if (moved := sites.elsewhere(request, found.agency)) is not None:
        return moved
    # With its topics and the documents the site shows.
    question = selectors.published_questions(site=sites.current_site(request)).get(pk=pk)
    return render(request, "interpretation/question_detail.html", {"question": question})


# --- Consultations ------------------------------------------------------------------------


@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    groups: dict[str, list] = {Phase.OPEN: [], Phase.UPCOMING: [], Phase.CLOSED: []}
    for consultation in selectors.published_consultations(sites.current_site(request)):
        groups[consultation.phase(today)].append(consultation)
    context = {
        "open": groups[Phase.OPEN],
        "upcoming": groups[Phase.UPCOMING],
        "closed": groups[Phase.CLOSED],
        "today": today,
    }
    return render(request, "interpretation/consultation_list.html", context)


def _comment_limited(request: HttpRequest, *, count: bool) -> bool:
    usage = get_usage(
        request,
        group="interpretation.comment.ip",
        key="ip",
        rate=COMMENT_RATE_PER_IP,
        increment=count,
    )
    if usage is None:
        return False
    return usage["should_limit"] if count else usage["count"] >= usage["limit"]


@never_cache
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()  # commenters' contacts never reach error reports
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_object_or_404(selectors.public_consultations(), pk=pk)
    if (moved := sites.elsewhere(request, consultation.agency)) is not None:
        return moved
    withdrawn = consultation.status == Status.WITHDRAWN
    phase = consultation.phase()
    accepting = not withdrawn and phase == Phase.OPEN
    form = CommentForm(request.POST or None) if accepting else None
    if request.method == "POST":
        if form is None:  # not accepting comments
            return render(
                request,
                "interpretation/comment_closed.html",
                {"consultation": consultation},
                status=403,
            )
        if _comment_limited(request, count=False):
            return _rate_limited(request)
        if form.is_valid():
            # Only comments that would be saved count against the limit.
            if _comment_limited(request, count=True):
                return _rate_limited(request)
            consultations.comment_submit(
                consultation=consultation,
                name=form.cleaned_data["name"],
                contact=form.cleaned_data["contact"],
                body=form.cleaned_data["body"],
            )
            request.session[COMMENT_DONE_SESSION_KEY] = consultation.pk
            return redirect("interpretation:comment_done", pk=consultation.pk)
    context = {
        "consultation": consultation,
        "withdrawn": withdrawn,
        "phase": phase,
        "form": form,
        "attachments": [] if withdrawn else list(consultation.attachments.all()),
        "comments": [] if withdrawn else list(selectors.approved_comments(consultation)),
        "summary": consultations.adoption_summary(consultation)
        if consultation.report_published_at
        else None,
        "preview": False,
    }
    response = render(request, "interpretation/consultation_detail.html", context)
    if withdrawn:
        response["X-Robots-Tag"] = "noindex"
    return response


def _rate_limited(request: HttpRequest) -> HttpResponse:
    return render(request, "interpretation/rate_limited.html", status=429)


@never_cache
@require_GET
def comment_done(request: HttpRequest, pk: int) -> HttpResponse:
    if request.session.get(COMMENT_DONE_SESSION_KEY) != pk:
        return redirect("interpretation:consultation", pk=pk)
    consultation = get_object_or_404(
        selectors.published_consultations(sites.current_site(request)), pk=pk
    )
    return render(request, "interpretation/comment_done.html", {"consultation": consultation})


@require_GET
def consultation_attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    attachment = get_object_or_404(
        selectors.published_consultation_attachments().select_related("consultation__agency"),
        pk=pk,
    )
    if (moved := sites.elsewhere(request, attachment.consultation.agency)) is not None:
        return moved
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
