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
def run_inspection() -> list[int]:
    """Daily: the self-inspection's run of every site (the scores, their history and the
    digests)."""
    return [run.score for run in scoring.inspection_runs()]
