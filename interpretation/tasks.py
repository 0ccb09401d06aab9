"""Celery tasks of the interpretation app: thin, idempotent, taking ids or dates."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import OperationalError

from interpretation import consultations


@shared_task(autoretry_for=(OSError, OperationalError), retry_backoff=True, max_retries=5)
def close_consultations(day: str | None = None) -> tuple[int, int]:
    """Daily: close consultations whose last day has passed, then remind the agencies that
    still owe an adoption report. Safe to run twice (closing and reminders are recorded)."""
    today = dt.date.fromisoformat(day) if day else None
    closed = consultations.close_due_consultations(today)
    reminded = consultations.send_report_reminders(today)
    return closed, reminded
