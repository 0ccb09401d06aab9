"""Celery tasks of the self-inspection: thin, idempotent."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from inspection import external, scoring


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def check_external_links() -> int:
    """Daily, where outbound HTTP is allowed: the bounded HTTP check of external links."""
    return external.check_if_allowed()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def run_inspection() -> int:
    """Daily: the self-inspection's run (the score, its history and the digest)."""
    return scoring.inspection_run().score
