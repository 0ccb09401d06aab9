"""Celery tasks of the requests app: thin, idempotent, taking ids."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import OperationalError

from requests_app import notifications, reminders


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_receipt(request_id: int, sealed_code: str) -> bool:
    """``sealed_code``: the access code sealed with ``privacy.seal``, never in clear."""
    return notifications.deliver_receipt(request_id, sealed_code)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_applicant(request_id: int) -> int:
    return notifications.deliver_status_updates(request_id)


@shared_task
def send_pending_updates() -> int:
    return notifications.send_pending_updates()


def _day(day: str | None) -> dt.date | None:
    return dt.date.fromisoformat(day) if day else None


@shared_task(autoretry_for=(OSError, OperationalError), retry_backoff=True, max_retries=6)
def deliver_staff_notices(ids: list[int]) -> int:
    """A batch of recorded staff notices, over one SMTP connection; what failed is retried."""
    return reminders.deliver(ids)


# The sweeps: daily from beat, idempotent (see ``reminders``), optionally for a given ISO date.
@shared_task(autoretry_for=(OSError, OperationalError), retry_backoff=True, max_retries=5)
def send_deadline_reminders(day: str | None = None) -> int:
    return reminders.send_deadline_reminders(_day(day))


@shared_task(autoretry_for=(OSError, OperationalError), retry_backoff=True, max_retries=5)
def escalate_overdue(day: str | None = None) -> int:
    return reminders.escalate_overdue(_day(day))


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def close_expired_periods(day: str | None = None) -> int:
    return reminders.close_expired_periods(_day(day))


# Retention: daily from beat; each request is pseudonymised once, under a row lock.
@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def pseudonymise_expired_requests(day: str | None = None) -> int:
    from requests_app import retention

    return retention.pseudonymise_expired(today=_day(day))
