"""The statutory clock (domain-spec section 4) over China's 2026 working calendar."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from requests_app import deadlines

pytestmark = pytest.mark.django_db
D = dt.date


def command(*args: str) -> str:
    out = StringIO()
    call_command("request_deadline", *args, stdout=out)
    return out.getvalue().strip()


def test_twenty_working_days_across_the_spring_festival():
    # Received Tue 10 Feb 2026: 11-13 Feb, Sat 14 Feb (worked) = 4; 15-23 Feb holiday;
    # 24-27 Feb = 8; Sat 28 Feb (worked) = 9; 2-6 Mar = 14; 9-13 Mar = 19; 16 Mar = 20.
    assert deadlines.answer_due(received=D(2026, 2, 10)) == D(2026, 3, 16)


def test_twenty_working_days_across_labour_day():
    # 2026 Labour Day: 1-5 May off, Sat 9 May worked. From Fri 24 Apr: 27-30 Apr = 4;
    # 6-8 May = 7; Sat 9 May = 8; 11-15 May = 13; 18-22 May = 18; 25, 26 May = 20.
    due = deadlines.answer_due(received=D(2026, 4, 24))
    assert due == D(2026, 5, 26)
    assert command("--received", "2026-04-24") == "2026-05-26"


def test_twenty_working_days_across_national_day():
    assert command("--received", "2026-09-18") == "2026-10-22"


def test_correction_restarts_the_clock_from_the_corrected_receipt():
    due = deadlines.answer_due(received=D(2026, 3, 2), corrected=D(2026, 3, 20))
    assert due == deadlines.answer_due(received=D(2026, 3, 20))
    assert command("--received", "2026-03-02", "--corrected", "2026-03-20") == f"{due:%Y-%m-%d}"


def test_a_pause_adds_the_paused_working_days():
    # Paused from Thu 12 Feb to Thu 26 Feb: 13, 14 (Sat worked), 24, 25, 26 Feb = 5 days.
    assert deadlines.paused_workdays([(D(2026, 2, 12), D(2026, 2, 26))],
                                     clock_start=D(2026, 2, 10)) == 5  # fmt: skip
    assert command("--received", "2026-02-10", "--pause", "2026-02-12:2026-02-26") == "2026-03-23"


def test_overlapping_pauses_count_once():
    pauses = [(D(2026, 3, 2), D(2026, 3, 6)), (D(2026, 3, 4), D(2026, 3, 10))]
    assert deadlines.paused_workdays(pauses, clock_start=D(2026, 3, 2)) == 6


def test_a_pause_before_the_corrected_receipt_does_not_count():
    assert deadlines.paused_workdays([(D(2026, 3, 2), D(2026, 3, 6))],
                                     clock_start=D(2026, 3, 5)) == 1  # fmt: skip


def test_an_extension_adds_at_most_twenty_working_days():
    base = deadlines.answer_due(received=D(2026, 6, 1))
    extended = deadlines.answer_due(received=D(2026, 6, 1), extension_workdays=20)
    assert extended > base
    assert command("--received", "2026-06-01", "--extension", "20") == f"{extended:%Y-%m-%d}"
    with pytest.raises(ValueError):
        deadlines.answer_due(received=D(2026, 6, 1), extension_workdays=21)
    with pytest.raises(CommandError):
        command("--received", "2026-06-01", "--extension", "25")


def test_fee_payment_is_due_twenty_working_days_after_the_notice_arrives():
    # Notice received Fri 18 Sep 2026: the same count as an answer period.
    assert deadlines.fee_payment_due(D(2026, 9, 18)) == D(2026, 10, 22)


def test_correction_notice_is_due_within_seven_working_days():
    # Received Wed 30 Sep 2026: 1-7 Oct holiday; 8, 9, 10 (Sat worked), 12, 13, 14, 15 Oct.
    assert deadlines.correction_notice_due(D(2026, 9, 30)) == D(2026, 10, 15)


def test_consultations_have_fifteen_working_days():
    # From Mon 1 Jun 2026: the Dragon Boat Festival (Fri 19 Jun) is skipped.
    assert deadlines.consultation_reply_due(D(2026, 6, 1)) == D(2026, 6, 23)


def test_a_deadline_running_into_a_year_without_calendar_data_is_provisional():
    due = deadlines.answer_due(received=D(2026, 12, 15))
    assert due.provisional
    assert command("--received", "2026-12-15").splitlines()[0].endswith(" provisional")
    assert not deadlines.answer_due(received=D(2026, 11, 2)).provisional


def test_a_provisional_pause_makes_the_due_date_provisional():
    due = deadlines.answer_due(received=D(2026, 6, 1), pauses=[(D(2026, 6, 2), D(2031, 1, 9))])
    assert due.provisional


def test_online_requests_submitted_on_a_rest_day_count_from_the_next_working_day():
    assert deadlines.online_receipt_date(D(2026, 2, 16)) == D(2026, 2, 24)  # Spring Festival
    assert deadlines.online_receipt_date(D(2026, 2, 14)) == D(2026, 2, 14)  # a worked Saturday
    assert deadlines.online_receipt_date(D(2026, 11, 21)) == D(2026, 11, 23)  # a Saturday


def test_bad_command_input_is_a_clear_error():
    with pytest.raises(CommandError, match="not a date"):
        command("--received", "2026-02-30")
    with pytest.raises(CommandError, match="START:END"):
        command("--received", "2026-02-03", "--pause", "2026-02-04")
