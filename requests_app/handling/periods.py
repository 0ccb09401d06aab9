"""The applicant's own periods — to correct a request (Art 30) and to pay a fee (fee rules):
when they start, and undoing a closure when one ran out although the applicant had good reason.

Domain-spec §8: a period runs from the day the applicant receives the notice (recorded here for
a posted notice), and no automatic closure fires on a provisional date.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import workdays
from requests_app import deadlines
from requests_app.handling.machine import _begin, _check_day, _finish
from requests_app.models import (
    AUTOMATIC_CLOSURE_OUTCOMES,
    InformationRequest,
    Outcome,
    Pause,
    Status,
)

# The reasonable period given again when a closure is undone, unless the office head sets one.
REOPEN_WORKDAYS: dict[str, int] = {Outcome.OTHER_NO_CORRECTION: 15, Outcome.OTHER_FEE_UNPAID: 20}


@transaction.atomic
def request_notice_served(
    *, info_request: InformationRequest, user: User, served_on: dt.date
) -> InformationRequest:
    """Record the day the applicant received a posted correction or fee notice; its period
    runs from then."""
    locked, from_status = _begin(info_request, user, "notice_served")
    if locked.status == Status.CORRECTION:
        notice = locked.correction
        if notice.served_on is not None:
            raise ValidationError(_("The day the applicant received the notice is recorded."))
        _check_day(served_on, not_before=notice.notified_on, what=_("The day of receipt"))
        due = deadlines.correction_due(served_on, notice.period_workdays)
        notice.served_on, notice.due_on, notice.due_provisional = served_on, due, due.provisional
        notice.save(update_fields=["served_on", "due_on", "due_provisional"])
        public_note = _("Your correction notice arrived on %(date)s; please supplement your "
                        "request by %(due)s.")  # fmt: skip
    else:
        fee = locked.fees.filter(paid_on=None, waived=False).latest("id")  # FEE_PENDING: one
        if fee.received_on is not None:
            raise ValidationError(_("The day the applicant received the notice is recorded."))
        _check_day(served_on, not_before=fee.sent_on, what=_("The day of receipt"))
        due = deadlines.fee_payment_due(served_on)
        fee.received_on, fee.pay_by, fee.pay_by_provisional = served_on, due, due.provisional
        fee.save(update_fields=["received_on", "pay_by", "pay_by_provisional"])
        public_note = _("Your fee notice arrived on %(date)s; please pay by %(due)s.")
    return _finish(
        locked,
        from_status,
        user,
        "notice_served",
        public_note=public_note % {"date": served_on.isoformat(), "due": due.isoformat()},
    )


@transaction.atomic
def request_reopen(
    *,
    info_request: InformationRequest,
    user: User,
    reason: str,
    period_workdays: int | None = None,
) -> InformationRequest:
    """Undo an automatic closure (其他处理 1 or 2): the office head found that the applicant
    had good reason (正当理由) for missing the period.

    The request returns to the correction or the fee it was closed on, with a new reasonable
    period from today; the answer clock stays stopped as it was (the correction restarts it on
    receipt, Art 30; the fee pause is open again until payment), so it resumes where it
    stopped. The reason is recorded, and the applicant is told.
    """
    locked, from_status = _begin(info_request, user, "reopen")
    if locked.outcome not in AUTOMATIC_CLOSURE_OUTCOMES:
        raise ValidationError(
            _("Only a request closed because a correction or a fee was not made in time can be "
              "reopened; this one was closed as “%(outcome)s”.")
            % {"outcome": locked.get_outcome_display()}
        )  # fmt: skip
    if locked.pseudonymised_on is not None:
        raise ValidationError(
            _("The applicant's identity and contacts were pseudonymised on %(date)s: the request "
              "cannot be reopened; the applicant may apply again.")
            % {"date": locked.pseudonymised_on.isoformat()}
        )  # fmt: skip
    if not reason.strip():
        raise ValidationError(_("Record the applicant's good reason for reopening."))
    days = period_workdays or REOPEN_WORKDAYS[locked.outcome]
    if not 1 <= days <= 60:
        raise ValidationError(_("Give a reasonable period of 1 to 60 working days."))
    today = timezone.localdate()
    due = workdays.add_workdays(today, days)
    if locked.outcome == Outcome.OTHER_NO_CORRECTION:
        correction = locked.correction
        correction.due_on, correction.due_provisional = due, due.provisional
        correction.save(update_fields=["due_on", "due_provisional"])
        locked.status = Status.CORRECTION
        public_note = _("Your request is handled again: please supplement it by %(due)s.")
    else:
        # Closed as OTHER_FEE_UNPAID: its notice is still unpaid.
        notice = locked.fees.filter(paid_on=None, waived=False).latest("id")
        notice.pay_by, notice.pay_by_provisional = due, due.provisional
        notice.save(update_fields=["pay_by", "pay_by_provisional"])
        # The payment period never ended: the pause runs on until the fee is paid.
        _reopen_fee_pause(locked)
        locked.status = Status.FEE_PENDING
        public_note = _("Your request is handled again: please pay the fee by %(due)s.")
    locked.outcome = ""
    locked.closed_on = None
    return _finish(
        locked,
        from_status,
        user,
        "reopen",
        note=reason.strip(),
        public_note=public_note % {"due": due.isoformat()},
    )


def _reopen_fee_pause(locked: InformationRequest) -> None:
    pause = locked.pauses.filter(kind=Pause.Kind.FEE).order_by("-started_on", "-id").first()
    if pause is not None:
        pause.ended_on = None
        pause.save(update_fields=["ended_on"])
