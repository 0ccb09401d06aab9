"""Celery tasks of the message box: thin, idempotent, taking ids."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import OperationalError

from interaction import notifications, reminders


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_receipt(message_id: int, sealed_code: str) -> bool:
    """``sealed_code``: the query code sealed with ``privacy.seal``, never in clear."""
    return notifications.deliver_receipt(message_id, sealed_code)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_reply(message_id: int) -> bool:
    return notifications.deliver_reply_notice(message_id)


# The daily sweep from beat, idempotent (``reminders``), optionally for a given ISO date.
@shared_task(autoretry_for=(OSError, OperationalError), retry_backoff=True, max_retries=5)
def sweep_reply_clock(day: str | None = None) -> dict[str, int]:
    return reminders.sweep(dt.date.fromisoformat(day) if day else None)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def pseudonymise_expired_messages(day: str | None = None) -> int:
    from interaction import retention

    return retention.pseudonymise_expired(dt.date.fromisoformat(day) if day else None)
