"""The reply clock in working days of the portal's calendar: holidays, make-up working days,
extensions, reopening, and stored dates that follow a change of the calendar."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from django.core.exceptions import PermissionDenied, ValidationError

from interaction import clock, handling
from interaction.models import MessageStatus, Rating
from portal import workdays
from portal.models import CalendarDay
from tests.interaction.conftest import at, submit

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_message_sent_on_a_holiday_is_received_on_the_next_working_day(desk_a, agency_a):
    # Sat 26 Sep 2026 is in the Mid-autumn holiday; Mon 28 Sep is the next working day.
    message = submit(agency_a, when=at(2026, 9, 26)).message
    assert message.received_on == D(2026, 9, 28)
    # 咨询: 5 working days: 29, 30 Sep; (1-7 Oct National Day) 8, 9 Oct; Sat 10 Oct (worked).
    assert message.due_on == D(2026, 10, 10)


def test_fifteen_working_days_across_national_day(desk_a, agency_a):
    # 建议 from Wed 30 Sep: 8, 9, Sat 10 Oct = 3; 12-16 Oct = 8; 19-23 Oct = 13; 26, 27 Oct = 15.
    message = submit(agency_a, when=at(2026, 9, 30), kind_code="suggest").message
    assert message.received_on == D(2026, 9, 30)
    assert message.due_on == D(2026, 10, 27)


def test_the_period_of_a_kind_is_configurable(desk_a, agency_a):
    from interaction.models import MessageKind

    MessageKind.objects.filter(code="consult").update(reply_workdays=3)
    message = submit(agency_a, when=at(2026, 11, 2)).message  # Monday
    assert message.due_on == D(2026, 11, 5)


def test_the_office_head_extends_once_with_a_reason(desk_a, agency_a, head_a, handler_a):
    message = submit(agency_a, when=at(2026, 11, 2)).message  # due Mon 9 Nov
    with time_machine.travel(at(2026, 11, 4), tick=False):
        with pytest.raises(PermissionDenied):
            handling.message_extend(message=message, user=handler_a, workdays=5, reason="需协调")
        with pytest.raises(ValidationError, match="reason"):
            handling.message_extend(message=message, user=head_a, workdays=5, reason=" ")
        extended = handling.message_extend(
            message=message, user=head_a, workdays=5, reason="需多部门会商"
        )
        assert extended.due_on == D(2026, 11, 16)
        with pytest.raises(ValidationError, match="already extended"):
            handling.message_extend(message=message, user=head_a, workdays=2, reason="再延")
    shown = extended.events.filter(visible=True, action="extend").get()
    assert "需多部门会商" in shown.public_note and "2026-11-16" in shown.public_note


def test_a_dissatisfied_citizen_reopens_once_with_a_new_period(desk_a, agency_a):
    message = submit(agency_a, when=at(2026, 11, 2)).message
    message.status = MessageStatus.REPLIED
    message.replied_on = D(2026, 11, 4)
    message.save()
    with time_machine.travel(at(2026, 11, 6), tick=False):
        rated = handling.message_rate(message=message, rating=Rating.DISSATISFIED)
        assert rated.status == MessageStatus.REPLIED and rated.can_reopen
        reopened = handling.message_reopen(message=message, reason="没有回答夫妻双方如何计算")
    assert reopened.status == MessageStatus.IN_PROGRESS
    assert reopened.reopened_on == D(2026, 11, 6)
    assert reopened.due_on == D(2026, 11, 13)  # 5 working days from Fri 6 Nov
    reopened.status = MessageStatus.REPLIED
    reopened.replied_on = D(2026, 11, 10)
    reopened.save()
    closed = handling.message_rate(message=reopened, rating=Rating.DISSATISFIED)
    assert closed.status == MessageStatus.CLOSED  # the second time, dissatisfied closes it
    with pytest.raises(ValidationError, match="once"):
        handling.message_reopen(message=closed, reason="再次")


def test_due_dates_follow_a_change_of_the_calendar(desk_a, agency_a, admin_user):
    message = submit(agency_a, when=at(2026, 11, 2)).message  # due Mon 9 Nov
    assert message.due_on == D(2026, 11, 9)
    # An extra rest day on Wed 4 Nov moves the due date one working day on.
    day = CalendarDay(date=D(2026, 11, 4), is_workday=False, name="临时调休")
    workdays.calendar_day_save(day=day)
    message.refresh_from_db()
    assert message.due_on == D(2026, 11, 10)


def test_working_days_taken_and_in_time(desk_a, agency_a):
    message = submit(agency_a, when=at(2026, 9, 30)).message  # due Tue 13 Oct
    message.replied_on = D(2026, 10, 12)
    assert clock.workdays_taken(message) == 4  # 8, 9, 10, 12 Oct
    assert clock.replied_in_time(message) is True
    message.replied_on = D(2026, 10, 14)
    assert clock.replied_in_time(message) is False
