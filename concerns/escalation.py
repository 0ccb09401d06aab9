"""The sweep of the response clock: the office head of the responsible agency hears when a
limit nears (``CONCERN_*_WARNING_HOURS`` before it), and once it has passed the office head
again together with the office head of the government above the agency (上级政府, "the
government's leadership": the nearest people's government above it in the agency tree).

Run every ten minutes by Celery beat (``concerns.tasks``); the limits are hours, so it runs at
night, at weekends and on holidays too. Idempotent: each notice is an ``Escalation`` row,
unique per concern, obligation, stage and due time, recorded before it is sent and marked sent
once delivered; a second run sends nothing twice, and a failed delivery leaves the rows unsent
for the next run. E-mails name the concern's subject, agency and limit, never its summary; the
log records counts only.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import get_connection
from django.urls import reverse
from django.utils import timezone

from concerns import clock, selectors
from concerns.models import Concern, Escalation, Stage
from portal import emails
from portal.models import Agency, AgencyKind, StaffRole

logger = logging.getLogger(__name__)

STAGE_OF_STATE = {
    clock.ClockState.DUE_SOON: Stage.DUE_SOON,
    clock.ClockState.OVERDUE: Stage.OVERDUE,
}
Key = tuple[int, str, str, dt.datetime]


def government_above(agency: Agency) -> Agency | None:
    """The nearest people's government above ``agency`` (a department's own government, a
    government's superior one); none for the top of the tree."""
    ancestors = Agency.objects.get_ancestors(agency)
    governments = [a for a in ancestors if a.kind == AgencyKind.GOVERNMENT]
    return governments[-1] if governments else None


def office_heads(agency_ids: set[int]) -> dict[int, list[str]]:
    """The addresses of the active office heads of each agency (one query)."""
    found: dict[int, list[str]] = defaultdict(list)
    rows = (
        StaffRole.objects.filter(
            agency_id__in=agency_ids, role=StaffRole.Role.OFFICE_HEAD, user__is_active=True
        )
        .exclude(user__email="")
        .values_list("agency_id", "user__email")
        .order_by("agency_id", "user__email")
        .distinct()
    )
    for agency_id, email in rows:
        found[agency_id].append(email)
    return found


def due_notices(now: dt.datetime) -> dict[Key, tuple[Concern, clock.ObligationClock]]:
    """Every obligation now due soon or overdue, by the key of its notice."""
    found: dict[Key, tuple[Concern, clock.ObligationClock]] = {}
    for concern in selectors.awaiting_response():
        for obligation_clock in clock.clocks(concern, now):
            stage = STAGE_OF_STATE.get(clock.ClockState(obligation_clock.state))
            if stage is not None:
                key = (concern.pk, obligation_clock.obligation, stage, obligation_clock.due_at)
                found[key] = (concern, obligation_clock)
    return found


def _admin_url(concern: Concern) -> str:
    return f"{settings.SITE_URL}{reverse('admin:concerns_concern_change', args=[concern.pk])}"


def sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """Record and send the notices due now; returns how many of each stage went out."""
    now = now or timezone.now()
    live = due_notices(now)
    Escalation.objects.bulk_create(
        [Escalation(concern_id=k[0], obligation=k[1], stage=k[2], due_at=k[3]) for k in live],
        ignore_conflicts=True,
    )
    # Unsent rows of what is still due: just recorded, or left by a failed delivery. A row
    # whose obligation was met (or whose due time was corrected) meanwhile stays unsent.
    pending = [
        row
        for row in Escalation.objects.filter(
            sent_at=None, concern_id__in={key[0] for key in live}
        ).order_by("due_at", "id")
        if (row.concern_id, row.obligation, row.stage, row.due_at) in live
    ]
    agencies = {live[_key(row)][0].agency for row in pending}
    above = {agency.pk: government_above(agency) for agency in agencies}
    heads = office_heads(
        {agency.pk for agency in agencies} | {g.pk for g in above.values() if g is not None}
    )
    mails, sent = [], []
    for row in pending:
        concern, obligation_clock = live[_key(row)]
        to = set(heads.get(concern.agency_id, []))
        government = above[concern.agency_id]
        if row.stage == Stage.OVERDUE and government is not None:
            to |= set(heads.get(government.pk, []))
        row.recipients = len(to)
        sent.append(row)
        if not to:
            continue  # nobody holds the role: the register shows the state anyway
        context = {
            "concern": concern,
            "clock": obligation_clock,
            "overdue": row.stage == Stage.OVERDUE,
            "government": government,
            "hours": clock.format_hours(obligation_clock.remaining),
            "admin_url": _admin_url(concern),
        }
        mails.append(emails.build("concern-escalation", to=sorted(to), context=context))
    if mails:
        get_connection().send_messages(mails)
    for row in sent:
        row.sent_at = now
    Escalation.objects.bulk_update(sent, ["sent_at", "recipients"])
    counts = {
        "reminders": sum(1 for row in sent if row.stage == Stage.DUE_SOON),
        "escalations": sum(1 for row in sent if row.stage == Stage.OVERDUE),
    }
    logger.info("concern clock sweep: %(reminders)d reminders, %(escalations)d escalations", counts)
    return counts


def _key(row: Escalation) -> Key:
    return (row.concern_id, row.obligation, row.stage, row.due_at)
