"""Celery tasks of the requests app: thin, idempotent, taking ids."""

from __future__ import annotations

from celery import shared_task

from requests_app import notifications


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_receipt(request_id: int, access_code: str) -> bool:
    return notifications.deliver_receipt(request_id, access_code)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_applicant(request_id: int) -> int:
    return notifications.deliver_status_updates(request_id)
