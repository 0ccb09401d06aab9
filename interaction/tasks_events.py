"""Celery tasks of interviews and public meetings: thin and idempotent."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from interaction import events


@shared_task(autoretry_for=(OSError, OperationalError), retry_backoff=True, max_retries=5)
def anonymise_meeting_applications() -> int:
    """Daily: erase applicants' data of meetings past the retention period. Safe to run twice
    (erased applications are marked and skipped)."""
    return events.anonymise_past_applications()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_decision(application_id: int) -> bool:
    """The decision on an application to attend, e-mailed once."""
    return events.deliver_decision_notice(application_id)
