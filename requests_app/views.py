"""Public pages of information requests (依申请公开): the online application, its confirmation,
and tracking with the tracking number and access code (快递式查询), including the answer, the
released files and withdrawal.

Abuse control: django-ratelimit counters in the cache, per client address and per e-mail address
(a keyed hash, never the address) for applications; the lookup limits, per address and per
tracking number, are in ``requests_app.tracking`` with the reasoning behind them.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from portal import columns, sites
from portal.body_limits import max_body
from portal.limits import over_limit
from portal.models import Agency
from portal.search import suggest
from requests_app import (
    deadlines,
    handling,
    intake,
    letters,
    paper_form,
    privacy,
    tracking,
    uploads,
)
from requests_app.forms import ApplicationForm, TrackingForm, WithdrawForm
from requests_app.models import InformationRequest, ReleasedFile

DONE_SESSION_KEY = "requests_app.submitted"


def _rate_limited(request: HttpRequest, message: str) -> HttpResponse:
    return render(
        request, "requests_app/public/rate_limited.html", {"message": message}, status=429
    )


# --- Applying ---------------------------------------------------------------------------


def _apply_limited(request: HttpRequest, email: str, *, count: bool) -> bool:
    if over_limit(
        request,
        group="requests_app.apply.ip",
        rate=settings.REQUESTS_RATE_PER_IP,
        key="ip",
        count=count,
    ):
        return True
    if not email:
        return False
    email_key = privacy.keyed_hash(email)
    return over_limit(
        request,
        group="requests_app.apply.email",
        rate=settings.REQUESTS_RATE_PER_EMAIL,
        key=lambda group, request: email_key,
        count=count,
    )


def _apply_limit_message() -> str:
    return _(
        "Too many applications were sent from this connection or for this e-mail address in a "
        "short time. Nothing was saved. Please try again in an hour, or apply by letter or in "
        "person at the agency's disclosure office."
    )


@max_body(uploads.max_request_bytes)  # larger bodies get 413 unread
@never_cache
@sensitive_post_parameters()  # identity numbers, contacts, access codes: never in error reports
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    agency_query = request.GET.get("agency_q", "").strip()[:50]
    if _apply_limited(request, "", count=False):
        return _rate_limited(request, _apply_limit_message())
    suggestions = None
    if request.method == "POST" and "suggest" in request.POST:
        # Search before you ask: what is already published about the description, with the
        # form as typed (nothing checked, nothing saved; chosen files must be chosen again).
        form = ApplicationForm(
            initial=request.POST.dict(), agency_query=agency_query, site=sites.current_site(request)
        )
        wanted = f"{request.POST.get('document_title', '')} {request.POST.get('description', '')}"
        suggestions = suggest.suggest(wanted, site_path=sites.current_site(request).root_path)
    elif request.method == "POST":
        form = ApplicationForm(
            request.POST, request.FILES, agency_query=agency_query, site=sites.current_site(request)
        )
        if form.is_valid():
            # Only applications that would be saved count against the limits: a person
            # correcting mistakes is not throttled.
            if _apply_limited(request, form.cleaned_data["email"], count=True):
                return _rate_limited(request, _apply_limit_message())
            submission = intake.request_submit_online(
                info_request=form.build_request(), files=form.cleaned_data["attachments"]
            )
            # The access code reaches the confirmation page through the session, never a URL,
            # and is popped there so that it is shown once. authorise() moves the session to a
            # new key, so a planted session cookie sees neither the code nor the request.
            request.session[DONE_SESSION_KEY] = {
                "request_id": submission.request.pk,
                "access_code": submission.access_code,
            }
            tracking.authorise(request.session, submission.request)
            return redirect("requests_app:apply_done")
    else:
        initial = {}
        code = request.GET.get("agency", "")
        if code:
            initial["agency"] = (
                Agency.objects.active().filter(code=code).values_list("pk", flat=True).first()
            )
        form = ApplicationForm(
            initial=initial, agency_query=agency_query, site=sites.current_site(request)
        )
    context = {
        "form": form,
        "agency_query": agency_query,
        "files_dropped": bool(form.is_bound and request.FILES and form.errors),
        "suggestions": suggestions,
    }
    return render(request, "requests_app/public/apply.html", context)


@never_cache
@require_http_methods(["GET"])
def apply_done(request: HttpRequest) -> HttpResponse:
    done = request.session.get(DONE_SESSION_KEY)
    if not done:
        return redirect("requests_app:apply")
    access_code = done.pop("access_code", None)
    request.session[DONE_SESSION_KEY] = done  # without the code: a reload does not show it
    application = get_object_or_404(
        InformationRequest.objects.select_related("agency"), pk=done["request_id"]
    )
    context = {
        "application": application,
        "access_code": intake.format_access_code(access_code) if access_code else "",
    }
    return render(request, "requests_app/public/apply_done.html", context)


# --- The agency's 依申请公开 page and its paper form -------------------------------------


@require_http_methods(["GET"])
def agency_apply(request: HttpRequest, code: str) -> HttpResponse:
    """依申请公开 in the agency's column: the online form, the paper form, the procedure with
    its time limits, and how to apply by post or in person. No form on it: a cached page."""
    agency: Agency = get_object_or_404(Agency.objects.active(), code=code)
    context = {
        **columns.column_context(agency, "apply"),
        "online_url": f"{reverse('requests_app:apply')}?{urlencode({'agency': agency.code})}",
        "answer_days": deadlines.ANSWER_WORKDAYS,
        "correction_days": deadlines.CORRECTION_NOTICE_WORKDAYS,
        "extension_days": deadlines.MAX_EXTENSION_WORKDAYS,
    }
    return render(request, "requests_app/public/agency_apply.html", context)


def _paper_form_agency(code: str) -> Agency:
    # Art 27: only agencies that take requests have an application form.
    agency: Agency = get_object_or_404(
        Agency.objects.active().filter(takes_applications=True), code=code
    )
    return agency


@require_http_methods(["GET"])
def paper_form_pdf(request: HttpRequest, code: str) -> HttpResponse:
    agency = _paper_form_agency(code)
    try:
        pdf = paper_form.render_pdf(agency)
    except letters.PdfUnavailable as error:
        raise Http404(str(error)) from error
    response = HttpResponse(pdf, content_type="application/pdf")
    # Downloaded, like the letters: it is for printing and filling in by hand.
    response["Content-Disposition"] = f'attachment; filename="application-form-{agency.code}.pdf"'
    return response


@require_http_methods(["GET"])
def paper_form_docx(request: HttpRequest, code: str) -> HttpResponse:
    agency = _paper_form_agency(code)
    response = HttpResponse(
        paper_form.render_docx(agency),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="application-form-{agency.code}.docx"'
    return response


# --- Tracking ---------------------------------------------------------------------------


def _track_limit_message() -> str:
    return _(
        "Too many lookups were made in a short time. For the security of applicants, lookups are "
        "paused for a while: please try again in an hour. If you have lost your access code, "
        "contact the disclosure office of the agency you applied to."
    )


@never_cache
@sensitive_post_parameters()  # identity numbers, contacts, access codes: never in error reports
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        # The limits and why the right code is never refused: requests_app/tracking.py.
        if tracking.lookup_refused(request):
            return _rate_limited(request, _track_limit_message())
        form = TrackingForm(request.POST)
        if form.is_valid():
            number = form.cleaned_data["tracking_number"]
            application = tracking.find_request(
                tracking_number=number, access_code=form.cleaned_data["access_code"]
            )
            if application is not None:
                tracking.authorise(request.session, application)
                return redirect("requests_app:track_detail", tracking_number=number)
            tracking.record_wrong_code(request, tracking_number=number)
            # One message whichever was wrong, so that numbers cannot be probed.
            form.add_error(
                None,
                _(
                    "The tracking number or the access code is not right. Check both against "
                    "your receipt and try again."
                ),
            )
    else:
        form = TrackingForm(initial={"tracking_number": request.GET.get("number", "")[:30]})
    return render(request, "requests_app/public/track.html", {"form": form})


def _to_lookup(tracking_number: str) -> HttpResponse:
    return redirect(f"{reverse('requests_app:track')}?{urlencode({'number': tracking_number})}")


@never_cache
@require_http_methods(["GET"])
def track_detail(request: HttpRequest, tracking_number: str) -> HttpResponse:
    application = tracking.authorised_request(request.session, tracking_number)
    if application is None:
        # The same answer whether the number exists or not.
        return _to_lookup(tracking_number)
    answer = tracking.answer_of(application)
    context = {
        "application": application,
        "agency": application.agency,
        "masked_name": privacy.mask_name(application.name),
        "next_step": tracking.NEXT_STEPS.get(application.status, ""),
        "timeline": tracking.public_timeline(application),
        "answer": answer,
        "letter_html": tracking.public_letter_html(application, answer) if answer else "",
        "released_files": list(answer.files.all()) if answer else [],
        "letter_pdf_available": True,
    }
    return render(request, "requests_app/public/track_detail.html", context)


@never_cache
@sensitive_post_parameters()  # identity numbers, contacts, access codes: never in error reports
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, tracking_number: str) -> HttpResponse:
    application = tracking.authorised_request(request.session, tracking_number)
    if application is None:
        return _to_lookup(tracking_number)
    detail = redirect("requests_app:track_detail", tracking_number=tracking_number)
    if not application.is_open:
        messages.info(request, _("This request is closed; it can no longer be withdrawn."))
        return detail
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            handling.request_withdraw(
                info_request=application, user=None, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your request was withdrawn and is now closed."))
        return detail
    return render(
        request,
        "requests_app/public/withdraw.html",
        {"application": application, "agency": application.agency, "form": form},
    )


@never_cache
@require_http_methods(["GET"])
def released_file(request: HttpRequest, tracking_number: str, pk: int) -> FileResponse:
    application = tracking.authorised_request(request.session, tracking_number)
    if application is None:
        raise Http404
    released = get_object_or_404(ReleasedFile, pk=pk, answer__request=application)
    try:
        handle = released.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=released.original_name,
        content_type=released.content_type or "application/octet-stream",
    )


@never_cache
@require_http_methods(["GET"])
def letter_pdf(request: HttpRequest, tracking_number: str) -> HttpResponse:
    application = tracking.authorised_request(request.session, tracking_number)
    if application is None:
        raise Http404
    answer = tracking.answer_of(application)
    render_pdf = letters.render_letter_pdf
    if answer is None:
        return render(
            request,
            "requests_app/public/letter_unavailable.html",
            {"application": application, "answered": answer is not None},
            status=404,
        )
    response = HttpResponse(render_pdf(answer), content_type="application/pdf")
    filename = f"答复告知书-{application.tracking_number}.pdf"
    response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_POST
def track_end(request: HttpRequest) -> HttpResponse:
    """Forget the requests opened in this browser (for shared computers)."""
    tracking.forget_all(request.session)
    messages.success(request, _("This browser no longer shows your requests."))
    return redirect("requests_app:track")
