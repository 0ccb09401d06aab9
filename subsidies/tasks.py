"""Celery tasks of beneficiary lists: thin, idempotent, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from subsidies import expiry


@shared_task
def end_notice_periods() -> dict[str, int]:
    return expiry.end_notice_periods()
