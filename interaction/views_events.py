"""Public pages of online interviews and public meetings, and the form to apply to attend.

Every read goes through ``interaction.selectors_events``: published records only (a withdrawn
one keeps its address with a notice), and the site's own (portal.sites): the lists show its
agencies' records, and another site's record answers with a 301 to the site that shows it.
The application form is protected by CSRF, a bot trap and a limit per connection
(``portal.limits``); what applicants give is never shown back.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from interaction import events, selectors_events
from interaction.forms_events import MeetingApplicationForm
from interaction.models.events import (
    ApplicationPhase,
    InterviewMedia,
    Meeting,
    MeetingAttachment,
)
from portal import ranges, sites
from portal.limits import over_limit
from publishing.models import Status

APPLIED_SESSION_KEY = "interaction.meeting_applied"


def _file_response(
    item: InterviewMedia | MeetingAttachment, *, as_attachment: bool
) -> FileResponse:
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=item.original_name,
        content_type=item.content_type,
    )


# --- Interviews ---------------------------------------------------------------------------


@require_GET
def interview_list(request: HttpRequest) -> HttpResponse:
    interviews = selectors_events.interviews_upcoming_then_past(site=sites.current_site(request))
    return render(request, "interaction/events/interview_list.html", {"interviews": interviews})


@require_GET
def interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(selectors_events.public_interviews(), pk=pk)
    if (moved := sites.elsewhere(request, interview.agency)) is not None:
        return moved
    withdrawn = interview.status == Status.WITHDRAWN
    if withdrawn:
        context: dict[str, Any] = {"interview": interview}
    else:
        context = selectors_events.interview_page(interview)
        # An interview's documents and questions belong to it whatever their agency; one of
        # an agency outside the site links to the site that shows it, not via a redirect.
        sites.link_where_shown(request, [*context["documents"], *context["netizen_questions"]])
    response = render(
        request,
        "interaction/events/interview_detail.html",
        {**context, "withdrawn": withdrawn, "preview": False},
    )
    if withdrawn:
        response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "HEAD"])
def interview_media(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A picture or the video of a published interview record, inline, with range requests
    (the video player seeks)."""
    item = get_object_or_404(selectors_events.published_media(), pk=pk)
    if (moved := sites.elsewhere(request, item.record.interview.agency)) is not None:
        return moved
    try:
        return ranges.ranged_response(
            request, item.file, content_type=item.content_type, filename=item.original_name
        )
    except FileNotFoundError as error:
        raise Http404 from error


# --- Meetings -----------------------------------------------------------------------------


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = selectors_events.meetings_upcoming_then_past(site=sites.current_site(request))
    return render(request, "interaction/events/meeting_list.html", {"meetings": meetings})


def _apply_limited(request: HttpRequest, *, count: bool) -> bool:
    return over_limit(
        request,
        group="interaction.meeting_apply.ip",
        rate=settings.MEETING_APPLY_RATE_PER_IP,
        key="ip",
        count=count,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()  # applicants' data never reach error reports
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(selectors_events.public_meetings(), pk=pk)
    # Another site's meeting, its application form too: on the site that shows it.
    if (moved := sites.elsewhere(request, meeting.agency)) is not None:
        return moved
    withdrawn = meeting.status == Status.WITHDRAWN
    if withdrawn:
        if request.method == "POST":
            return _closed(request, meeting)
        response = render(
            request,
            "interaction/events/meeting_detail.html",
            {"meeting": meeting, "withdrawn": True, "preview": False},
        )
        response["X-Robots-Tag"] = "noindex"
        return response
    accepting = meeting.application_phase() == ApplicationPhase.OPEN
    form = MeetingApplicationForm(request.POST or None) if accepting else None
    refusal = ""
    if request.method == "POST":
        if form is None:
            return _closed(request, meeting)
        if _apply_limited(request, count=False):
            return _rate_limited(request)
        if form.is_valid():
            # Only applications that would be saved count against the limit.
            if _apply_limited(request, count=True):
                return _rate_limited(request)
            data = form.cleaned_data
            try:
                application = events.application_submit(
                    meeting=meeting,
                    name=data["name"],
                    mobile=data["mobile"],
                    id_type=data["id_type"],
                    id_number=data["id_number"],
                    email=data["email"],
                    reason=data["reason"],
                )
            except ValidationError as error:
                refusal = " ".join(error.messages)
            else:
                request.session[APPLIED_SESSION_KEY] = [meeting.pk, application.number]
                return redirect("interaction:meeting_applied", pk=meeting.pk)
    context = {
        **selectors_events.meeting_page(meeting),
        "form": form,
        "refusal": refusal,
        "withdrawn": False,
        "preview": False,
    }
    return render(
        request,
        "interaction/events/meeting_detail.html",
        context,
        status=409 if refusal else 200,
    )


def _closed(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    return render(
        request, "interaction/events/application_closed.html", {"meeting": meeting}, status=403
    )


def _rate_limited(request: HttpRequest) -> HttpResponse:
    return render(request, "interaction/events/rate_limited.html", status=429)


@never_cache
@require_GET
def meeting_applied(request: HttpRequest, pk: int) -> HttpResponse:
    stored = request.session.get(APPLIED_SESSION_KEY)
    if not stored or stored[0] != pk:
        return redirect("interaction:meeting", pk=pk)
    meeting = get_object_or_404(selectors_events.published_meetings(), pk=pk)
    if (moved := sites.elsewhere(request, meeting.agency)) is not None:
        return moved
    return render(
        request,
        "interaction/events/meeting_applied.html",
        {"meeting": meeting, "number": stored[1]},
    )


@require_GET
def meeting_attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    attachment = get_object_or_404(selectors_events.published_attachments(), pk=pk)
    if (moved := sites.elsewhere(request, attachment.minutes.meeting.agency)) is not None:
        return moved
    return _file_response(attachment, as_attachment=True)
