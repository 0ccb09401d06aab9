"""Celery tasks of the annual reports: thin, idempotent."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import OperationalError

from reports import publishing


# Annual report (Art 49): reminders in January (departments) and March (government-wide),
# escalated after 31 January / 31 March. Daily from beat in January-April; idempotent.
@shared_task(autoretry_for=(OSError, OperationalError), retry_backoff=True, max_retries=5)
def send_annual_report_reminders(day: str | None = None) -> int:
    return publishing.send_report_reminders(dt.date.fromisoformat(day) if day else None)
