"""What stops or stretches the answer period: a correction (Art 30), consultations of a third
party (Art 32) or another agency (Art 34), and an extension (Art 33)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.typed import StrOrPromise
from requests_app import deadlines
from requests_app.clock import refresh_due_date
from requests_app.handling.machine import (
    _begin,
    _check_day,
    _close_pause,
    _finish,
    _open_pause,
    served_date,
)
from requests_app.models import (
    Correction,
    Extension,
    InformationRequest,
    NoticeService,
    Outcome,
    Pause,
)


@transaction.atomic
def request_correction(
    *,
    info_request: InformationRequest,
    user: User,
    notified_on: dt.date,
    what_to_supplement: str,
    period_workdays: int = 15,
    served_by: str = NoticeService.ELECTRONIC,
    served_on: dt.date | None = None,
) -> InformationRequest:
    """Art 30: ask once, within 7 working days of receipt, what to supplement and by when.

    The period runs from the day the applicant receives the notice (domain-spec §8): the day
    it is sent when sent electronically, the delivery date when posted — until that is
    recorded (``request_notice_served``) the correction has no due date and nothing expires.
    """
    locked, from_status = _begin(info_request, user, "request_correction")
    if Correction.objects.filter(request=locked).exists():
        raise ValidationError(_("Art 30 allows one correction notice per request."))
    if not what_to_supplement.strip():
        raise ValidationError(_("State what the applicant should supplement."))
    if not 1 <= period_workdays <= 60:
        raise ValidationError(_("Give a reasonable period of 1 to 60 working days."))
    assert locked.received_on is not None  # registered: every status after SUBMITTED has one
    _check_day(notified_on, not_before=locked.received_on, what=_("The notice date"))
    latest = deadlines.correction_notice_due(locked.received_on)
    if notified_on > latest:
        raise ValidationError(
            _("Art 30: the correction notice is due within 7 working days of receipt, by %(date)s.")
            % {"date": latest.isoformat()}
        )
    served = served_date(served_by, sent_on=notified_on, served_on=served_on)
    due = deadlines.correction_due(served, period_workdays) if served else None
    Correction.objects.create(
        request=locked,
        notified_on=notified_on,
        what_to_supplement=what_to_supplement.strip(),
        period_workdays=period_workdays,
        served_by=served_by,
        served_on=served,
        due_on=due,
        due_provisional=bool(due and due.provisional),
    )
    if due is None:
        public_note = _(
            "Please supplement your request within %(n)d working days of receiving our "
            "notice: %(what)s"
        ) % {"n": period_workdays, "what": what_to_supplement.strip()}
    else:
        public_note = _("Please supplement your request by %(due)s: %(what)s") % {
            "due": due.isoformat(),
            "what": what_to_supplement.strip(),
        }
    return _finish(locked, from_status, user, "request_correction", public_note=public_note)


@transaction.atomic
def request_receive_correction(
    *, info_request: InformationRequest, user: User, received_on: dt.date
) -> InformationRequest:
    """Art 30: the 20 working days start again from the corrected request's receipt."""
    locked, from_status = _begin(info_request, user, "receive_correction")
    correction = locked.correction
    _check_day(received_on, not_before=correction.notified_on, what=_("The receipt date"))
    correction.received_on = received_on
    correction.save(update_fields=["received_on"])
    locked.corrected_on = received_on
    return _finish(
        locked,
        from_status,
        user,
        "receive_correction",
        public_note=_("Your corrected request was received on %(date)s.")
        % {"date": received_on.isoformat()},
    )


@transaction.atomic
def request_abandon(
    *, info_request: InformationRequest, user: User | None, today: dt.date | None = None
) -> InformationRequest:
    """No correction within the period without good reason: the request is not processed
    further (annual report 其他处理-1)."""
    locked, from_status = _begin(info_request, user, "abandon")
    correction = locked.correction
    day = today or timezone.localdate()
    if correction.due_on is None:
        raise ValidationError(
            _("The correction period has not started: record when the applicant received the "
              "notice.")
        )  # fmt: skip
    if correction.due_provisional:
        raise ValidationError(
            _("The correction period ends on a provisional date (%(date)s): enter the year's "
              "holiday arrangement before closing the request.")
            % {"date": correction.due_on.isoformat()}
        )  # fmt: skip
    if day <= correction.due_on:
        raise ValidationError(
            _("The correction period runs until %(date)s.")
            % {"date": correction.due_on.isoformat()}
        )
    locked.outcome = Outcome.OTHER_NO_CORRECTION
    return _finish(
        locked,
        from_status,
        user,
        "abandon",
        public_note=_("The request was not corrected by %(date)s and is closed.")
        % {"date": correction.due_on.isoformat()},
    )


THIRD_PARTY_RESULTS: dict[str, StrOrPromise] = {
    "consent": gettext_lazy("The third party consents"),
    "objection": gettext_lazy("The third party objects with reasons"),
    "no_reply": gettext_lazy("No reply in time: the agency decides (silence is not consent)"),
}
AGENCY_RESULTS: dict[str, StrOrPromise] = {
    "consent": gettext_lazy("The agency agrees"),
    "objection": gettext_lazy("The agency disagrees"),
    "no_reply": gettext_lazy("No reply in time: taken as consent (Art 34)"),
}


@dataclass(frozen=True)
class _Consultation:
    """What differs between the two consultations that pause the period; each party has 15
    working days from receiving the letter."""

    kind: str
    start: str  # the actions in TRANSITIONS
    end: str
    results: dict[str, StrOrPromise]
    name_the_party: StrOrPromise
    started: StrOrPromise  # what the applicant is told
    ended: StrOrPromise
    reply_pending: StrOrPromise


