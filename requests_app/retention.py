"""Retention: applicants' identity and contacts are pseudonymised once a request has been closed
for ``REQUEST_RETENTION_YEARS`` (个人信息保护法 Art 19: kept no longer than the purpose needs;
Art 47: deleted once it is achieved).

What goes: the name, identity number, unified social credit code, legal representative,
contact person, phone, e-mail, postal address and postal code; the applicant's files (proof of
identity) are deleted; the same values, and any ID, phone, card number or e-mail address the
screening's detectors find, are cut out of the request's free text, the timeline, the
correction notice, the Art 35 inquiry, the Art 32 notice to a third party and the answer
letter. The keyed hashes go too: ``applicant_key`` becomes a random value, so the
request no longer links to the applicant's other requests (the 按件 fee count it served runs
per calendar month of receipt, long past), and ``email_key`` is emptied.

What stays: the agency, applicant type and organisation type, the dates, the status, the
outcome and its grounds, reviews, fees and released files — everything the annual report
(``reports.tables``) and the statistics count, which therefore do not change.

A request with a reconsideration or lawsuit not yet concluded keeps its data until the review
ends: the agency must still be able to answer for it.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.html import escape

from disclosure.screening import find_personal_data, mask
from requests_app import privacy
from requests_app.models import (
    Answer,
    Correction,
    InformationRequest,
    RequestEvent,
    RequestFile,
    Review,
    Status,
    ThirdPartyNotice,
    VolumeInquiry,
)

logger = logging.getLogger(__name__)

# What the applicant's name becomes: says what happened, identifies nobody.
PSEUDONYM = "（已去标识化）"
REMOVED = "［已删除］"


def cutoff(today: dt.date, years: int) -> dt.date:
    """The latest closing date that is more than ``years`` years before ``today``
    (29 February counts from 28 February in a year without it)."""
    try:
        anniversary = today.replace(year=today.year - years)
    except ValueError:
        anniversary = today.replace(year=today.year - years, day=28)
    return anniversary - dt.timedelta(days=1)


def due_for_pseudonymisation(*, today: dt.date, years: int) -> QuerySet[InformationRequest]:
    """Closed more than ``years`` years before ``today``, not yet pseudonymised, and with no
    reconsideration or lawsuit still pending."""
    pending_review = Review.objects.filter(request=OuterRef("pk"), result=Review.Result.PENDING)
    return (
        InformationRequest.objects.filter(
            status=Status.CLOSED,
            closed_on__lte=cutoff(today, years),
            pseudonymised_on__isnull=True,
        )
        .exclude(Exists(pending_review))
        .order_by("closed_on", "pk")
    )


def _scrub(text: str, values: Iterable[str], *, html: bool = False) -> str:
    """``text`` with each of ``values`` replaced, and the detectors' finds masked."""
    if not text:
        return text
    for value in sorted(values, key=len, reverse=True):
        text = text.replace(value, REMOVED)
        if html:
            text = text.replace(str(escape(value)), REMOVED)
    for match in reversed(find_personal_data(text)):
        text = text[: match.start] + mask(match.kind, match.text) + text[match.end :]
    return text


def _personal_values(info_request: InformationRequest) -> list[str]:
    values = [
        info_request.name,
        info_request.id_number,
        info_request.credit_code,
        info_request.legal_representative,
        info_request.contact_person,
        info_request.phone,
        info_request.email,
        info_request.address,
    ]
    # Short values (a one-character name, an empty field) would cut ordinary words.
    return [value.strip() for value in values if value and len(value.strip()) >= 2]


@transaction.atomic
def request_pseudonymise(*, info_request: InformationRequest, today: dt.date) -> bool:
    """Replace one request's identity and contacts; False when it was already done (safe to
    run twice, concurrently too: the row is locked)."""
    locked = InformationRequest.objects.select_for_update().get(pk=info_request.pk)
    if locked.pseudonymised_on is not None:
        return False
    values = _personal_values(locked)

    locked.description = _scrub(locked.description, values)
    locked.purpose = _scrub(locked.purpose, values)
    locked.fee_waiver_reason = _scrub(locked.fee_waiver_reason, values)
    locked.name = PSEUDONYM
    locked.id_number = None
    locked.credit_code = ""
    locked.legal_representative = None
    locked.contact_person = None
    locked.phone = REMOVED  # not null; the encrypted field stores "" as NULL
    locked.email = None
    locked.address = None
    locked.postcode = ""
    locked.applicant_key = privacy.keyed_hash(f"pseudonymised:{uuid.uuid4().hex}")
    locked.email_key = ""
    locked.pseudonymised_on = today
    locked.save()

    for event in RequestEvent.objects.filter(request=locked):
        note, public_note = _scrub(event.note, values), _scrub(event.public_note, values)
        if (note, public_note) != (event.note, event.public_note):
            RequestEvent.objects.filter(pk=event.pk).update(note=note, public_note=public_note)
    for correction in Correction.objects.filter(request=locked):
        text = _scrub(correction.what_to_supplement, values)
        if text != correction.what_to_supplement:
            Correction.objects.filter(pk=correction.pk).update(what_to_supplement=text)
    for inquiry in VolumeInquiry.objects.filter(request=locked):  # Art 35
        VolumeInquiry.objects.filter(pk=inquiry.pk).update(
            question=_scrub(inquiry.question, values),
            reply=_scrub(inquiry.reply, values),
            decision_reason=_scrub(inquiry.decision_reason, values),
        )
    for notice in ThirdPartyNotice.objects.filter(request=locked):  # Art 32
        ThirdPartyNotice.objects.filter(pk=notice.pk).update(
            letter_html=_scrub(notice.letter_html, values, html=True),
            public_interest_reason=_scrub(notice.public_interest_reason, values),
        )
    answer = Answer.objects.filter(request=locked).first()
    if answer is not None:
        Answer.objects.filter(pk=answer.pk).update(
            letter_html=_scrub(answer.letter_html, values, html=True),
            reasons=_scrub(answer.reasons, values),
            withheld_parts=_scrub(answer.withheld_parts, values),
        )

    files = list(RequestFile.objects.filter(request=locked))
    names = [upload.file.name for upload in files]
    storage = RequestFile._meta.get_field("file").storage
    RequestFile.objects.filter(pk__in=[upload.pk for upload in files]).delete()

    def delete_files() -> None:
        for name in names:
            if name:
                storage.delete(name)

    # The files go once the rows are gone for good: a rollback keeps both.
    transaction.on_commit(delete_files)
    return True


def pseudonymise_expired(
    *, today: dt.date | None = None, years: int | None = None, dry_run: bool = False
) -> int:
    """Pseudonymise every request due (``REQUEST_RETENTION_YEARS`` by default); returns how
    many were (or, with ``dry_run``, would be) pseudonymised. One transaction per request, so
    an interrupted sweep keeps what it did and the next run goes on."""
    day = today or timezone.localdate()
    span = settings.REQUEST_RETENTION_YEARS if years is None else years
    if span < 1:
        raise ValueError("The retention period is at least one year.")
    due = due_for_pseudonymisation(today=day, years=span)
    if dry_run:
        return due.count()
    done = 0
    for pk in list(due.values_list("pk", flat=True)):
        done += request_pseudonymise(info_request=InformationRequest(pk=pk), today=day)
    if done:
        logger.info("retention: %d requests pseudonymised (closed by %s)", done, cutoff(day, span))
    return done
