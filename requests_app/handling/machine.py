"""The state machine of a registered request: the moves allowed from each status (data, in
``TRANSITIONS``), who may make them, and the bookkeeping every move shares (``_begin`` locks
and checks, ``_finish`` writes the status, the due date and one timeline event)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import access
from portal.models import StaffRole
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
SYSTEM = None  # the reminder task acts as the system, not as a user

ACTIVE = frozenset({Status.RECEIVED, Status.IN_PROGRESS})


@dataclass(frozen=True)
class Transition:
    label: str
    sources: frozenset[str]
    target: str | None  # None: the status does not change (e.g. an extension)
    roles: frozenset[str]
    system: bool = False  # the system may perform it (expiry of a period)


def _t(label, sources, target, roles, system=False) -> Transition:
    return Transition(label, frozenset(sources), target, frozenset(roles), system)


H, HEAD = Role.HANDLER, Role.OFFICE_HEAD
TRANSITIONS: dict[str, Transition] = {
    "start": _t(gettext_lazy("Start handling"), [Status.RECEIVED], Status.IN_PROGRESS, [H]),
    "request_correction": _t(
        gettext_lazy("Ask for a correction"), ACTIVE, Status.CORRECTION, [H]
    ),
    "receive_correction": _t(
        gettext_lazy("Correction received"), [Status.CORRECTION], Status.IN_PROGRESS, [H]
    ),
    "abandon": _t(
        gettext_lazy("Close: not corrected in time"), [Status.CORRECTION], Status.CLOSED, [H],
        system=True,
    ),
    "consult_third_party": _t(
        gettext_lazy("Consult a third party"), ACTIVE, Status.THIRD_PARTY, [H]
    ),
    "third_party_replied": _t(
        gettext_lazy("Third-party consultation ended"), [Status.THIRD_PARTY],
        Status.IN_PROGRESS, [H],
    ),
    "consult_agency": _t(
        gettext_lazy("Consult another agency"), ACTIVE, Status.AGENCY_CONSULT, [H]
    ),
    "agency_replied": _t(
        gettext_lazy("Agency consultation ended"), [Status.AGENCY_CONSULT], Status.IN_PROGRESS,
        [H],
    ),
    "extend": _t(
        gettext_lazy("Extend the answer period"),
        [Status.RECEIVED, Status.IN_PROGRESS, Status.THIRD_PARTY, Status.AGENCY_CONSULT],
        None, [HEAD],
    ),
    "fee_notice": _t(gettext_lazy("Send a fee notice"), ACTIVE, Status.FEE_PENDING, [H]),
    "fee_paid": _t(gettext_lazy("Fee paid"), [Status.FEE_PENDING], Status.IN_PROGRESS, [H]),
    "fee_waived": _t(
        gettext_lazy("Waive the fee"), [Status.FEE_PENDING], Status.IN_PROGRESS, [H, HEAD]
    ),
    "fee_expired": _t(
        gettext_lazy("Close: fee not paid in time"), [Status.FEE_PENDING], Status.CLOSED, [H],
        system=True,
    ),
    "answer": _t(gettext_lazy("Answer"), ACTIVE, Status.ANSWERED, [H]),
    "close": _t(
        gettext_lazy("Record delivery and close"), [Status.ANSWERED], Status.CLOSED, [H]
    ),
    "withdraw": _t(
        gettext_lazy("Withdrawn by the applicant"), OPEN_STATUSES, Status.CLOSED, [H]
    ),
    # Art 35: clearly unreasonable numbers or frequency — ask for reasons, the office head
    # decides (not processed, or a reasonable later date).
    "ask_reasons": _t(
        gettext_lazy("Ask for reasons (Art 35)"), ACTIVE, None, [H]
    ),
    "reasons_received": _t(
        gettext_lazy("Reasons received (Art 35)"), ACTIVE, None, [H]
    ),
    "volume_decision": _t(
        gettext_lazy("Decide on the reasons (Art 35)"), ACTIVE, None, [HEAD]
    ),
    # Art 32: disclose despite a third party's reasoned objection (public interest).
    "disclose_despite_objection": _t(
        gettext_lazy("Disclose despite the objection (Art 32)"), ACTIVE, None, [HEAD]
    ),
    # 一事一申请 (fee rules Art 4): one request per matter.
    "split": _t(gettext_lazy("Split into one request per matter"), ACTIVE, None, [H]),
    # The applicant received a posted notice: its period starts (domain-spec §8).
    "notice_served": _t(
        gettext_lazy("Record that the applicant received the notice"),
        [Status.CORRECTION, Status.FEE_PENDING], None, [H],
    ),
    # An automatic closure (其他处理 1, 2) undone because the applicant had good reason
    # (正当理由); the request returns to the correction or the fee it was closed on.
    "reopen": _t(
        gettext_lazy("Reopen: the applicant had good reason"), [Status.CLOSED], None, [HEAD]
    ),
}  # fmt: skip


def can_perform(
    info_request: InformationRequest, user: AbstractBaseUser | None, action: str
) -> bool:
    transition = TRANSITIONS[action]
    if info_request.status not in transition.sources:
        return False
    if user is SYSTEM:
        return transition.system
    return any(access.can_act(user, info_request.agency_id, role) for role in transition.roles)


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


def available_actions(info_request: InformationRequest, user: AbstractBaseUser) -> list[tuple]:
    return [
        (name, str(t.label))
        for name, t in TRANSITIONS.items()
        if can_perform(info_request, user, name) and applies(info_request, name)
    ]


def _begin(
    info_request: InformationRequest, user: AbstractBaseUser | None, action: str
) -> InformationRequest:
    transition = TRANSITIONS[action]
    locked = (
        InformationRequest.objects.select_for_update()
        .select_related("agency")
        .get(pk=info_request.pk)
    )
    if locked.status not in transition.sources:
        raise ValidationError(
            _("“%(action)s” is not possible while the request is “%(status)s”.")
            % {"action": transition.label, "status": locked.get_status_display()}
        )
    if user is SYSTEM:
        if not transition.system:
            raise PermissionDenied(f"{action} is not a system action")
    elif not any(access.can_act(user, locked.agency_id, role) for role in transition.roles):
        roles = "、".join(str(Role(role).label) for role in sorted(transition.roles))
        raise PermissionDenied(
            _("“%(action)s” needs the role %(roles)s in %(agency)s.")
            % {"action": transition.label, "roles": roles, "agency": locked.agency.name}
        )
    locked._from_status = locked.status  # for the timeline, whatever the service changes
    return locked


def _finish(
    locked: InformationRequest,
    user: AbstractBaseUser | None,
    action: str,
    *,
    note: str = "",
    public_note: str = "",
    visible: bool = True,
) -> InformationRequest:
    from_status = getattr(locked, "_from_status", locked.status)
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
def request_start(
    *, info_request: InformationRequest, user: AbstractBaseUser
) -> InformationRequest:
    locked = _begin(info_request, user, "start")
    locked.handler = user
    return _finish(locked, user, "start", public_note=_("Your request is being handled."))


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
