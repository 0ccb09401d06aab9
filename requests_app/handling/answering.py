"""The answer (Art 36) in one of the outcomes of the annual report, delivery and closing, and
withdrawal by the applicant."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.models import Document, NegativeListEntry
from portal.models import Agency
from requests_app import notifications
from requests_app.handling.machine import (
    TRANSITIONS,
    _begin,
    _check_day,
    _finish,
)
from requests_app.models import (
    WITHHELD_GROUNDS,
    Answer,
    InformationRequest,
    Outcome,
    Status,
)
from requests_app.timeline import record_event


def check_answer(
    *,
    request: InformationRequest,
    outcome: str,
    negative_entry: NegativeListEntry | None,
    published_document: Document | None,
    referred_agency: Agency | None,
    reasons: str,
    withheld_parts: str,
) -> None:
    """The rules of Art 36-37 for each kind of answer; raises ValidationError by field."""
    errors: dict[str, str] = {}
    if outcome not in Outcome.values or outcome in {
        Outcome.OTHER_NO_CORRECTION,
        Outcome.OTHER_FEE_UNPAID,
    }:
        errors["outcome"] = _("Choose the kind of answer.")
    if outcome == Outcome.ALREADY_PUBLIC and (
        published_document is None or published_document.status != "published"
    ):
        errors["published_document"] = _("Point to the published document (Art 36).")
    if outcome in WITHHELD_GROUNDS:
        if not reasons.strip():
            errors["reasons"] = _("A refusal states its legal ground and reasons (Art 36).")
        if negative_entry is not None and (
            negative_entry.agency_id != request.agency_id
            or negative_entry.legal_ground != WITHHELD_GROUNDS[outcome]
        ):
            errors["negative_entry"] = _(
                "Choose an entry of this agency's negative list with the same legal ground."
            )
    elif negative_entry is not None:
        errors["negative_entry"] = _("Only a refusal cites a negative-list entry.")
    if outcome == Outcome.PARTIAL and not withheld_parts.strip():
        errors["withheld_parts"] = _("Say which parts are withheld and why (Art 37).")
    if outcome == Outcome.UNABLE_NOT_HELD and referred_agency == request.agency:
        errors["referred_agency"] = _("Name another agency, or leave it empty if unknown.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def request_answer(
    *,
    request: InformationRequest,
    user: AbstractBaseUser,
    outcome: str,
    reasons: str = "",
    withheld_parts: str = "",
    negative_entry: NegativeListEntry | None = None,
    published_document: Document | None = None,
    referred_agency: Agency | None = None,
    answered_on: dt.date | None = None,
) -> InformationRequest:
    """Record the one outcome and produce the answer letter (答复告知书)."""
    from requests_app import answers

    locked = _begin(request, user, "answer")
    check_answer(
        request=locked,
        outcome=outcome,
        negative_entry=negative_entry,
        published_document=published_document,
        referred_agency=referred_agency,
        reasons=reasons,
        withheld_parts=withheld_parts,
    )
    day = answered_on or timezone.localdate()
    _check_day(day, not_before=locked.received_on, what=_("The answer date"))
    answer = Answer(
        request=locked,
        outcome=outcome,
        reasons=reasons.strip(),
        withheld_parts=withheld_parts.strip(),
        negative_entry=negative_entry,
        published_document=published_document,
        referred_agency=referred_agency,
        answered_on=day,
        answered_by=user,
    )
    answer.letter_html = answers.render_letter_html(answer)
    answer.save()
    locked.outcome = outcome
    locked.answered_on = day
    late = bool(locked.due_date and day > locked.due_date)
    return _finish(
        locked, user, "answer",
        note=_("Answered after the due date %(due)s") % {"due": locked.due_date} if late else "",
        public_note=_("Your request was answered: %(outcome)s.")
        % {"outcome": Outcome(outcome).label},
    )  # fmt: skip


@transaction.atomic
def request_close(
    *,
    request: InformationRequest,
    user: AbstractBaseUser,
    delivery_method: str,
    delivered_on: dt.date,
) -> InformationRequest:
    """Record how the answer was delivered (in person: the day signed for; by post: the day
    handed to the postal service) and close the request."""
    locked = _begin(request, user, "close")
    answer = locked.answer
    _check_day(delivered_on, not_before=answer.answered_on, what=_("The delivery date"))
    answer.delivery_method = delivery_method
    answer.delivered_on = delivered_on
    answer.save(update_fields=["delivery_method", "delivered_on"])
    return _finish(locked, user, "close", public_note=_("The answer was delivered."))


@transaction.atomic
def request_withdraw(
    *, request: InformationRequest, user: AbstractBaseUser | None, reason: str = ""
) -> InformationRequest:
    """The applicant withdraws the request (recorded by staff, or by the applicant on the
    tracking page with the access code, in which case ``user`` is None)."""
    transition = TRANSITIONS["withdraw"]
    if user is None:
        locked = InformationRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status not in transition.sources:
            raise ValidationError(_("This request is already closed."))
    else:
        locked = _begin(request, user, "withdraw")
    from_status = locked.status
    locked.status = Status.CLOSED
    locked.outcome = Outcome.OTHER
    locked.closed_on = timezone.localdate()
    locked.pauses.filter(ended_on=None).update(ended_on=locked.closed_on)
    locked.save()
    record_event(
        request=locked, user=user, actor_label="申请人" if user is None else "",
        action="withdraw", from_status=from_status, to_status=Status.CLOSED,
        note=reason.strip(), public_note=_("The request was withdrawn."), visible=True,
    )  # fmt: skip
    notifications.status_changed_later(locked.pk)
    return locked
