"""Handling a registered request: the state machine (domain-spec section 4).

    received → in progress → answered → closed
    in progress ⇄ correction (Art 30) | third-party consultation (Art 32)
                | other-agency consultation (Art 34) | fee notice (fee rules)
    correction or fee period expired → closed (其他处理); applicant withdraws → closed

The allowed moves are the data in ``TRANSITIONS``, checked in ``_begin``; every move appends
one event to the timeline and recomputes the due date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosure.models import Document, NegativeListEntry
from portal import access
from portal.models import Agency, StaffRole
from requests_app import deadlines, fees, notifications
from requests_app.clock import refresh_due_date
from requests_app.models import (
    OPEN_STATUSES,
    WITHHELD_GROUNDS,
    Answer,
    Correction,
    Extension,
    FeeNotice,
    InformationRequest,
    Outcome,
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
}  # fmt: skip


def can_perform(request: InformationRequest, user: AbstractBaseUser | None, action: str) -> bool:
    transition = TRANSITIONS[action]
    if request.status not in transition.sources:
        return False
    if user is SYSTEM:
        return transition.system
    return any(access.can_act(user, request.agency_id, role) for role in transition.roles)


def available_actions(request: InformationRequest, user: AbstractBaseUser) -> list[tuple]:
    return [
        (name, str(t.label)) for name, t in TRANSITIONS.items() if can_perform(request, user, name)
    ]


def _begin(
    request: InformationRequest, user: AbstractBaseUser | None, action: str
) -> InformationRequest:
    transition = TRANSITIONS[action]
    locked = (
        InformationRequest.objects.select_for_update().select_related("agency").get(pk=request.pk)
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
        request=locked,
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
def request_start(*, request: InformationRequest, user: AbstractBaseUser) -> InformationRequest:
    locked = _begin(request, user, "start")
    locked.handler = user
    return _finish(locked, user, "start", public_note=_("Your request is being handled."))


@transaction.atomic
def request_correction(
    *,
    request: InformationRequest,
    user: AbstractBaseUser,
    notified_on: dt.date,
    what_to_supplement: str,
    period_workdays: int = 15,
) -> InformationRequest:
    """Art 30: ask once, within 7 working days of receipt, what to supplement and by when."""
    locked = _begin(request, user, "request_correction")
    if Correction.objects.filter(request=locked).exists():
        raise ValidationError(_("Art 30 allows one correction notice per request."))
    if not what_to_supplement.strip():
        raise ValidationError(_("State what the applicant should supplement."))
    if not 1 <= period_workdays <= 60:
        raise ValidationError(_("Give a reasonable period of 1 to 60 working days."))
    _check_day(notified_on, not_before=locked.received_on, what=_("The notice date"))
    latest = deadlines.correction_notice_due(locked.received_on)
    if notified_on > latest:
        raise ValidationError(
            _("Art 30: the correction notice is due within 7 working days of receipt, by %(date)s.")
            % {"date": latest.isoformat()}
        )
    due = deadlines.correction_due(notified_on, period_workdays)
    Correction.objects.create(
        request=locked,
        notified_on=notified_on,
        what_to_supplement=what_to_supplement.strip(),
        period_workdays=period_workdays,
        due_on=due,
    )
    return _finish(
        locked,
        user,
        "request_correction",
        public_note=_("Please supplement your request by %(due)s: %(what)s")
        % {"due": due.isoformat(), "what": what_to_supplement.strip()},
    )


@transaction.atomic
def request_receive_correction(
    *, request: InformationRequest, user: AbstractBaseUser, received_on: dt.date
) -> InformationRequest:
    """Art 30: the 20 working days start again from the corrected request's receipt."""
    locked = _begin(request, user, "receive_correction")
    correction = locked.correction
    _check_day(received_on, not_before=correction.notified_on, what=_("The receipt date"))
    correction.received_on = received_on
    correction.save(update_fields=["received_on"])
    locked.corrected_on = received_on
    return _finish(
        locked,
        user,
        "receive_correction",
        public_note=_("Your corrected request was received on %(date)s.")
        % {"date": received_on.isoformat()},
    )