_CONSULTATIONS = {
    # Art 32: a reasoned objection means withholding unless the public interest is
    # significantly affected; silence is not consent (the agency decides).
    Pause.Kind.THIRD_PARTY: _Consultation(
        Pause.Kind.THIRD_PARTY, "consult_third_party", "third_party_replied", THIRD_PARTY_RESULTS,
        name_the_party=gettext_lazy("Name the third party consulted."),
        started=gettext_lazy(
            "A third party is being consulted (Art 32); this time is not counted."
        ),
        ended=gettext_lazy("The third-party consultation has ended."),
        reply_pending=gettext_lazy("The third party has until %(date)s to reply."),
    ),
    # Art 34: information made jointly with other agencies; silence is taken as consent.
    Pause.Kind.AGENCY: _Consultation(
        Pause.Kind.AGENCY, "consult_agency", "agency_replied", AGENCY_RESULTS,
        name_the_party=gettext_lazy("Name the agency consulted."),
        started=gettext_lazy(
            "Another agency is being consulted (Art 34); this time is not counted."
        ),
        ended=gettext_lazy("The consultation of another agency has ended."),
        reply_pending=gettext_lazy("The agency has until %(date)s to reply."),
    ),
}  # fmt: skip


def _consult(
    consultation: _Consultation,
    info_request: InformationRequest,
    user: User,
    sent_on: dt.date,
    party: str,
    letter_received_on: dt.date | None,
) -> InformationRequest:
    locked, from_status = _begin(info_request, user, consultation.start)
    if not party.strip():
        raise ValidationError(str(consultation.name_the_party))
    pause = _open_pause(locked, consultation.kind, sent_on, party, letter_received_on)
    assert pause.reply_due is not None  # a consultation's reply is due 15 working days on
    return _finish(
        locked,
        from_status,
        user,
        consultation.start,
        note=_("Reply due %(date)s; the answer period stops at most until then.")
        % {"date": pause.reply_due.isoformat()},
        public_note=str(consultation.started),
    )


def _consultation_ended(
    consultation: _Consultation,
    info_request: InformationRequest,
    user: User,
    ended_on: dt.date,
    result: str,
) -> InformationRequest:
    if result not in consultation.results:
        raise ValidationError(_("Choose the result of the consultation."))
    locked, from_status = _begin(info_request, user, consultation.end)
    outcome = str(consultation.results[result])
    pause = _close_pause(locked, consultation.kind, ended_on, outcome, reply=result)
    assert pause.reply_due is not None  # set when the consultation was opened (_open_pause)
    if result == "no_reply" and ended_on <= pause.reply_due:
        raise ValidationError(str(consultation.reply_pending) % {"date": pause.reply_due})
    note = outcome
    if ended_on > pause.reply_due:
        # Domain-spec §8: the pause is bounded by the reply period; the days after it counted.
        late = -deadlines.workdays_left(pause.reply_due, ended_on)
        note = _(
            "%(outcome)s. Closed %(n)d working day(s) after the reply due date %(date)s: the "
            "answer period stopped only until %(date)s."
        ) % {"outcome": outcome, "n": late, "date": pause.reply_due.isoformat()}
    return _finish(
        locked, from_status, user, consultation.end, note=note, public_note=str(consultation.ended)
    )


@transaction.atomic
def request_consult_third_party(
    *,
    info_request: InformationRequest,
    user: User,
    sent_on: dt.date,
    party: str,
    letter_received_on: dt.date | None = None,
) -> InformationRequest:
    """Art 32: ask the third party in writing; the consultation time is not counted."""
    consultation = _CONSULTATIONS[Pause.Kind.THIRD_PARTY]
    return _consult(consultation, info_request, user, sent_on, party, letter_received_on)


@transaction.atomic
def request_third_party_replied(
    *, info_request: InformationRequest, user: User, ended_on: dt.date, result: str
) -> InformationRequest:
    consultation = _CONSULTATIONS[Pause.Kind.THIRD_PARTY]
    return _consultation_ended(consultation, info_request, user, ended_on, result)


@transaction.atomic
def request_consult_agency(
    *,
    info_request: InformationRequest,
    user: User,
    sent_on: dt.date,
    party: str,
    letter_received_on: dt.date | None = None,
) -> InformationRequest:
    """Art 34: consult the agencies that made the information jointly; not counted."""
    consultation = _CONSULTATIONS[Pause.Kind.AGENCY]
    return _consult(consultation, info_request, user, sent_on, party, letter_received_on)


@transaction.atomic
def request_agency_replied(
    *, info_request: InformationRequest, user: User, ended_on: dt.date, result: str
) -> InformationRequest:
    consultation = _CONSULTATIONS[Pause.Kind.AGENCY]
    return _consultation_ended(consultation, info_request, user, ended_on, result)


@transaction.atomic
def request_extend(
    *,
    info_request: InformationRequest,
    user: User,
    workdays: int,
    reason: str,
    applicant_informed_on: dt.date | None = None,
) -> InformationRequest:
    """Art 33: the office head may extend the period once more by at most 20 working days,
    before it runs out, and the applicant is told."""
    locked, from_status = _begin(info_request, user, "extend")
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
    assert locked.due_date is not None  # a received request's clock runs: it has one
    return _finish(locked, from_status, user, "extend", note=reason.strip(),
        public_note=_("The answer period was extended by %(n)d working days, to %(due)s.")
        % {"n": workdays, "due": locked.due_date.isoformat()},
    )  # fmt: skip
