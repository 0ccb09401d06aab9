"""Public tracking of a request (快递式查询): the tracking number and the access code open the
request in one browser session, and only what the applicant is meant to see is shown.

The session holds the ids of the requests it has opened; nothing secret travels in a URL.

Guessing codes, and why nobody can lock an applicant out. Tracking numbers are sequential
(``2026-000123``), so anyone can name a request; the access code is what protects it: 12
characters from an alphabet of 31 (``intake.new_access_code``), 31^12 ≈ 7.9 × 10^17 codes, about
59 bits. The right code always opens the request, from any address that has lookups left: a
wrong code never counts against the number in a way that refuses the owner. The limits are:

- per address (``portal.client_address``; IPv6 by /64): ``TRACKING_RATE_PER_IP`` lookups an
  hour, 20 by default, right or wrong, for any numbers;
- per number: after ``FAILURES_PER_NUMBER`` (10) wrong codes for one number in an hour the
  number is under attack, and then an address that sends ``WRONG_CODES_PER_ADDRESS_UNDER_ATTACK``
  (2) wrong codes for a number under attack may make no lookup for the rest of its hour.

So with A addresses an attacker makes at most 10 + 2A guesses an hour at one number, and at
most 20A in all. Even with a million addresses (a large botnet): 10 + 2 × 10^6 guesses an hour
is 1.8 × 10^10 a year, a chance of 2 × 10^-8 a year of finding one request's code; at full
speed against every number, 20 × 10^6 an hour is 1.8 × 10^11 a year, a chance of 2 × 10^-7 of
finding any code at all. The owner's own address keeps its lookups whatever others send; only
their own wrong codes (or someone sharing their address) can use them up.
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from portal.limits import over_limit
from portal.typed import StrOrPromise
from requests_app import intake, privacy
from requests_app.models import Answer, InformationRequest, RequestEvent, Status

SESSION_KEY = "requests_app.tracking"
# Enough for anyone following their own requests; a shared computer forgets them with the
# session (or the "end" button on the tracking page).
MAX_AUTHORISED = 20
_TRACKING_NUMBER = re.compile(r"(\d{4})-?(\d{6,})")

# What happens next, in plain words, for each status (shown under the status).
NEXT_STEPS: dict[str, StrOrPromise] = {
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


FAILURES_PER_NUMBER = "10/h"
WRONG_CODES_PER_ADDRESS_UNDER_ATTACK = "2/h"
_PER_ADDRESS = "requests_app.track.ip"
_PER_NUMBER = "requests_app.track.number"
_UNDER_ATTACK = "requests_app.track.under_attack.ip"


def lookup_refused(http_request: HttpRequest) -> bool:
    """Count a lookup from this address; True when the address may not look up now (see the
    module's docstring). Only the address's own lookups decide: never another's wrong codes."""
    if over_limit(
        http_request, group=_PER_ADDRESS, rate=settings.TRACKING_RATE_PER_IP, key="ip", count=True
    ):
        return True
    return over_limit(
        http_request,
        group=_UNDER_ATTACK,
        rate=WRONG_CODES_PER_ADDRESS_UNDER_ATTACK,
        key="ip",
        count=False,
    )


def record_wrong_code(http_request: HttpRequest, *, tracking_number: str) -> None:
    """A wrong code (or an unknown number) for ``tracking_number`` from this address. Once the
    number is under attack, the address's wrong codes for it count towards barring the address;
    the number itself is never refused."""

    def number_key(group: str, request: HttpRequest) -> str:
        return tracking_number

    under_attack = over_limit(
        http_request, group=_PER_NUMBER, rate=FAILURES_PER_NUMBER, key=number_key, count=True
    )
    if under_attack:
        over_limit(
            http_request,
            group=_UNDER_ATTACK,
            rate=WRONG_CODES_PER_ADDRESS_UNDER_ATTACK,
            key="ip",
            count=True,
        )


def find_request(*, tracking_number: str, access_code: str) -> InformationRequest | None:
    """The request if both the number and the code are right, else None (whichever was wrong)."""
    request = InformationRequest.objects.filter(tracking_number=tracking_number).first()
    if request is None:
        # Hash anyway, so that an unknown number takes as long to refuse as a wrong code.
        intake.hash_access_code(access_code)
        return None
    key = intake.access_code_key(request, access_code)
    if key is None:
        return None
    current = intake.hash_access_code(access_code)
    if request.access_code_hash != current:
        # Hashed under an older HASH_KEY (or before key ids): re-hash under the current one,
        # so that the old key can be retired (rekey_hashes counts what is left).
        InformationRequest.objects.filter(pk=request.pk).update(access_code_hash=current)
        request.access_code_hash = current
    return request


def authorise(session: SessionBase, info_request: InformationRequest) -> None:
    """Let this browser session see ``request``, under a new session key.

    A new key at every grant, as at a login: a session cookie planted in the browser beforehand
    (a shared computer in a reading room) must not open what this browser is now allowed to see.
    The session's data move to the new key; the old key is deleted.
    """
    session.cycle_key()
    ids = [pk for pk in session.get(SESSION_KEY, []) if pk != info_request.pk]
    session[SESSION_KEY] = [*ids, info_request.pk][-MAX_AUTHORISED:]


def is_authorised(session: SessionBase, info_request: InformationRequest) -> bool:
    return info_request.pk in session.get(SESSION_KEY, [])


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


def answer_of(info_request: InformationRequest) -> Answer | None:
    try:
        return info_request.answer
    except Answer.DoesNotExist:
        return None


def public_letter_html(info_request: InformationRequest, answer: Answer) -> SafeString:
    """The answer letter for the tracking page, with the applicant's name masked as everywhere
    else on the page (the letter is addressed to the applicant by name)."""
    html = answer.letter_html
    if info_request.name:
        html = html.replace(
            str(escape(info_request.name)), escape(privacy.mask_name(info_request.name))
        )
    # The letter is rendered by the system from the letter templates, not typed as HTML.
    return mark_safe(html)  # noqa: S308


def public_timeline(info_request: InformationRequest) -> QuerySet[RequestEvent]:
    """The events the applicant may see; staff notes and names stay out of the query."""
    return info_request.events.filter(visible_to_applicant=True).only(
        "created_at", "public_note", "to_status", "request_id"
    )
