"""Stored dates follow the calendar (domain-spec §8).

Every date of a request computed in working days — the answer due date, the correction and
fee periods, the consulted parties' reply due dates — is recomputed when the calendar changes
(a year's arrangement entered, a day overridden), in the calendar's own transaction, and loses
its provisional mark once it rests on official data. Where the applicant sees the date (answer,
correction, fee), the timeline says what changed and why.

Registered with the calendar in ``RequestsConfig.ready`` (``portal.workdays.register_date_keeper``).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from portal.workdays import CalendarChange
from requests_app import deadlines, notifications
from requests_app.clock import refresh_due_date
from requests_app.models import (
    Correction,
    Extension,
    FeeNotice,
    InformationRequest,
    Pause,
    Status,
)
from requests_app.timeline import record_event


def _affected(first: dt.date, last: dt.date, *, start: str, due: str) -> Q:
    """A date counted from ``start`` to ``due`` can move only if a changed day lies in
    between (or the date is provisional and the change makes it official)."""
    return Q(**{f"{start}__lte": last}) & (
        Q(**{f"{due}__gte": first}) | Q(**{f"{due}__isnull": True})
    )


def _tell_applicant(info_request: InformationRequest, what: str, before: dt.date | None,
                    after: dt.date, reason: str) -> None:  # fmt: skip
    if before is None:
        # No date was stored, so the applicant was shown none: nothing moved for them.
        return
    record_event(
        info_request=info_request,
        user=None,
        actor_label="系统",
        action="calendar_change",
        note=f"{what}: {before.isoformat()} → {after.isoformat()} ({reason})",
        public_note=_("Because %(reason)s, the %(what)s is now %(after)s (was %(before)s).")
        % {"reason": reason, "what": what, "after": after.isoformat(),
           "before": before.isoformat()},
        visible=True,
    )  # fmt: skip
    notifications.status_changed_later(info_request.pk)


def _reply_dues(change: CalendarChange) -> int:
    """Consulted parties' 15 working days (Art 32, Art 34) of requests still open."""
    changed = 0
    pauses = Pause.objects.filter(
        kind__in=[Pause.Kind.THIRD_PARTY, Pause.Kind.AGENCY],
        request__status__in=[Status.THIRD_PARTY, Status.AGENCY_CONSULT, Status.RECEIVED,
                             Status.IN_PROGRESS, Status.FEE_PENDING],
        started_on__lte=change.last,
    ).filter(Q(reply_due__gte=change.first) | Q(reply_due_provisional=True))  # fmt: skip
    for pause in pauses.select_for_update():
        due = deadlines.consultation_reply_due(pause.letter_received_on or pause.started_on)
        if (pause.reply_due, pause.reply_due_provisional) != (due, due.provisional):
            before = pause.reply_due
            pause.reply_due, pause.reply_due_provisional = due, due.provisional
            pause.save(update_fields=["reply_due", "reply_due_provisional"])
            if before != due:
                record_event(
                    info_request=pause.request, user=None, actor_label="系统",
                    action="calendar_change",
                    note=f"{pause.get_kind_display()}: {before} → {due} ({change.reason})",
                )  # fmt: skip
            changed += 1
    return changed


def _answer_dues(change: CalendarChange) -> int:
    changed = 0
    requests = (
        InformationRequest.objects.filter(
            status__in=[
                Status.RECEIVED,
                Status.IN_PROGRESS,
                Status.THIRD_PARTY,
                Status.AGENCY_CONSULT,
                Status.FEE_PENDING,
                Status.ANSWERED,
            ],
            received_on__isnull=False,
        )
        .filter(
            _affected(change.first, change.last, start="received_on", due="due_date")
            | Q(due_provisional=True)
        )
        .select_for_update()
        .prefetch_related(
            Prefetch("pauses", queryset=Pause.objects.order_by("started_on", "id")),
            Prefetch("extensions", queryset=Extension.objects.all()),
        )
    )
    for info_request in requests:
        before = (info_request.due_date, info_request.due_provisional)
        refresh_due_date(info_request)
        if (info_request.due_date, info_request.due_provisional) == before:
            continue
        info_request.save(update_fields=["due_date", "due_provisional", "updated_at"])
        after = info_request.due_date
        if after is not None and before[0] != after and info_request.status != Status.ANSWERED:
            _tell_applicant(info_request, _("answer due date"), before[0], after, change.reason)
        changed += 1
    return changed


def _correction_dues(change: CalendarChange) -> int:
    changed = 0
    corrections = (
        Correction.objects.filter(request__status=Status.CORRECTION, served_on__isnull=False)
        .filter(
            _affected(change.first, change.last, start="served_on", due="due_on")
            | Q(due_provisional=True)
        )
        .select_related("request")
        .select_for_update(of=("self",))
    )
    for correction in corrections:
        assert correction.served_on is not None  # selected above
        due = deadlines.correction_due(correction.served_on, correction.period_workdays)
        if (correction.due_on, correction.due_provisional) == (due, due.provisional):
            continue
        before = correction.due_on
        correction.due_on, correction.due_provisional = due, due.provisional
        correction.save(update_fields=["due_on", "due_provisional"])
        if before != due:
            _tell_applicant(correction.request, _("correction due date"), before, due,
                            change.reason)  # fmt: skip
        changed += 1
    return changed


def _fee_dues(change: CalendarChange) -> int:
    changed = 0
    notices = (
        FeeNotice.objects.filter(
            request__status=Status.FEE_PENDING,
            paid_on=None,
            waived=False,
            received_on__isnull=False,
        )
        .filter(
            _affected(change.first, change.last, start="received_on", due="pay_by")
            | Q(pay_by_provisional=True)
        )
        .select_related("request")
        .select_for_update(of=("self",))
    )
    for notice in notices:
        assert notice.received_on is not None  # selected above
        due = deadlines.fee_payment_due(notice.received_on)
        if (notice.pay_by, notice.pay_by_provisional) == (due, due.provisional):
            continue
        before = notice.pay_by
        notice.pay_by, notice.pay_by_provisional = due, due.provisional
        notice.save(update_fields=["pay_by", "pay_by_provisional"])
        if before != due:
            _tell_applicant(notice.request, _("last day to pay the fee"), before, due,
                            change.reason)  # fmt: skip
        changed += 1
    return changed


def recompute_stored_dates(change: CalendarChange) -> int:
    """Recompute every request date the change can move; returns how many changed.

    Reply due dates first: they bound the consultations' pauses, which the answer due date
    counts.
    """
    return _reply_dues(change) + _answer_dues(change) + _correction_dues(change) + _fee_dues(change)
