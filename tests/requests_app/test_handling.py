"""The handling state machine: every move, forbidden moves, roles, and the clock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from requests_app import deadlines, handling
from requests_app.models import InformationRequest, Outcome, RequestEvent, Status
from tests.requests_app.conftest import enter

pytestmark = pytest.mark.django_db
D = dt.date


def reload(request) -> InformationRequest:
    return InformationRequest.objects.get(pk=request.pk)


def test_a_request_entered_by_staff_is_received_with_its_due_date(received):
    assert received.status == Status.RECEIVED
    assert received.tracking_number.startswith("2026-")
    assert received.due_date == D(2026, 10, 22)  # across Mid-Autumn and National Day
    event = RequestEvent.objects.get(request=received)
    assert event.visible_to_applicant and "2026-09-18" in event.public_note


def test_handler_starts_handling(received, handler_a):
    assert (
        handling.request_start(info_request=received, user=handler_a).status == Status.IN_PROGRESS
    )


def test_staff_of_another_agency_cannot_touch_the_request(received, staff_b):
    with pytest.raises(PermissionDenied):
        handling.request_start(info_request=received, user=staff_b)
    assert reload(received).status == Status.RECEIVED


def test_an_illegal_move_is_refused_with_a_clear_message(received, handler_a):
    with pytest.raises(ValidationError, match="not possible while the request is"):
        handling.request_fee_paid(info_request=received, user=handler_a, paid_on=D(2026, 9, 20))


def test_correction_must_be_asked_within_seven_working_days(received, handler_a):
    with pytest.raises(ValidationError, match="within 7 working days"):
        handling.request_correction(
            info_request=received,
            user=handler_a,
            notified_on=D(2026, 10, 9),
            what_to_supplement="文号",
        )
    assert reload(received).status == Status.RECEIVED


def test_correction_restarts_the_clock(received, handler_a):
    handling.request_correction(
        info_request=received,
        user=handler_a,
        notified_on=D(2026, 9, 21),
        what_to_supplement="请说明所需信息的年份",
    )
    waiting = reload(received)
    assert waiting.status == Status.CORRECTION and waiting.due_date is None
    corrected = handling.request_receive_correction(
        info_request=received, user=handler_a, received_on=D(2026, 10, 12)
    )
    assert corrected.status == Status.IN_PROGRESS
    # 20 working days from Mon 12 Oct 2026.
    assert corrected.due_date == D(2026, 11, 9)
    last = RequestEvent.objects.filter(request=received).last()
    assert (last.from_status, last.to_status) == (Status.CORRECTION, Status.IN_PROGRESS)


def test_only_one_correction_notice(received, handler_a):
    handling.request_correction(
        info_request=received, user=handler_a, notified_on=D(2026, 9, 21), what_to_supplement="年份"
    )
    handling.request_receive_correction(
        info_request=received, user=handler_a, received_on=D(2026, 9, 22)
    )
    with pytest.raises(ValidationError, match="one correction notice"):
        handling.request_correction(
            info_request=received,
            user=handler_a,
            notified_on=D(2026, 9, 23),
            what_to_supplement="再次",
        )


def test_no_correction_in_time_closes_as_abandoned(received, handler_a):
    handling.request_correction(
        info_request=received,
        user=handler_a,
        notified_on=D(2026, 9, 21),
        what_to_supplement="年份",
        period_workdays=5,
    )
    with pytest.raises(ValidationError, match="correction period runs until"):
        handling.request_abandon(info_request=received, user=None, today=D(2026, 9, 25))
    closed = handling.request_abandon(info_request=received, user=None, today=D(2026, 10, 9))
    assert closed.status == Status.CLOSED
    assert closed.outcome == Outcome.OTHER_NO_CORRECTION


def test_third_party_consultation_pauses_the_clock(received, handler_a):
    handling.request_start(info_request=received, user=handler_a)
    handling.request_consult_third_party(
        info_request=received, user=handler_a, sent_on=D(2026, 9, 21), party="某某公司"
    )
    assert reload(received).status == Status.THIRD_PARTY
    replied = handling.request_third_party_replied(
        info_request=received, user=handler_a, ended_on=D(2026, 9, 24), result="objection"
    )
    # 22, 23, 24 Sep were paused: three working days more.
    assert replied.due_date == D(2026, 10, 27)


def test_third_party_silence_is_not_taken_before_fifteen_working_days(received, handler_a):
    handling.request_consult_third_party(
        info_request=received, user=handler_a, sent_on=D(2026, 9, 21), party="某某公司"
    )
    with pytest.raises(ValidationError, match="has until"):
        handling.request_third_party_replied(
            info_request=received, user=handler_a, ended_on=D(2026, 9, 30), result="no_reply"
        )


def test_only_the_office_head_extends(agency_a, handler_a, head_a):
    # Extensions are approved before the period runs out, so this request is a recent one.
    received_on = timezone.localdate() - dt.timedelta(days=3)
    request = enter(agency_a, handler_a, received_on)
    with pytest.raises(PermissionDenied):
        handling.request_extend(info_request=request, user=handler_a, workdays=10, reason="复杂")
    extended = handling.request_extend(
        info_request=request, user=head_a, workdays=20, reason="涉及多个部门，需要调取档案"
    )
    assert extended.due_date == deadlines.answer_due(received=received_on, extension_workdays=20)
    assert extended.due_date > request.due_date
    assert extended.status == Status.RECEIVED
    with pytest.raises(ValidationError, match="at most 20"):
        handling.request_extend(info_request=request, user=head_a, workdays=1, reason="再延")


def test_an_expired_period_cannot_be_extended(received, head_a):
    with pytest.raises(ValidationError, match="already run out"):
        handling.request_extend(info_request=received, user=head_a, workdays=5, reason="晚了")


def test_the_eleventh_request_of_the_month_costs_100_yuan_by_count(agency_a, handler_a):
    for _ in range(10):
        enter(agency_a, handler_a, D(2026, 9, 18))
    eleventh = enter(agency_a, handler_a, D(2026, 9, 18))
    first = InformationRequest.objects.order_by("pk").first()
    with pytest.raises(ValidationError, match="No fee is due"):
        handling.request_fee_notice(
            info_request=first, user=handler_a, method="by_count", sent_on=D(2026, 9, 21)
        )
    handling.request_fee_notice(
        info_request=eleventh, user=handler_a, method="by_count", sent_on=D(2026, 9, 21)
    )
    waiting = reload(eleventh)
    assert waiting.status == Status.FEE_PENDING
    notice = waiting.fees.get()
    assert (notice.quantity, notice.amount) == (11, Decimal(100))


def test_fee_by_volume_and_payment(received, handler_a):
    handling.request_fee_notice(
        info_request=received, user=handler_a, method="by_volume", pages=45, sent_on=D(2026, 9, 21)
    )
    notice = reload(received).fees.get()
    assert notice.amount == Decimal(150)
    # 20 working days from Mon 21 Sep: Mid-Autumn and National Day are skipped.
    assert notice.pay_by == D(2026, 10, 26)
    paid = handling.request_fee_paid(info_request=received, user=handler_a, paid_on=D(2026, 9, 28))
    assert paid.status == Status.IN_PROGRESS
    # 22-24 Sep and 28 Sep were paused (25-27 Sep: Mid-Autumn): four working days more.
    assert paid.due_date == D(2026, 10, 28)


def test_no_fee_notice_when_nothing_is_due(received, handler_a):
    with pytest.raises(ValidationError, match="No fee is due"):
        handling.request_fee_notice(
            info_request=received,
            user=handler_a,
            method="by_volume",
            pages=30,
            sent_on=D(2026, 9, 21),
        )


def test_unpaid_fee_closes_the_request_after_twenty_working_days(received, handler_a):
    handling.request_fee_notice(
        info_request=received, user=handler_a, method="by_volume", pages=45, sent_on=D(2026, 9, 21)
    )
    with pytest.raises(ValidationError, match="can be paid until"):
        handling.request_fee_expired(info_request=received, user=None, today=D(2026, 10, 26))
    closed = handling.request_fee_expired(info_request=received, user=None, today=D(2026, 10, 27))
    assert closed.status == Status.CLOSED and closed.outcome == Outcome.OTHER_FEE_UNPAID


def test_the_system_cannot_perform_staff_moves(received):
    with pytest.raises(PermissionDenied):
        handling.request_start(info_request=received, user=None)


def test_applicant_withdraws(received):
    closed = handling.request_withdraw(
        info_request=received, user=None, reason="已通过其他途径获取"
    )
    assert closed.status == Status.CLOSED and closed.outcome == Outcome.OTHER
    event = RequestEvent.objects.filter(request=received).last()
    assert event.actor is None and event.actor_label == "申请人" and event.visible_to_applicant


def test_future_dates_are_refused(received, handler_a):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        handling.request_consult_agency(
            info_request=received, user=handler_a, sent_on=tomorrow, party="市财政局"
        )


def test_available_actions_depend_on_role(received, handler_a, head_a, staff_b):
    assert "start" in dict(handling.available_actions(received, handler_a))
    assert set(dict(handling.available_actions(received, head_a))) == {"extend"}
    assert handling.available_actions(received, staff_b) == []
