"""The reply clock of a message, in working days of the portal's calendar (``portal.workdays``:
holidays and make-up working days included).

A message submitted on a working day is received that day; one submitted on a rest day or a
holiday is received on the next working day. The reply is due the kind's number of working days
after receipt (counting starts the day after, as for requests), plus an extension the office head
approved. A message reopened after a dissatisfied rating gets a new period from the day it was
reopened. Stored due dates follow later changes of the calendar (``recompute_due_dates``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from interaction.models import Message, MessageStatus
from portal import workdays
from portal.workdays import CalendarChange, WorkDate

#: Reminders go to the handlers this many working days before the due date.
REMINDER_WORKDAYS = (3, 1)


def receipt_date(submitted: dt.date) -> dt.date:
    """The day a message counts as received: the day submitted, or the next working day."""
    if workdays.is_workday(submitted):
        return submitted
    return workdays.add_workdays(submitted, 1)


def reply_due(*, received: dt.date, period_workdays: int, extension_workdays: int = 0) -> WorkDate:
    return workdays.add_workdays(received, period_workdays + extension_workdays)


def clock_start(message: Message) -> dt.date:
    """Receipt, or the day a reopened message was reopened (its new period runs from then)."""
    return message.reopened_on or message.received_on


def due_date(message: Message) -> WorkDate:
    return reply_due(
        received=clock_start(message),
        period_workdays=message.kind.reply_workdays,
        extension_workdays=message.extension_workdays,
    )


def workdays_left(message: Message, today: dt.date | None = None) -> int:
    """Working days from today to the due date: 0 on the due day, negative when overdue."""
    return int(workdays.workdays_between(today or timezone.localdate(), message.due_on))


def workdays_taken(message: Message) -> int | None:
    """Working days from receipt to the (last) reply, or None before a reply."""
    if message.replied_on is None:
        return None
    return max(0, int(workdays.workdays_between(clock_start(message), message.replied_on)))


def replied_in_time(message: Message) -> bool | None:
    if message.replied_on is None:
        return None
    return message.replied_on <= message.due_on


@transaction.atomic
def recompute_due_dates(change: CalendarChange) -> int:
    """The calendar changed: open messages whose period may cross the changed days get their
    due date again (registered with ``portal.workdays`` in ``InteractionConfig.ready``)."""
    changed = 0
    candidates = (
        Message.objects.select_for_update()
        .select_related("kind")
        .filter(status__in=[MessageStatus.RECEIVED, MessageStatus.IN_PROGRESS])
        .filter(due_on__gte=change.first - dt.timedelta(days=1), received_on__lte=change.last)
    )
    for message in candidates:
        due = due_date(message)
        if due != message.due_on:
            Message.objects.filter(pk=message.pk).update(due_on=due)
            changed += 1
    return changed
