"""The policy Q&A assistant's pages: the question page (/policies/ask/, a GET form also placed on
the policy Q&A pages) and the staff report of questions left without an answer.

The answer page is never stored by the page cache or a browser (``add_never_cache_headers``):
each question asked is counted against the connection's limit and logged for the report, which
a stored page would skip. The empty form page has nothing of anyone and may be shared.

The report is for superusers only. Questions left without an answer are, by definition, not
about anything an agency has published, so they cannot be attributed to an agency reliably,
and they are the public's own words: masked by the screening detectors, but a name or an
address in free text is not detected. Superusers (the portal's operators, the general office
that runs it) read them and pass topics on to the agencies concerned.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from policies import assistant
from portal import access, sites
from portal.limits import over_limit


@require_GET
def ask(request: HttpRequest) -> HttpResponse:
    question = assistant.clean_question(request.GET.get("q", ""))
    context: dict[str, object] = {"question": question, "max_length": assistant.MAX_QUESTION}
    if not question:
        return render(request, "policies/assistant/ask.html", context)
    if over_limit(
        request,
        group="policies.assistant.ip",
        key="ip",
        rate=settings.ASSISTANT_RATE_PER_IP,
        count=True,
    ):
        response = render(request, "policies/assistant/rate_limited.html", context, status=429)
        add_never_cache_headers(response)
        return response
    site = sites.current_site(request)
    result = assistant.answer(question, site)
    assistant.question_log_record(result=result)
    context.update(
        result=result,
        min_score=assistant.min_score(),
        office=sites.root_agency(site),
        hotline=settings.INTERACTION_HOTLINE,
    )
    response = render(request, "policies/assistant/ask.html", context)
    add_never_cache_headers(response)
    return response


def report(request: HttpRequest) -> HttpResponse:
    """Questions without an answer, grouped by their most frequent words (superusers)."""
    if not access.is_superuser(request.user):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": _("Questions the policy Q&A could not answer"),
        "report": assistant.unanswered_topics(),
        "min_score": assistant.min_score(),
    }
    return TemplateResponse(request, "policies/assistant/report.html", context)
