"""Fees (the fee rules of 2020): the notice pauses the period until payment; unpaid after the
period, the request is closed; the office may waive. One charge per application (Art 3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_app import deadlines, fees, intake
from requests_app.handling.machine import (
    _begin,
    _check_day,
    _close_pause,
    _finish,
    served_date,
)
from requests_app.models import (
    FeeNotice,
    InformationRequest,
    NoticeService,
    Outcome,
    Pause,
    RequestKind,
)


@transaction.atomic
def request_fee_notice(
    *,
    info_request: InformationRequest,
    user: User,
    method: str,
    pages: int | None = None,
    sent_on: dt.date,
    received_on: dt.date | None = None,
    served_by: str = NoticeService.ELECTRONIC,
) -> InformationRequest:
    """Send a fee notice within the answer period; the clock stops until payment.

    Art 3 of the fee rules: by count or by volume, never both and never twice — a second
    notice on an application already charged (paid, unpaid or waived) is refused. The 20
    working days to pay run from the day the applicant receives the notice.
    """
    locked, from_status = _begin(info_request, user, "fee_notice")
    if locked.kind != RequestKind.DISCLOSURE:
        raise ValidationError(_("A request to correct records (Art 41) is not charged."))
    earlier = locked.fees.order_by("sent_on", "id").first()
    if earlier is not None:
        raise ValidationError(
            _("Art 3 of the fee rules: an application is charged once, by count or by volume. "
              "A fee notice for this application was already sent on %(date)s (%(state)s).")
            % {"date": earlier.sent_on.isoformat(), "state": _fee_state(earlier)}
        )  # fmt: skip
    if locked.due_date and sent_on > locked.due_date:
        raise ValidationError(_("The fee notice must be sent within the answer period."))
    if method == FeeNotice.Method.BY_COUNT:
        scope = None if settings.REQUESTS_FEE_COUNT_SCOPE == "all" else locked.agency_id
        assert locked.received_on is not None  # registered: every status after SUBMITTED has one
        quantity = fees.position_in_month(
            InformationRequest.objects.all(),
            applicant_keys=intake.applicant_keys(locked),
            received_on=locked.received_on,
            request_id=locked.pk,
            agency_id=scope,
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
    received = served_date(served_by, sent_on=sent_on, served_on=received_on)
    pay_by = deadlines.fee_payment_due(received) if received else None
    notice = FeeNotice.objects.create(
        request=locked,
        method=method,
        quantity=quantity,
        amount=amount,
        sent_on=sent_on,
        served_by=served_by,
        received_on=received,
        pay_by=pay_by,
        pay_by_provisional=bool(pay_by and pay_by.provisional),
    )
    Pause.objects.create(request=locked, kind=Pause.Kind.FEE, started_on=sent_on)
    if pay_by is None:
        public_note = _(
            "A processing fee of %(amount)s yuan is due within 20 working days of receiving "
            "the fee notice."
        ) % {"amount": notice.amount}
    else:
        public_note = _("A processing fee of %(amount)s yuan is due by %(date)s.") % {
            "amount": notice.amount,
            "date": pay_by.isoformat(),
        }
    return _finish(locked, from_status, user, "fee_notice", public_note=public_note)


def _fee_state(notice: FeeNotice) -> str:
    if notice.waived:
        return _("waived")
    if notice.paid_on:
        return _("paid on %(date)s") % {"date": notice.paid_on.isoformat()}
    return _("not paid")


def _open_fee(locked: InformationRequest) -> FeeNotice:
    """The unpaid notice of a request waiting for its fee (there is one in FEE_PENDING)."""
    return locked.fees.filter(paid_on=None, waived=False).latest("sent_on", "id")


@transaction.atomic
def request_fee_paid(
    *, info_request: InformationRequest, user: User, paid_on: dt.date
) -> InformationRequest:
    locked, from_status = _begin(info_request, user, "fee_paid")
    notice = _open_fee(locked)
    _check_day(paid_on, not_before=notice.sent_on, what=_("The payment date"))
    notice.paid_on = paid_on
    notice.save(update_fields=["paid_on"])
    _close_pause(locked, Pause.Kind.FEE, paid_on, "paid")
    return _finish(
        locked, from_status, user, "fee_paid", public_note=_("Your payment was recorded.")
    )


@transaction.atomic
def request_fee_waived(
    *, info_request: InformationRequest, user: User, reason: str
) -> InformationRequest:
    locked, from_status = _begin(info_request, user, "fee_waived")
    if not reason.strip():
        raise ValidationError(_("Give the reason for the waiver."))
    notice = _open_fee(locked)
    notice.waived = True
    notice.waiver_reason = reason.strip()
    notice.save(update_fields=["waived", "waiver_reason"])
    _close_pause(locked, Pause.Kind.FEE, timezone.localdate(), "waived")
    return _finish(
        locked,
        from_status,
        user,
        "fee_waived",
        note=reason.strip(),
        public_note=_("The fee was waived."),
    )


@transaction.atomic
def request_fee_expired(
    *, info_request: InformationRequest, user: User | None, today: dt.date | None = None
) -> InformationRequest:
    """Unpaid within 20 working days: the request is not processed further (其他处理-2)."""
    locked, from_status = _begin(info_request, user, "fee_expired")
    notice = _open_fee(locked)
    day = today or timezone.localdate()
    if notice.pay_by is None:
        raise ValidationError(
            _("The payment period has not started: record when the applicant received the "
              "fee notice.")
        )  # fmt: skip
    if notice.pay_by_provisional:
        raise ValidationError(
            _("The payment period ends on a provisional date (%(date)s): enter the year's "
              "holiday arrangement before closing the request.")
            % {"date": notice.pay_by.isoformat()}
        )  # fmt: skip
    if day <= notice.pay_by:
        raise ValidationError(_("The fee can be paid until %(date)s.") % {"date": notice.pay_by})
    locked.pauses.filter(kind=Pause.Kind.FEE, ended_on=None).update(ended_on=notice.pay_by)
    locked.outcome = Outcome.OTHER_FEE_UNPAID
    return _finish(locked, from_status, user, "fee_expired",
        public_note=_("The fee was not paid by %(date)s; the request is closed.")
        % {"date": notice.pay_by.isoformat()},
    )  # fmt: skip