@transaction.atomic
def request_abandon(
    *, request: InformationRequest, user: AbstractBaseUser | None, today: dt.date | None = None
) -> InformationRequest:
    """No correction within the period without good reason: the request is not processed
    further (annual report 其他处理-1)."""
    locked = _begin(request, user, "abandon")
    day = today or timezone.localdate()
    if day <= locked.correction.due_on:
        raise ValidationError(
            _("The correction period runs until %(date)s.")
            % {"date": locked.correction.due_on.isoformat()}
        )
    locked.outcome = Outcome.OTHER_NO_CORRECTION
    return _finish(
        locked,
        user,
        "abandon",
        public_note=_("The request was not corrected by %(date)s and is closed.")
        % {"date": locked.correction.due_on.isoformat()},
    )


def _open_pause(
    locked: InformationRequest, kind: str, started_on: dt.date, party: str, letter_received: dt.date
) -> Pause:
    _check_day(started_on, not_before=locked.received_on, what=_("The start date"))
    return Pause.objects.create(
        request=locked,
        kind=kind,
        started_on=started_on,
        party=party.strip(),
        reply_due=deadlines.consultation_reply_due(letter_received),
    )


def _close_pause(locked: InformationRequest, kind: str, ended_on: dt.date, result: str) -> Pause:
    pause = locked.pauses.filter(kind=kind, ended_on=None).get()
    _check_day(ended_on, not_before=pause.started_on, what=_("The end date"))
    pause.ended_on = ended_on
    pause.result = result.strip()[:200]
    pause.save(update_fields=["ended_on", "result"])
    return pause


@transaction.atomic
def request_consult_third_party(
    *,
    request: InformationRequest,
    user: AbstractBaseUser,
    sent_on: dt.date,
    party: str,
    letter_received_on: dt.date | None = None,
) -> InformationRequest:
    """Art 32: ask the third party in writing; it has 15 working days from receiving the letter.
    The consultation time is not counted in the answer period."""
    locked = _begin(request, user, "consult_third_party")
    if not party.strip():
        raise ValidationError(_("Name the third party consulted."))
    pause = _open_pause(
        locked, Pause.Kind.THIRD_PARTY, sent_on, party, letter_received_on or sent_on
    )
    return _finish(
        locked,
        user,
        "consult_third_party",
        note=_("Reply due %(date)s") % {"date": pause.reply_due.isoformat()},
        public_note=_("A third party is being consulted (Art 32); this time is not counted."),
    )


THIRD_PARTY_RESULTS = {
    "consent": gettext_lazy("The third party consents"),
    "objection": gettext_lazy("The third party objects with reasons"),
    "no_reply": gettext_lazy("No reply in time: the agency decides (silence is not consent)"),
}
AGENCY_RESULTS = {
    "consent": gettext_lazy("The agency agrees"),
    "objection": gettext_lazy("The agency disagrees"),
    "no_reply": gettext_lazy("No reply in time: taken as consent (Art 34)"),
}


@transaction.atomic
def request_third_party_replied(
    *, request: InformationRequest, user: AbstractBaseUser, ended_on: dt.date, result: str
) -> InformationRequest:
    """Art 32: a reasoned objection means withholding unless the public interest is
    significantly affected; silence is not consent (the agency decides)."""
    if result not in THIRD_PARTY_RESULTS:
        raise ValidationError(_("Choose the result of the consultation."))
    locked = _begin(request, user, "third_party_replied")
    pause = _close_pause(locked, Pause.Kind.THIRD_PARTY, ended_on, str(THIRD_PARTY_RESULTS[result]))
    if result == "no_reply" and ended_on <= pause.reply_due:
        raise ValidationError(
            _("The third party has until %(date)s to reply.") % {"date": pause.reply_due}
        )
    return _finish(
        locked, user, "third_party_replied", note=str(THIRD_PARTY_RESULTS[result]),
        public_note=_("The third-party consultation has ended."),
    )  # fmt: skip


