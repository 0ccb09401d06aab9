"""The statutory clock of information requests (domain-spec section 4), as pure functions over
the portal's working-day calendar. Every result carries the calendar's provisional mark.

A pause from day S to day E means the working days after S up to and including E do not count
(Art 32 and Art 34 consultations, and the time between a fee notice and its payment).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from portal import workdays
from portal.workdays import WorkDate, WorkdayCount

ANSWER_WORKDAYS = 20  # Art 33
MAX_EXTENSION_WORKDAYS = 20  # Art 33: one extension of at most 20 working days
CORRECTION_NOTICE_WORKDAYS = 7  # Art 30: notify once within 7 working days of receipt
CONSULTATION_WORKDAYS = 15  # Art 32 (third party), Art 34 (other agencies)
FEE_PAYMENT_WORKDAYS = 20  # fee rules: pay within 20 working days of receiving the notice
REMINDER_WORKDAYS = (5, 3, 1)


def merge_pauses(pauses: Iterable[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Overlapping or touching pauses counted once (two consultations may run together)."""
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(pauses):
        if end < start:
            raise ValueError(f"a pause cannot end ({end}) before it starts ({start})")
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def paused_workdays(
    pauses: Iterable[tuple[dt.date, dt.date]], *, clock_start: dt.date
) -> WorkdayCount:
    """Working days inside the pauses that fall after ``clock_start``."""
    total = 0
    provisional = False
    for start, end in merge_pauses(pauses):
        start = max(start, clock_start)
        if end <= start:
            continue
        count = workdays.workdays_between(start, end)
        total += int(count)
        provisional |= count.provisional
    return WorkdayCount(total, provisional)


def answer_due(
    *,
    received: dt.date,
    corrected: dt.date | None = None,
    extension_workdays: int = 0,
    pauses: Iterable[tuple[dt.date, dt.date]] = (),
) -> WorkDate:
    """The day the answer is due (Art 33): 20 working days from receipt — or from receipt of
    the corrected request (Art 30) — plus an approved extension, plus paused working days."""
    if not 0 <= extension_workdays <= MAX_EXTENSION_WORKDAYS:
        raise ValueError(
            f"an extension is 0 to {MAX_EXTENSION_WORKDAYS} working days, not {extension_workdays}"
        )
    clock_start = corrected or received
    if clock_start < received:
        raise ValueError("the corrected request cannot arrive before the original")
    paused = paused_workdays(pauses, clock_start=clock_start)
    due = workdays.add_workdays(clock_start, ANSWER_WORKDAYS + extension_workdays + int(paused))
    return WorkDate.of(due, due.provisional or paused.provisional)


def correction_notice_due(received: dt.date) -> WorkDate:
    """Art 30: the last day to ask the applicant to correct an unclear request."""
    return workdays.add_workdays(received, CORRECTION_NOTICE_WORKDAYS)


def consultation_reply_due(letter_received: dt.date) -> WorkDate:
    """Art 32 / Art 34: the consulted party has 15 working days from receiving the letter."""
    return workdays.add_workdays(letter_received, CONSULTATION_WORKDAYS)


def correction_due(notified: dt.date, period_workdays: int) -> WorkDate:
    """The end of the reasonable period given for a correction."""
    return workdays.add_workdays(notified, period_workdays)


def fee_payment_due(notice_received: dt.date) -> WorkDate:
    """Fee rules: pay within 20 working days from the day after receiving the notice."""
    return workdays.add_workdays(notice_received, FEE_PAYMENT_WORKDAYS)


def online_receipt_date(submitted: dt.date) -> dt.date:
    """Art 31: an online request counts from the day both sides confirm; the portal proposes
    the day it was submitted, or the next working day when submitted on a non-working day."""
    if workdays.is_workday(submitted):
        return submitted
    return workdays.add_workdays(submitted, 1)


def workdays_left(due: dt.date, today: dt.date) -> int:
    """Working days from ``today`` to ``due``: 0 on the due day, negative when overdue."""
    return int(workdays.workdays_between(today, due))
