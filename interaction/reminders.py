"""The daily sweep of the reply clock: reminders to the handlers a few working days before a
reply is due, and an escalation to the office heads once it is overdue.

Idempotent: each notice is a ``MessageNotice`` row (message, kind, due date) written before it
is sent, so a second run the same day sends nothing, and an extension (a new due date) gets its
own reminders. The sweep runs a fixed number of queries whatever the number of messages; e-mails
go out over one connection, one per agency and kind, and are marked sent only once delivered.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.mail import get_connection
from django.db.models import F, Q
from django.utils import timezone

from interaction.clock import REMINDER_WORKDAYS
from interaction.models import Message, MessageNotice, MessageStatus
from portal import emails, workdays
from portal.models import StaffRole

OVERDUE = "overdue"
OPEN = [MessageStatus.RECEIVED, MessageStatus.IN_PROGRESS]


def reminder_kind(workdays_before: int) -> str:
    return f"remind-{workdays_before}"


def _record(today: dt.date) -> None:
    targets: dict[dt.date, str] = {
        workdays.add_workdays(today, before): reminder_kind(before) for before in REMINDER_WORKDAYS
    }
    due = Message.objects.filter(status__in=OPEN).filter(
        Q(due_on__in=list(targets)) | Q(due_on__lt=today)
    )
    rows = [
        MessageNotice(
            message_id=pk, kind=OVERDUE if due_on < today else targets[due_on], due_on=due_on
        )
        for pk, due_on in due.values_list("pk", "due_on")
    ]
    MessageNotice.objects.bulk_create(rows, ignore_conflicts=True)


def _recipients(agency_ids: set[int]) -> dict[tuple[int, str], list[str]]:
    found: dict[tuple[int, str], list[str]] = defaultdict(list)
    roles = StaffRole.objects.filter(
        agency_id__in=agency_ids,
        role__in=[StaffRole.Role.HANDLER, StaffRole.Role.OFFICE_HEAD],
        user__is_active=True,
    ).exclude(user__email="")
    for agency_id, role, email in roles.values_list("agency_id", "role", "user__email"):
        found[(agency_id, role)].append(email)
    return found


def sweep(today: dt.date | None = None) -> dict[str, int]:
    """Record and send today's reminders and escalations; returns how many messages each
    concerned."""
    today = today or timezone.localdate()
    _record(today)
    pending = list(
        MessageNotice.objects.filter(sent_at=None, message__status__in=OPEN)
        .filter(Q(kind__startswith="remind-") | Q(kind=OVERDUE))
        # Only for the current due date: an extension makes the older notices moot.
        .filter(due_on=F("message__due_on"))
        .select_related("message__agency", "message__kind")
        .order_by("message__due_on", "message_id")
    )
    recipients = _recipients({notice.message.agency_id for notice in pending})
    batches: dict[tuple[int, str], list[MessageNotice]] = defaultdict(list)
    for notice in pending:
        batches[(notice.message.agency_id, notice.kind)].append(notice)
    mails = []
    for (agency_id, kind), notices in batches.items():
        role = StaffRole.Role.OFFICE_HEAD if kind == OVERDUE else StaffRole.Role.HANDLER
        to = sorted(set(recipients.get((agency_id, role), [])))
        if not to:
            continue  # nobody to tell: the inbox and the dashboard show the messages anyway
        name = "message-escalation" if kind == OVERDUE else "message-reminder"
        context = {
            "agency": notices[0].message.agency,
            "messages": [notice.message for notice in notices],
            "today": today,
        }
        mails.append(emails.build(name, to=to, context=context))
    if mails:
        get_connection().send_messages(mails)
    MessageNotice.objects.filter(pk__in=[notice.pk for notice in pending]).update(
        sent_at=timezone.now()
    )
    return {
        "reminders": sum(1 for n in pending if n.kind != OVERDUE),
        "escalations": sum(1 for n in pending if n.kind == OVERDUE),
    }
