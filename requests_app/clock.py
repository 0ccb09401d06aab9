"""Keeping a request's stored due date in step with its receipt, correction, extensions,
pauses and an Art 35 later date. The rules themselves are the pure functions of
``deadlines``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from requests_app import deadlines
from requests_app.models import InformationRequest, Pause, Status

# Art 32 and Art 34: the consulted party has 15 working days; the answer period stops at most
# until then (domain-spec §8), whenever the consultation is closed.
CONSULTATION_KINDS = frozenset({Pause.Kind.THIRD_PARTY, Pause.Kind.AGENCY})


def pause_counted_until(pause: Pause, today: dt.date) -> dt.date:
    """The last day a pause stops the answer clock.

    A consultation stops it until it ends, but never past its reply due date: time after that
    counts even while the consultation stays open. An open consultation is therefore counted up
    to its reply due date, which makes the stored due date exact once that day has passed and
    never too early before. An open fee pause counts up to today (payment ends it).
    """
    if pause.kind in CONSULTATION_KINDS and pause.reply_due:
        end = pause.ended_on or pause.reply_due
        return min(end, pause.reply_due)
    return pause.ended_on or today


def pauses_of(info_request: InformationRequest) -> list[tuple[dt.date, dt.date]]:
    """The request's pauses as (start, end) as the answer clock counts them."""
    today = timezone.localdate()
    return [
        (pause.started_on, pause_counted_until(pause, today)) for pause in info_request.pauses.all()
    ]


def refresh_due_date(info_request: InformationRequest) -> None:
    """Set ``due_date`` / ``due_provisional`` (the caller saves).

    No due date before receipt, and none while the applicant is asked to correct the request:
    Art 30 restarts the 20 working days when the corrected request arrives. A later date the
    office head set under Art 35 replaces the computed one.
    """
    if info_request.received_on is None or info_request.status == Status.CORRECTION:
        info_request.due_date = None
        info_request.due_provisional = False
        return
    inquiry = getattr(info_request, "volume_inquiry", None) if info_request.pk else None
    if inquiry is not None and inquiry.later_due_on:
        info_request.due_date = inquiry.later_due_on
        info_request.due_provisional = False
        return
    extension = sum(e.workdays for e in info_request.extensions.all()) if info_request.pk else 0
    due = deadlines.answer_due(
        received=info_request.received_on,
        corrected=info_request.corrected_on,
        extension_workdays=extension,
        pauses=pauses_of(info_request) if info_request.pk else [],
    )
    info_request.due_date = due
    info_request.due_provisional = due.provisional
