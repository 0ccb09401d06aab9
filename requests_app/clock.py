"""Keeping a request's stored due date in step with its receipt, correction, extensions and
pauses. The rules themselves are the pure functions of ``deadlines``."""

from __future__ import annotations

from django.utils import timezone

from requests_app import deadlines
from requests_app.models import InformationRequest, Status


def pauses_of(request: InformationRequest) -> list[tuple]:
    """The request's pauses as (start, end); an open pause counts up to today."""
    today = timezone.localdate()
    return [(pause.started_on, pause.ended_on or today) for pause in request.pauses.all()]


def refresh_due_date(request: InformationRequest) -> None:
    """Set ``due_date`` / ``due_provisional`` (the caller saves).

    No due date before receipt, and none while the applicant is asked to correct the request:
    Art 30 restarts the 20 working days when the corrected request arrives.
    """
    if request.received_on is None or request.status == Status.CORRECTION:
        request.due_date = None
        request.due_provisional = False
        return
    extension = sum(e.workdays for e in request.extensions.all()) if request.pk else 0
    due = deadlines.answer_due(
        received=request.received_on,
        corrected=request.corrected_on,
        extension_workdays=extension,
        pauses=pauses_of(request) if request.pk else [],
    )
    request.due_date = due
    request.due_provisional = due.provisional
