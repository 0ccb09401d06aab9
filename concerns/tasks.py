"""Celery tasks of 回应关切: thin, idempotent, safe to run twice."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import OperationalError

from concerns import escalation


# Every ten minutes from beat (the limits are hours); optionally for a given ISO time.
@shared_task(autoretry_for=(OSError, OperationalError), retry_backoff=True, max_retries=5)
def sweep_response_clock(at: str | None = None) -> dict[str, int]:
    return escalation.sweep(dt.datetime.fromisoformat(at) if at else None)
