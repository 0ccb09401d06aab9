"""Public tracking of a request (快递式查询): the tracking number and the access code open the
request in one browser session, and only what the applicant is meant to see is shown.

The session holds the ids of the requests it has opened; nothing secret travels in a URL. The
guessing limits (per IP, per tracking number) live in the views, next to the HTTP request.
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.sessions.backends.base import SessionBase
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from requests_app import intake, privacy
from requests_app.models import Answer, InformationRequest, RequestEvent, Status

SESSION_KEY = "requests_app.tracking"
# Enough for anyone following their own requests; a shared computer forgets them with the
# session (or the "end" button on the tracking page).
MAX_AUTHORISED = 20
_TRACKING_NUMBER = re.compile(r"(\d{4})-?(\d{6,})")

# What happens next, in plain words, for each status (shown under the status).
NEXT_STEPS: dict[str, str] = {
    Status.SUBMITTED: _(
        "The agency's disclosure office will check and register your request. An online "
        "request counts as received on the day both sides confirm it (Art 31), normally the day "
        "you submitted it or the next working day."
    ),
    Status.RECEIVED: _(
        "Your request is registered. The agency answers within 20 working days of the receipt "
        "date (Art 33). If it needs more time, the head of its disclosure office may extend the "
        "period once by up to 20 working days, and you will be told."
    ),
    Status.IN_PROGRESS: _(
        "Your request is being handled. You will receive the answer by the due date below."
    ),
    Status.CORRECTION: _(
        "The agency has asked you to supplement your request: see the timeline for what is "
        "needed and by when. The 20 working days start again when the corrected request arrives "
        "(Art 30); without a correction in time and without good reason, the request is closed."
    ),
    Status.THIRD_PARTY: _(
        "The information concerns the rights of a third party, who is being consulted in "
        "writing (Art 32). The time of the consultation is not counted in the answer period."
    ),
    Status.AGENCY_CONSULT: _(
        "The information was made together with another agency, which is being consulted "
        "(Art 34). The time of the consultation is not counted in the answer period."
    ),
    Status.FEE_PENDING: _(
        "A processing fee is due: see the timeline for the amount and the date. The time until "
        "payment is not counted in the answer period; without payment in time, the request is "
        "closed."
    ),
    Status.ANSWERED: _(
        "Your request has been answered. The answer letter is below, with any files released "
        "to you."
    ),
    Status.CLOSED: _(
        "Your request is closed. If you believe the way it was handled infringes your lawful "
        "rights, you may complain to the agency at the next level up or to the department in "
        "charge of government information disclosure, apply for administrative reconsideration "
        "or bring an administrative lawsuit (Art 51)."
    ),
}


def normalize_tracking_number(value: str) -> str | None:
    """``2026-000123`` from what people type (full-width digits, spaces, no hyphen), or None."""
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", value or ""))
    match = _TRACKING_NUMBER.fullmatch(text)
    return f"{match[1]}-{match[2]}" if match else None


def find_request(*, tracking_number: str, access_code: str) -> InformationRequest | None:
    """The request if both the number and the code are right, else None (whichever was wrong)."""
    request = InformationRequest.objects.filter(tracking_number=tracking_number).first()
    if request is None:
        # Hash anyway, so that an unknown number takes as long to refuse as a wrong code.
        intake.hash_access_code(access_code)
        return None
    if not intake.access_code_matches(request, access_code):
        return None
    return request


def authorise(session: SessionBase, request: InformationRequest) -> None:
    """Let this browser session see ``request``, under a new session key.

    A new key at every grant, as at a login: a session cookie planted in the browser beforehand
    (a shared computer in a reading room) must not open what this browser is now allowed to see.
    The session's data move to the new key; the old key is deleted.
    """
    session.cycle_key()
    ids = [pk for pk in session.get(SESSION_KEY, []) if pk != request.pk]
    session[SESSION_KEY] = [*ids, request.pk][-MAX_AUTHORISED:]


def is_authorised(session: SessionBase, request: InformationRequest) -> bool:
    return request.pk in session.get(SESSION_KEY, [])


def forget_all(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)


def authorised_request(session: SessionBase, tracking_number: str) -> InformationRequest | None:
    """The request with this number if this session may see it, with its agency and answer."""
    if not session.get(SESSION_KEY):
        return None
    request = (
        InformationRequest.objects.select_related("agency", "answer")
        .filter(tracking_number=tracking_number)
        .first()
    )
    if request is None or not is_authorised(session, request):
        return None
    return request


def answer_of(request: InformationRequest) -> Answer | None:
    try:
        return request.answer
    except Answer.DoesNotExist:
        return None


def public_letter_html(request: InformationRequest, answer: Answer) -> SafeString:
    """The answer letter for the tracking page, with the applicant's name masked as everywhere
    else on the page (the letter is addressed to the applicant by name)."""
    html = answer.letter_html
    if request.name:
        html = html.replace(str(escape(request.name)), escape(privacy.mask_name(request.name)))
    # The letter is rendered by the system from the letter templates, not typed as HTML.
    return mark_safe(html)  # noqa: S308


def public_timeline(request: InformationRequest) -> QuerySet[RequestEvent]:
    """The events the applicant may see; staff notes and names stay out of the query."""
    return request.events.filter(visible_to_applicant=True).only(
        "created_at", "public_note", "to_status", "request_id"
    )