@transaction.atomic
def request_consult_agency(
    *,
    request: InformationRequest,
    user: AbstractBaseUser,
    sent_on: dt.date,
    party: str,
    letter_received_on: dt.date | None = None,
) -> InformationRequest:
    """Art 34: information made jointly with other agencies; they have 15 working days."""
    locked = _begin(request, user, "consult_agency")
    if not party.strip():
        raise ValidationError(_("Name the agency consulted."))
    pause = _open_pause(locked, Pause.Kind.AGENCY, sent_on, party, letter_received_on or sent_on)
    return _finish(
        locked,
        user,
        "consult_agency",
        note=_("Reply due %(date)s") % {"date": pause.reply_due.isoformat()},
        public_note=_("Another agency is being consulted (Art 34); this time is not counted."),
    )


@transaction.atomic
def request_agency_replied(
    *, request: InformationRequest, user: AbstractBaseUser, ended_on: dt.date, result: str
) -> InformationRequest:
    """Art 34: an agency that does not reply in 15 working days is taken to agree."""
    if result not in AGENCY_RESULTS:
        raise ValidationError(_("Choose the result of the consultation."))
    locked = _begin(request, user, "agency_replied")
    pause = _close_pause(locked, Pause.Kind.AGENCY, ended_on, str(AGENCY_RESULTS[result]))
    if result == "no_reply" and ended_on <= pause.reply_due:
        raise ValidationError(
            _("The agency has until %(date)s to reply.") % {"date": pause.reply_due}
        )
    return _finish(
        locked, user, "agency_replied", note=str(AGENCY_RESULTS[result]),
        public_note=_("The consultation of another agency has ended."),
    )  # fmt: skip


@transaction.atomic
def request_extend(
    *,
    request: InformationRequest,
    user: AbstractBaseUser,
    workdays: int,
    reason: str,
    applicant_informed_on: dt.date | None = None,
) -> InformationRequest:
    """Art 33: the office head may extend the period once more by at most 20 working days,
    before it runs out, and the applicant is told."""
    locked = _begin(request, user, "extend")
    already = sum(e.workdays for e in locked.extensions.all())
    if not 1 <= workdays <= deadlines.MAX_EXTENSION_WORKDAYS - already:
        raise ValidationError(
            _("Art 33 allows at most %(max)d working days of extension in all; %(left)d left.")
            % {"max": deadlines.MAX_EXTENSION_WORKDAYS,
               "left": deadlines.MAX_EXTENSION_WORKDAYS - already}
        )  # fmt: skip
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension."))
    today = timezone.localdate()
    if locked.due_date and today > locked.due_date:
        raise ValidationError(_("The answer period has already run out; it cannot be extended."))
    Extension.objects.create(
        request=locked,
        workdays=workdays,
        reason=reason.strip(),
        approved_by=user,
        approved_on=today,
        applicant_informed_on=applicant_informed_on or today,
    )
    refresh_due_date(locked)
    return _finish(
        locked, user, "extend", note=reason.strip(),
        public_note=_("The answer period was extended by %(n)d working days, to %(due)s.")
        % {"n": workdays, "due": locked.due_date.isoformat()},
    )  # fmt: skip


