"""The answer (Art 36) in one of the outcomes of the annual report, delivery and closing, and
withdrawal by the applicant."""

from __future__ import annotations

import datetime as dt
from typing import Required, TypedDict, Unpack

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.models import Document, NegativeListEntry
from portal.models import Agency
from requests_app import notifications
from requests_app.handling.machine import (
    TRANSITIONS,
    WHAT,
    _begin,
    _check_day,
    _finish,
)
from requests_app.models import (
    RECORD_CORRECTION_OUTCOMES,
    WITHHELD_GROUNDS,
    Answer,
    InformationRequest,
    Outcome,
    Pause,
    RequestKind,
    Status,
    VolumeInquiry,
)
from requests_app.timeline import record_event


def check_answer(
    *,
    info_request: InformationRequest,
    outcome: str,
    negative_entry: NegativeListEntry | None,
    published_document: Document | None,
    referred_agency: Agency | None,
    reasons: str,
    withheld_parts: str,
    not_ours: bool = False,
    special_procedure: str = "",
    procedure_agency: str = "",
) -> None:
    """The rules of Art 32, 35-37 and 41 for each kind of answer; raises ValidationError by
    field."""
    errors: dict[str, str] = {}
    record_correction = info_request.kind == RequestKind.RECORD_CORRECTION
    if (
        outcome not in Outcome.values
        or outcome in {Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_FEE_UNPAID}
        or (outcome in RECORD_CORRECTION_OUTCOMES) != record_correction
    ):
        errors["outcome"] = (
            _("Choose how the request to correct the records was handled (Art 41).")
            if record_correction
            else _("Choose the kind of answer.")
        )
    if outcome == Outcome.ALREADY_PUBLIC and (
        published_document is None or published_document.status != "published"
    ):
        errors["published_document"] = _("Point to the published document (Art 36).")
    if outcome in WITHHELD_GROUNDS:
        if not reasons.strip():
            errors["reasons"] = _("A refusal states its legal ground and reasons (Art 36).")
        if negative_entry is not None and (
            negative_entry.agency_id != info_request.agency_id
            or negative_entry.legal_ground != WITHHELD_GROUNDS[outcome]
        ):
            errors["negative_entry"] = _(
                "Choose an entry of this agency's negative list with the same legal ground."
            )
    elif negative_entry is not None:
        errors["negative_entry"] = _("Only a refusal cites a negative-list entry.")
    if outcome == Outcome.PARTIAL and not withheld_parts.strip():
        errors["withheld_parts"] = _("Say which parts are withheld and why (Art 37).")
    if outcome == Outcome.UNABLE_NOT_HELD and referred_agency == info_request.agency:
        errors["referred_agency"] = _("Name another agency, or leave it empty if unknown.")
    # Art 36(五): "告知申请人并说明理由" even when no agency can be named.
    if (
        outcome == Outcome.UNABLE_NOT_HELD
        and not_ours
        and referred_agency is None
        and not reasons.strip()
    ):
        errors["reasons"] = _(
            "Explain why the information is not this agency's to disclose (Art 36(五))."
        )
    if outcome == Outcome.WITHHELD_INQUIRY:
        # Art 36(七): tell the applicant to use the procedure the law provides, and where.
        if not special_procedure.strip():
            errors["special_procedure"] = _(
                "Name the procedure the applicant should use, e.g. 不动产登记资料查询 (Art 36(七))."
            )
        if referred_agency is None and not procedure_agency.strip():
            errors["procedure_agency"] = _("Name the agency that runs the procedure.")
    if outcome in {Outcome.RECORD_REFERRED, Outcome.RECORD_APPLY_ELSEWHERE} and (
        referred_agency is None and not procedure_agency.strip()
    ):
        errors["referred_agency"] = _("Name the agency with power to correct the record (Art 41).")
    if outcome == Outcome.RECORD_NOT_CORRECTED and not reasons.strip():
        errors["reasons"] = _("Explain why the record is not corrected.")
    if (
        outcome == Outcome.NOT_PROCESSED_EXCESSIVE
        and not VolumeInquiry.objects.filter(
            request=info_request, decision=VolumeInquiry.Decision.UNREASONABLE
        ).exists()
    ):
        # Art 35: the applicant is asked for reasons first; only unreasonable ones end here.
        errors["outcome"] = _(
            "Art 35: ask the applicant for reasons and record the office head's decision that "
            "they are not reasonable before refusing to process the request."
        )
    if outcome == Outcome.DISCLOSED and _objection_without_notice(info_request):
        errors["outcome"] = _(
            "Art 32: a third party objected with reasons. To disclose all the same, record the "
            "public-interest reason and notify the third party first; otherwise withhold or "
            "disclose in part."
        )
    if errors:
        raise ValidationError(errors)


def _objection_without_notice(info_request: InformationRequest) -> bool:
    """A third party objected (Art 32) and no decision to disclose despite it is recorded."""
    return (
        info_request.pauses.filter(kind=Pause.Kind.THIRD_PARTY, reply="objection")
        .filter(disclosure_notice__isnull=True)
        .exists()
    )


