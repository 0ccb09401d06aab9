"""Public pages of the message box (互动交流): writing a message after seeing what is already
published (no JavaScript: a preview step), its receipt, the lookup with tracking number and
query code, the rating and the reopening; the published messages and the statistics.

Abuse control as on the request form: a honeypot, CSRF, and limits per client address
(``portal.limits``; the lookup shares the request lookups' limits).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from disclosure.models import Document
from interaction import clock, handling, intake, selectors, statistics
from interaction.forms import AttachmentsForm, LookupForm, MessageForm, RatingForm, ReopenForm
from interaction.models import Interview, Message, MessageKind
from interaction.models.events import InterviewPhase
from portal import sites
from portal.body_limits import max_body
from portal.limits import over_limit
from portal.models import Agency
from portal.paging import list_page
from portal.search import suggest
from requests_app import intake as request_intake
from requests_app import privacy, uploads
from requests_app import tracking as request_tracking

DONE_SESSION_KEY = "interaction.submitted"


def _rate_limited(request: HttpRequest, message: str) -> HttpResponse:
    return render(
        request, "requests_app/public/rate_limited.html", {"message": message}, status=429
    )


def _send_limited(request: HttpRequest, *, count: bool) -> bool:
    return over_limit(
        request,
        group="interaction.write.ip",
        rate=settings.MESSAGES_RATE_PER_IP,
        key="ip",
        count=count,
    )


def _send_limit_message() -> str:
    return _(
        "Too many messages were sent from this connection in a short time. Nothing was saved. "
        "Please try again in an hour, or call the hotline."
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The 互动交流 column: where to write, where to follow a message, what was answered (the
    site's agencies only, portal.sites)."""
    site = sites.current_site(request)
    context = {
        "desks": [desk for desk in intake.open_desks() if site.contains(desk.agency)],
        "kinds": MessageKind.objects.filter(is_active=True, on_form=True),
        "latest": selectors.published_messages(site=site)[:8],
        "year": statistics.year_summary(timezone.localdate().year, site),
        "hotline": settings.INTERACTION_HOTLINE,
    }
    return render(request, "interaction/index.html", context)


def _interview_taking_questions(raw: str) -> Interview | None:
    """The published interview a question is for (``?interview=<pk>``), while it has not
    ended; 404 for anything else, so that a stale link says so instead of sending elsewhere."""
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) < 10):
        raise Http404(_("No interview takes questions under this address."))
    interview = Interview.objects.published().select_related("agency").filter(pk=int(raw)).first()
    if interview is None or interview.phase() == InterviewPhase.ENDED:
        raise Http404(_("This interview no longer takes questions."))
    return interview


def _document_for_feedback(pk: int | None) -> Document | None:
    if pk is None:
        return None
    document: Document = get_object_or_404(
        Document.objects.published().select_related("agency"), pk=pk
    )
    return document


