"""The state machine of a registered request: the moves allowed from each status (data, in
``TRANSITIONS``), who may make them, and the bookkeeping every move shares (``_begin`` locks
and checks, ``_finish`` writes the status, the due date and one timeline event)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import StaffRole
from publishing.transitions import SYSTEM, AnyUser, Machine, transition
from requests_app import deadlines, notifications
from requests_app.clock import refresh_due_date
from requests_app.models import (
    OPEN_STATUSES,
    InformationRequest,
    NoticeService,
    Pause,
    Status,
)
from requests_app.timeline import record_event

Role = StaffRole.Role

ACTIVE = frozenset({Status.RECEIVED, Status.IN_PROGRESS})


H, HEAD = Role.HANDLER, Role.OFFICE_HEAD
S, F, P = "requests_app.handling", "requests_app.admin.forms", "requests_app.serializers"
RECEIVING = [Status.RECEIVED, Status.IN_PROGRESS, Status.THIRD_PARTY, Status.AGENCY_CONSULT]
# The moves of a registered request: (name, label, from, to, roles, service, form, API payload).
TRANSITIONS = Machine(
    transition("start", gettext_lazy("Start handling"), [Status.RECEIVED], Status.IN_PROGRESS,
               [H], f"{S}.request_start", payload=f"{P}.NoPayload"),
    transition("request_correction", gettext_lazy("Ask for a correction"), ACTIVE,
               Status.CORRECTION, [H], f"{S}.request_correction", form=f"{F}.CorrectionForm",
               payload=f"{P}.CorrectionPayload"),
    transition("receive_correction", gettext_lazy("Correction received"), [Status.CORRECTION],
               Status.IN_PROGRESS, [H], f"{S}.request_receive_correction",
               form=f"{F}.ReceiveCorrectionForm", payload=f"{P}.ReceivedOnPayload"),
    transition("abandon", gettext_lazy("Close: not corrected in time"), [Status.CORRECTION],
               Status.CLOSED, [H], f"{S}.request_abandon", payload=f"{P}.NoPayload",
               system=True),
    transition("consult_third_party", gettext_lazy("Consult a third party"), ACTIVE,
               Status.THIRD_PARTY, [H], f"{S}.request_consult_third_party",
               form=f"{F}.ConsultForm", payload=f"{P}.ConsultPayload"),
    transition("third_party_replied", gettext_lazy("Third-party consultation ended"),
               [Status.THIRD_PARTY], Status.IN_PROGRESS, [H],
               f"{S}.request_third_party_replied", form=f"{F}.ThirdPartyRepliedForm",
               payload=f"{P}.ConsultEndedPayload"),
    transition("consult_agency", gettext_lazy("Consult another agency"), ACTIVE,
               Status.AGENCY_CONSULT, [H], f"{S}.request_consult_agency",
               form=f"{F}.ConsultForm", payload=f"{P}.ConsultPayload"),
    transition("agency_replied", gettext_lazy("Agency consultation ended"),
               [Status.AGENCY_CONSULT], Status.IN_PROGRESS, [H], f"{S}.request_agency_replied",
               form=f"{F}.AgencyRepliedForm", payload=f"{P}.ConsultEndedPayload"),
    # Art 33: only the office head extends.
    transition("extend", gettext_lazy("Extend the answer period"), RECEIVING, None, [HEAD],
               f"{S}.request_extend", form=f"{F}.ExtendForm", payload=f"{P}.ExtendPayload"),
    transition("fee_notice", gettext_lazy("Send a fee notice"), ACTIVE, Status.FEE_PENDING, [H],
               f"{S}.request_fee_notice", form=f"{F}.FeeNoticeForm",
               payload=f"{P}.FeeNoticePayload"),
    transition("fee_paid", gettext_lazy("Fee paid"), [Status.FEE_PENDING], Status.IN_PROGRESS,
               [H], f"{S}.request_fee_paid", form=f"{F}.FeePaidForm",
               payload=f"{P}.FeePaidPayload"),
    transition("fee_waived", gettext_lazy("Waive the fee"), [Status.FEE_PENDING],
               Status.IN_PROGRESS, [H, HEAD], f"{S}.request_fee_waived", form=f"{F}.WaiveForm",
               payload=f"{P}.ReasonPayload"),
    transition("fee_expired", gettext_lazy("Close: fee not paid in time"), [Status.FEE_PENDING],
               Status.CLOSED, [H], f"{S}.request_fee_expired", payload=f"{P}.NoPayload",
               system=True),
    transition("answer", gettext_lazy("Answer"), ACTIVE, Status.ANSWERED, [H],
               f"{S}.request_answer", form=f"{F}.AnswerForm", payload=f"{P}.AnswerPayload"),
    transition("close", gettext_lazy("Record delivery and close"), [Status.ANSWERED],
               Status.CLOSED, [H], f"{S}.request_close", form=f"{F}.CloseForm",
               payload=f"{P}.ClosePayload"),
    transition("withdraw", gettext_lazy("Withdrawn by the applicant"), OPEN_STATUSES,
               Status.CLOSED, [H], f"{S}.request_withdraw", form=f"{F}.WithdrawForm",
               payload=f"{P}.WithdrawPayload"),
    # Art 35: clearly unreasonable numbers or frequency — ask for reasons, the office head
    # decides (not processed, or a reasonable later date).
    transition("ask_reasons", gettext_lazy("Ask for reasons (Art 35)"), ACTIVE, None, [H],
               f"{S}.request_ask_reasons", form=f"{F}.AskReasonsForm",
               payload=f"{P}.AskReasonsPayload"),
    transition("reasons_received", gettext_lazy("Reasons received (Art 35)"), ACTIVE, None, [H],
               f"{S}.request_reasons_received", form=f"{F}.ReasonsReceivedForm",
               payload=f"{P}.ReasonsReceivedPayload"),
    transition("volume_decision", gettext_lazy("Decide on the reasons (Art 35)"), ACTIVE, None,
               [HEAD], f"{S}.request_volume_decision", form=f"{F}.VolumeDecisionForm",
               payload=f"{P}.VolumeDecisionPayload"),
    # Art 32: disclose despite a third party's reasoned objection (public interest).
    transition("disclose_despite_objection",
               gettext_lazy("Disclose despite the objection (Art 32)"), ACTIVE, None, [HEAD],
               f"{S}.request_disclose_despite_objection",
               form=f"{F}.DiscloseDespiteObjectionForm", payload=f"{P}.ReasonPayload"),
    # 一事一申请 (fee rules Art 4): one request per matter.
    transition("split", gettext_lazy("Split into one request per matter"), ACTIVE, None, [H],
               f"{S}.request_split", form=f"{F}.SplitForm", payload=f"{P}.SplitPayload"),
    # The applicant received a posted notice: its period starts (domain-spec §8).
    transition("notice_served", gettext_lazy("Record that the applicant received the notice"),
               [Status.CORRECTION, Status.FEE_PENDING], None, [H], f"{S}.request_notice_served",
               form=f"{F}.NoticeServedForm", payload=f"{P}.NoticeServedPayload"),
    # An automatic closure (其他处理 1, 2) undone because the applicant had good reason
    # (正当理由); the request returns to the correction or the fee it was closed on.
    transition("reopen", gettext_lazy("Reopen: the applicant had good reason"), [Status.CLOSED],
               None, [HEAD], f"{S}.request_reopen", form=f"{F}.ReopenForm",
               payload=f"{P}.ReopenPayload"),
    record="info_request",
)  # fmt: skip
WHAT = gettext_lazy("request")


def can_perform(info_request: InformationRequest, user: AnyUser | None, action: str) -> bool:
    return TRANSITIONS.can_perform(info_request.status, info_request.agency_id, user, action)


def applies(info_request: InformationRequest, action: str) -> bool:
    """Whether a move makes sense for the request's records, beyond its status: offered only
    then (the services check the same and say why otherwise)."""
    from requests_app.models import (
        AUTOMATIC_CLOSURE_OUTCOMES,
        RequestKind,
        VolumeInquiry,
    )

    today = timezone.localdate()
    if action == "abandon":
        correction = getattr(info_request, "correction", None)
        return bool(
            correction and correction.due_on and not correction.due_provisional
            and today > correction.due_on
        )  # fmt: skip
    if action == "fee_expired":
        notice = info_request.fees.filter(paid_on=None, waived=False).order_by("-id").first()
        return bool(
            notice and notice.pay_by and not notice.pay_by_provisional and today > notice.pay_by
        )
    if action == "notice_served":
        if info_request.status == Status.CORRECTION:
            correction = getattr(info_request, "correction", None)
            return bool(correction and correction.served_on is None)
        return info_request.fees.filter(paid_on=None, waived=False, received_on=None).exists()
    if action == "reopen":
        return (
            info_request.outcome in AUTOMATIC_CLOSURE_OUTCOMES
            and info_request.pseudonymised_on is None
        )
    inquiry = VolumeInquiry.objects.filter(request=info_request).first()
    if action == "ask_reasons":
        return inquiry is None
    if action in {"reasons_received", "volume_decision"}:
        return inquiry is not None and not inquiry.decision
    if action == "disclose_despite_objection":
        return info_request.pauses.filter(
            kind=Pause.Kind.THIRD_PARTY, reply="objection", disclosure_notice__isnull=True
        ).exists()
    if action in {"split", "fee_notice"}:
        return info_request.kind == RequestKind.DISCLOSURE and (
            action != "fee_notice" or not info_request.fees.exists()
        )
    return True


def available_actions(info_request: InformationRequest, user: AnyUser) -> list[tuple[str, str]]:
    return [
        (name, str(t.label))
        for name, t in TRANSITIONS.items()
        if can_perform(info_request, user, name) and applies(info_request, name)
    ]


def _begin(
    info_request: InformationRequest, user: User | None, action: str
) -> tuple[InformationRequest, str]:
    """Lock the row and check the move; returns the locked request and its status before the
    move (for the timeline, whatever the service then changes)."""
    locked = (
        InformationRequest.objects.select_for_update()
        .select_related("agency")
        .get(pk=info_request.pk)
    )
    TRANSITIONS.check(
        status=locked.status, status_label=locked.get_status_display(), agency=locked.agency,
        user=user, name=action, what=str(WHAT),
    )  # fmt: skip
    return locked, locked.status


def _finish(
    locked: InformationRequest,
    from_status: str,
    user: User | None,
    action: str,
    *,
    note: str = "",
    public_note: str = "",
    visible: bool = True,
) -> InformationRequest:
    target = TRANSITIONS[action].target
    if target is not None:
        locked.status = target
    if locked.status == Status.CLOSED and locked.closed_on is None:
        locked.closed_on = timezone.localdate()
    if locked.handler_id is None and user is not SYSTEM:
        locked.handler = user
    refresh_due_date(locked)
    locked.save()
    record_event(
        info_request=locked,
        user=user,
        actor_label="系统" if user is SYSTEM else "",
        action=action,
        from_status=from_status,
        to_status=locked.status,
        note=note,
        public_note=public_note,
        visible=visible,
    )
    if visible:
        notifications.status_changed_later(locked.pk)
    return locked


def _check_day(day: dt.date, *, not_before: dt.date | None, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(_("%(what)s cannot be in the future.") % {"what": what})
    if not_before and day < not_before:
        raise ValidationError(
            _("%(what)s cannot be before %(date)s.") % {"what": what, "date": not_before}
        )


@transaction.atomic
def request_start(*, info_request: InformationRequest, user: User) -> InformationRequest:
    locked, from_status = _begin(info_request, user, "start")
    locked.handler = user
    return _finish(
        locked, from_status, user, "start", public_note=_("Your request is being handled.")
    )


def served_date(served_by: str, *, sent_on: dt.date, served_on: dt.date | None) -> dt.date | None:
    """The day the applicant received a notice, from which its period runs (domain-spec §8):
    sent electronically, the day it was sent; by post or in person, the recorded day (None
    until recorded for post)."""
    if served_by not in NoticeService.values:
        raise ValidationError(_("Say how the notice was sent."))
    if served_by == NoticeService.ELECTRONIC:
        return sent_on
    if served_on is None:
        if served_by == NoticeService.IN_PERSON:
            return sent_on
        return None
    _check_day(served_on, not_before=sent_on, what=_("The day the applicant received it"))
    return served_on


def _open_pause(
    locked: InformationRequest,
    kind: str,
    started_on: dt.date,
    party: str,
    letter_received: dt.date | None,
) -> Pause:
    _check_day(started_on, not_before=locked.received_on, what=_("The start date"))
    if letter_received is not None:
        _check_day(letter_received, not_before=started_on, what=_("The day the letter arrived"))
    reply_due = deadlines.consultation_reply_due(letter_received or started_on)
    return Pause.objects.create(
        request=locked,
        kind=kind,
        started_on=started_on,
        party=party.strip(),
        letter_received_on=letter_received,
        reply_due=reply_due,
        reply_due_provisional=reply_due.provisional,
    )


def _close_pause(
    locked: InformationRequest, kind: str, ended_on: dt.date, result: str, reply: str = ""
) -> Pause:
    pause = locked.pauses.filter(kind=kind, ended_on=None).get()
    _check_day(ended_on, not_before=pause.started_on, what=_("The end date"))
    pause.ended_on = ended_on
    pause.result = result.strip()[:200]
    pause.reply = reply
    pause.save(update_fields=["ended_on", "result", "reply"])
    return pause