def _answer_build(
    *,
    info_request: InformationRequest,
    user: User,
    outcome: str,
    reasons: str = "",
    withheld_parts: str = "",
    negative_entry: NegativeListEntry | None = None,
    published_document: Document | None = None,
    referred_agency: Agency | None = None,
    answered_on: dt.date | None = None,
    not_ours: bool = False,
    special_procedure: str = "",
    procedure_agency: str = "",
) -> Answer:
    """The answer as it will be recorded, with its letter, checked (Art 32, 35-37, 41) but not
    saved: ``request_answer`` saves it, ``answer_preview`` shows its letter before it is sent,
    so the preview is the letter the applicant receives."""
    from requests_app import letters

    check_answer(
        info_request=info_request,
        outcome=outcome,
        negative_entry=negative_entry,
        published_document=published_document,
        referred_agency=referred_agency,
        reasons=reasons,
        withheld_parts=withheld_parts,
        not_ours=not_ours,
        special_procedure=special_procedure,
        procedure_agency=procedure_agency,
    )
    day = answered_on or timezone.localdate()
    _check_day(day, not_before=info_request.received_on, what=_("The answer date"))
    answer = Answer(
        request=info_request,
        outcome=outcome,
        reasons=reasons.strip(),
        withheld_parts=withheld_parts.strip(),
        negative_entry=negative_entry,
        published_document=published_document,
        referred_agency=referred_agency,
        not_ours=not_ours or (referred_agency is not None and outcome == Outcome.UNABLE_NOT_HELD),
        special_procedure=special_procedure.strip(),
        procedure_agency=procedure_agency.strip(),
        answered_on=day,
        answered_by=user,
    )
    answer.letter_html = letters.render_letter_html(answer)
    return answer


def answer_preview(
    *, info_request: InformationRequest, user: User, **values: Unpack[AnswerValues]
) -> str:
    """The answer letter (答复告知书) that answering with ``values`` would send, without
    recording anything; raises the same ValidationError as ``request_answer``."""
    TRANSITIONS.check(
        status=info_request.status, status_label=info_request.get_status_display(),
        agency=info_request.agency, user=user, name="answer", what=str(WHAT),
    )  # fmt: skip
    return _answer_build(info_request=info_request, user=user, **values).letter_html


class AnswerValues(TypedDict, total=False):
    """What staff decide when answering: the one outcome and what goes with it (``_answer_build``
    gives the defaults)."""

    outcome: Required[str]
    reasons: str
    withheld_parts: str
    negative_entry: NegativeListEntry | None
    published_document: Document | None
    referred_agency: Agency | None
    answered_on: dt.date | None
    not_ours: bool
    special_procedure: str
    procedure_agency: str


@transaction.atomic
def request_answer(
    *, info_request: InformationRequest, user: User, **values: Unpack[AnswerValues]
) -> InformationRequest:
    """Record the one outcome and produce the answer letter (答复告知书)."""
    locked, from_status = _begin(info_request, user, "answer")
    answer = _answer_build(info_request=locked, user=user, **values)
    answer.save()
    day = answer.answered_on
    locked.outcome = answer.outcome
    locked.answered_on = day
    late = bool(locked.due_date and day > locked.due_date)
    return _finish(locked, from_status, user, "answer",
        note=_("Answered after the due date %(due)s") % {"due": locked.due_date} if late else "",
        public_note=_("Your request was answered: %(outcome)s.")
        % {"outcome": Outcome(answer.outcome).label},
    )  # fmt: skip


@transaction.atomic
def request_close(
    *,
    info_request: InformationRequest,
    user: User,
    delivery_method: str,
    delivered_on: dt.date,
) -> InformationRequest:
    """Record how the answer was delivered (in person: the day signed for; by post: the day
    handed to the postal service) and close the request."""
    locked, from_status = _begin(info_request, user, "close")
    answer = locked.answer
    _check_day(delivered_on, not_before=answer.answered_on, what=_("The delivery date"))
    answer.delivery_method = delivery_method
    answer.delivered_on = delivered_on
    answer.save(update_fields=["delivery_method", "delivered_on"])
    # Art 33: the answer is given on its delivery date (by post: 交邮之日), so that date, not
    # the day the letter was written, decides whether it was in time.
    late = bool(locked.due_date and delivered_on > locked.due_date)
    return _finish(locked, from_status, user, "close",
        note=_("Delivered after the due date %(due)s") % {"due": locked.due_date} if late else "",
        public_note=_("The answer was delivered."),
    )  # fmt: skip


@transaction.atomic
def request_withdraw(
    *, info_request: InformationRequest, user: User | None, reason: str = ""
) -> InformationRequest:
    """The applicant withdraws the request (recorded by staff, or by the applicant on the
    tracking page with the access code, in which case ``user`` is None)."""
    transition = TRANSITIONS["withdraw"]
    if user is None:
        locked = InformationRequest.objects.select_for_update().get(pk=info_request.pk)
        if locked.status not in transition.sources:
            raise ValidationError(_("This request is already closed."))
    else:
        locked, from_status = _begin(info_request, user, "withdraw")
    from_status = locked.status
    locked.status = Status.CLOSED
    locked.outcome = Outcome.OTHER
    locked.closed_on = timezone.localdate()
    locked.pauses.filter(ended_on=None).update(ended_on=locked.closed_on)
    locked.save()
    record_event(
        info_request=locked, user=user, actor_label="申请人" if user is None else "",
        action="withdraw", from_status=from_status, to_status=Status.CLOSED,
        note=reason.strip(), public_note=_("The request was withdrawn."), visible=True,
    )  # fmt: skip
    notifications.status_changed_later(locked.pk)
    return locked
