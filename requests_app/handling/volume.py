"""Art 35: "申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人说明
理由。行政机关认为申请理由不合理的，告知申请人不予处理；行政机关认为申请理由合理，但是无法在
本条例第三十三条规定的期限内答复申请人的，可以确定延迟答复的合理期限并告知申请人。"

Both branches: the handler asks for reasons and records them; the office head decides. An
unreasonable reason lets the handler answer 不予处理 (annual report 不予处理-4); a reasonable
one that cannot be answered in time gets a reasonable later date set by the office head, which
becomes the request's due date (so reminders, the overdue marks and the applicant's page all
use it).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_app.handling.machine import _begin, _check_day, _finish
from requests_app.models import InformationRequest, VolumeInquiry

Decision = VolumeInquiry.Decision


@transaction.atomic
def request_ask_reasons(
    *, info_request: InformationRequest, user: User, asked_on: dt.date, question: str
) -> InformationRequest:
    """Ask the applicant to explain the number or frequency of their requests."""
    locked, from_status = _begin(info_request, user, "ask_reasons")
    if VolumeInquiry.objects.filter(request=locked).exists():
        raise ValidationError(_("The applicant was already asked for reasons (Art 35)."))
    if not question.strip():
        raise ValidationError(_("Say what the applicant should explain."))
    _check_day(asked_on, not_before=locked.received_on, what=_("The day asked"))
    VolumeInquiry.objects.create(request=locked, asked_on=asked_on, question=question.strip())
    return _finish(locked, from_status, user, "ask_reasons",
        public_note=_("The number or frequency of your requests clearly exceeds a reasonable "
                      "range; please explain your reasons (Art 35): %(question)s")
        % {"question": question.strip()},
    )  # fmt: skip


@transaction.atomic
def request_reasons_received(
    *, info_request: InformationRequest, user: User, received_on: dt.date, reply: str
) -> InformationRequest:
    locked, from_status = _begin(info_request, user, "reasons_received")
    inquiry = _inquiry(locked)
    if inquiry.decision:
        raise ValidationError(_("The office head has already decided on the reasons."))
    if not reply.strip():
        raise ValidationError(_("Record the applicant's reasons."))
    _check_day(received_on, not_before=inquiry.asked_on, what=_("The day received"))
    inquiry.reply_received_on, inquiry.reply = received_on, reply.strip()
    inquiry.save(update_fields=["reply_received_on", "reply"])
    return _finish(locked, from_status, user, "reasons_received", note=reply.strip(), visible=False)


@transaction.atomic
def request_volume_decision(
    *,
    info_request: InformationRequest,
    user: User,
    decision: str,
    reason: str,
    later_due_on: dt.date | None = None,
) -> InformationRequest:
    """The office head decides: the reasons are not reasonable (the handler then answers
    不予处理), or reasonable but the request cannot be answered within Art 33's period — then
    a reasonable later date replaces the due date, and the applicant is told."""
    locked, from_status = _begin(info_request, user, "volume_decision")
    inquiry = _inquiry(locked)
    if inquiry.decision:
        raise ValidationError(_("The office head has already decided on the reasons."))
    if decision not in Decision.values:
        raise ValidationError(_("Choose a decision."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the decision."))
    public_note = ""
    if decision == Decision.LATER_DATE:
        if later_due_on is None:
            raise ValidationError(_("Set the reasonable later date for the answer."))
        if locked.due_date and later_due_on <= locked.due_date:
            raise ValidationError(
                _("The later date must come after the current due date %(date)s.")
                % {"date": locked.due_date.isoformat()}
            )
        if later_due_on <= timezone.localdate():
            raise ValidationError(_("The later date must be in the future."))
        inquiry.later_due_on = later_due_on
        public_note = _(
            "Your reasons were found reasonable, but the request cannot be answered within the "
            "statutory period; it will be answered by %(date)s (Art 35). Reason: %(reason)s"
        ) % {"date": later_due_on.isoformat(), "reason": reason.strip()}
    elif later_due_on is not None:
        raise ValidationError(_("Only a reasonable request gets a later date."))
    inquiry.decision = decision
    inquiry.decision_reason = reason.strip()
    inquiry.decided_on = timezone.localdate()
    inquiry.decided_by = user
    inquiry.save()
    # The due date follows the later date (``clock.refresh_due_date``).
    return _finish(
        locked,
        from_status,
        user,
        "volume_decision",
        note=f"{Decision(decision).label}: {reason.strip()}",
        public_note=public_note,
        visible=bool(public_note),
    )


def _inquiry(locked: InformationRequest) -> VolumeInquiry:
    inquiry = VolumeInquiry.objects.filter(request=locked).first()
    if inquiry is None:
        raise ValidationError(_("Ask the applicant for reasons first (Art 35)."))
    return inquiry