@transaction.atomic
def request_fee_notice(
    *,
    request: InformationRequest,
    user: AbstractBaseUser,
    method: str,
    pages: int | None = None,
    sent_on: dt.date,
    received_on: dt.date | None = None,
) -> InformationRequest:
    """Send a fee notice within the answer period; the clock stops until payment."""
    locked = _begin(request, user, "fee_notice")
    if locked.due_date and sent_on > locked.due_date:
        raise ValidationError(_("The fee notice must be sent within the answer period."))
    if method == FeeNotice.Method.BY_COUNT:
        quantity = fees.position_in_month(
            InformationRequest.objects.all(),
            applicant_key=locked.applicant_key,
            submitted_at=locked.submitted_at,
            request_id=locked.pk,
        )
        amount = fees.fee_by_count(quantity)
    elif method == FeeNotice.Method.BY_VOLUME:
        if pages is None or pages < 0:
            raise ValidationError(_("Give the number of pages."))
        quantity = pages
        amount = fees.fee_by_volume(pages)
    else:
        raise ValidationError(_("Choose how the fee is counted."))
    if amount <= Decimal(0):
        raise ValidationError(
            _("No fee is due (%(basis)s): nothing to notify.") % {"basis": quantity}
        )
    _check_day(sent_on, not_before=locked.received_on, what=_("The notice date"))
    received = received_on or sent_on
    notice = FeeNotice.objects.create(
        request=locked,
        method=method,
        quantity=quantity,
        amount=amount,
        sent_on=sent_on,
        received_on=received,
        pay_by=deadlines.fee_payment_due(received),
    )
    Pause.objects.create(request=locked, kind=Pause.Kind.FEE, started_on=sent_on)
    return _finish(
        locked,
        user,
        "fee_notice",
        public_note=_("A processing fee of %(amount)s yuan is due by %(date)s.")
        % {"amount": notice.amount, "date": notice.pay_by.isoformat()},
    )


def _open_fee(locked: InformationRequest) -> FeeNotice:
    return locked.fees.filter(paid_on=None, waived=False).order_by("-sent_on", "-id").first()


@transaction.atomic
def request_fee_paid(
    *, request: InformationRequest, user: AbstractBaseUser, paid_on: dt.date
) -> InformationRequest:
    locked = _begin(request, user, "fee_paid")
    notice = _open_fee(locked)
    _check_day(paid_on, not_before=notice.sent_on, what=_("The payment date"))
    notice.paid_on = paid_on
    notice.save(update_fields=["paid_on"])
    _close_pause(locked, Pause.Kind.FEE, paid_on, "paid")
    return _finish(locked, user, "fee_paid", public_note=_("Your payment was recorded."))


@transaction.atomic
def request_fee_waived(
    *, request: InformationRequest, user: AbstractBaseUser, reason: str
) -> InformationRequest:
    locked = _begin(request, user, "fee_waived")
    if not reason.strip():
        raise ValidationError(_("Give the reason for the waiver."))
    notice = _open_fee(locked)
    notice.waived = True
    notice.waiver_reason = reason.strip()
    notice.save(update_fields=["waived", "waiver_reason"])
    _close_pause(locked, Pause.Kind.FEE, timezone.localdate(), "waived")
    return _finish(
        locked, user, "fee_waived", note=reason.strip(), public_note=_("The fee was waived.")
    )


@transaction.atomic
def request_fee_expired(
    *, request: InformationRequest, user: AbstractBaseUser | None, today: dt.date | None = None
) -> InformationRequest:
    """Unpaid within 20 working days: the request is not processed further (其他处理-2)."""
    locked = _begin(request, user, "fee_expired")
    notice = _open_fee(locked)
    day = today or timezone.localdate()
    if day <= notice.pay_by:
        raise ValidationError(_("The fee can be paid until %(date)s.") % {"date": notice.pay_by})
    locked.pauses.filter(kind=Pause.Kind.FEE, ended_on=None).update(ended_on=notice.pay_by)
    locked.outcome = Outcome.OTHER_FEE_UNPAID
    return _finish(
        locked, user, "fee_expired",
        public_note=_("The fee was not paid by %(date)s; the request is closed.")
        % {"date": notice.pay_by.isoformat()},
    )  # fmt: skip


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