@max_body(uploads.max_request_bytes)  # larger bodies get 413 unread
@never_cache
@sensitive_post_parameters()  # names and contacts: never in error reports
@require_http_methods(["GET", "POST"])
def write(request: HttpRequest, document_pk: int | None = None) -> HttpResponse:
    """Three steps without JavaScript: the form; the preview with what is already published
    about the subject and the attachments; the submission."""
    site = sites.current_site(request)
    document = _document_for_feedback(document_pk)
    interview = None if document else _interview_taking_questions(request.GET.get("interview", ""))
    # Feedback on another site's document, or a question for its interview: on that site,
    # whose agencies take it (portal.sites).
    about = document or interview
    if about is not None and (moved := sites.elsewhere(request, about.agency)) is not None:
        return moved
    if _send_limited(request, count=False):
        return _rate_limited(request, _send_limit_message())
    step = request.POST.get("step", "") if request.method == "POST" else ""
    if request.method == "GET":
        initial = {}
        code = request.GET.get("agency", "")[:32]
        if code:
            agencies = sites.scope(Agency.objects.active(), site, field="")
            agency = agencies.filter(code=code).first()
            initial["addressee"] = str(agency.pk) if agency else ""
        form = MessageForm(initial=initial, document=document, interview=interview, site=site)
        return _form_page(request, form, document)
    form = MessageForm(request.POST, document=document, interview=interview, site=site)
    if step == "edit" or not form.is_valid():
        if step == "edit":
            form = MessageForm(
                initial=request.POST.dict(), document=document, interview=interview, site=site
            )
        return _form_page(request, form, document)
    files = AttachmentsForm(request.POST, request.FILES)
    if step != "submit" or not files.is_valid():
        return _preview_page(
            request, form, files if step == "submit" else AttachmentsForm(), document
        )
    # Only messages that would be saved count against the limit.
    if _send_limited(request, count=True):
        return _rate_limited(request, _send_limit_message())
    try:
        submission = intake.message_submit(
            message=form.build_message(), files=files.cleaned_data["attachments"]
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _form_page(request, form, document)
    request.session[DONE_SESSION_KEY] = {
        "message_id": submission.message.pk,
        "query_code": submission.query_code,
    }
    intake.authorise(request.session, submission.message)
    return redirect("interaction:write_done")


def _form_page(request: HttpRequest, form: MessageForm, document: Document | None) -> HttpResponse:
    context = {
        "form": form,
        "document": document,
        "interview": form.interview,
        "hotline": settings.INTERACTION_HOTLINE,
    }
    return render(request, "interaction/write.html", context)


def _preview_page(
    request: HttpRequest, form: MessageForm, files: AttachmentsForm, document: Document | None
) -> HttpResponse:
    data = form.cleaned_data
    context = {
        "form": form,
        "files": files,
        "document": document,
        "summary": form.summary(),
        "suggestions": suggest.suggest(
            f"{data['subject']} {data['text']}", site_path=sites.current_site(request).root_path
        ),
        # The fields travel on to the submission as they were typed.
        "carried": [
            (name, value)
            for name, value in request.POST.items()
            if name in form.fields and name != "website"
        ],
    }
    return render(request, "interaction/preview.html", context)


@never_cache
@require_GET
def write_done(request: HttpRequest) -> HttpResponse:
    done = request.session.get(DONE_SESSION_KEY)
    if not done:
        return redirect("interaction:write")
    query_code = done.pop("query_code", None)
    request.session[DONE_SESSION_KEY] = done  # without the code: a reload does not show it
    message = get_object_or_404(selectors.messages_with_clock(), pk=done["message_id"])
    context = {
        "message": message,
        "query_code": request_intake.format_access_code(query_code) if query_code else "",
    }
    return render(request, "interaction/write_done.html", context)


# --- Following a message ---------------------------------------------------------------------


def _lookup_limit_message() -> str:
    return _(
        "Too many lookups were made in a short time. Please try again in an hour. If you have "
        "lost your query code, call the agency you wrote to."
    )


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request_tracking.lookup_refused(request):
            return _rate_limited(request, _lookup_limit_message())
        form = LookupForm(request.POST)
        if form.is_valid():
            number = form.cleaned_data["tracking_number"]
            message = intake.find_message(
                tracking_number=number, query_code=form.cleaned_data["query_code"]
            )
            if message is not None:
                intake.authorise(request.session, message)
                return redirect("interaction:track_detail", tracking_number=number)
            request_tracking.record_wrong_code(request, tracking_number=number)
            form.add_error(
                None,
                _(
                    "The tracking number or the query code is not right. Check both against "
                    "your receipt and try again."
                ),
            )
    else:
        form = LookupForm(initial={"tracking_number": request.GET.get("number", "")[:30]})
    return render(request, "interaction/track.html", {"form": form})


def _to_lookup(tracking_number: str) -> HttpResponse:
    return redirect(f"{reverse('interaction:track')}?{urlencode({'number': tracking_number})}")


@never_cache
@require_GET
def track_detail(request: HttpRequest, tracking_number: str) -> HttpResponse:
    message = intake.authorised_message(request.session, tracking_number)
    if message is None:
        return _to_lookup(tracking_number)
    return _track_page(request, message, RatingForm(), ReopenForm())


def _track_page(
    request: HttpRequest, message: Message, rating: RatingForm, reopen: ReopenForm
) -> HttpResponse:
    context = {
        "message": message,
        "masked_name": privacy.mask_name(message.name),
        "timeline": message.events.filter(visible=True),
        "replies": selectors.sent_replies(message),
        "days_left": clock.workdays_left(message) if message.is_open else None,
        "rating_form": rating,
        "reopen_form": reopen,
    }
    return render(request, "interaction/track_detail.html", context)


@never_cache
@require_POST
def rate(request: HttpRequest, tracking_number: str) -> HttpResponse:
    message = intake.authorised_message(request.session, tracking_number)
    if message is None:
        return _to_lookup(tracking_number)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            handling.message_rate(
                message=message,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            flash.error(request, " ".join(error.messages))
        else:
            flash.success(request, _("Thank you: your rating was recorded."))
        return redirect("interaction:track_detail", tracking_number=tracking_number)
    return _track_page(request, message, form, ReopenForm())


@never_cache
@require_POST
def reopen(request: HttpRequest, tracking_number: str) -> HttpResponse:
    message = intake.authorised_message(request.session, tracking_number)
    if message is None:
        return _to_lookup(tracking_number)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            handling.message_reopen(message=message, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            flash.error(request, " ".join(error.messages))
        else:
            flash.success(request, _("Your message will be handled again."))
        return redirect("interaction:track_detail", tracking_number=tracking_number)
    return _track_page(request, message, RatingForm(), form)


@require_POST
def track_end(request: HttpRequest) -> HttpResponse:
    intake.forget_all(request.session)
    flash.success(request, _("This browser no longer shows your messages."))
    return redirect("interaction:track")


# --- Published messages and statistics -------------------------------------------------------


@require_GET
def message_list(request: HttpRequest) -> HttpResponse:
    site = sites.current_site(request)
    filters = selectors.ListFilters.from_query(request.GET)
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in filters.as_query().items() if value})
    messages = selectors.published_messages(filters, site=site)
    context = {
        "filters": filters,
        "query": query,
        "kinds": MessageKind.objects.filter(is_active=True),
        "agencies": selectors.agencies_with_published_messages(site),
        "page": list_page(request, messages, selectors.PER_PAGE),
    }
    return render(request, "interaction/message_list.html", context)


@require_GET
def message_detail(request: HttpRequest, tracking_number: str) -> HttpResponse:
    message = selectors.published_messages().filter(tracking_number=tracking_number).first()
    if message is None:
        raise Http404(_("No published message has this number."))
    # Another site's message: to the site that shows it (its old address keeps working).
    if (moved := sites.elsewhere(request, message.agency)) is not None:
        return moved
    return render(request, "interaction/message_detail.html", {"message": message})


@never_cache  # the counts change with every message; computed from the database each time
@require_GET
def statistics_page(request: HttpRequest) -> HttpResponse:
    this_year = timezone.localdate().year
    raw = request.GET.get("year", "")
    year = (
        int(raw) if raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= this_year else this_year
    )
    site = sites.current_site(request)  # the site's own agencies' messages (portal.sites)
    context = {
        "year": year,
        "years": list(range(this_year, max(2000, this_year - 9) - 1, -1)),
        "summary": statistics.year_summary(year, site),
        "months": statistics.month_rows(year, site),
        "by_agency": statistics.agency_rows(year, site),
        "invalid_year": bool(raw) and str(year) != raw,
    }
    return render(request, "interaction/statistics.html", context)
