"""Celery tasks of enforcement decisions: thin, idempotent, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from enforcement import expiry


@shared_task
def expire_decisions() -> int:
    return expiry.remove_expired_from_search()
