"""Celery tasks of the policies app: thin, idempotent, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from policies import assistant, digest, subscribing


@shared_task
def send_digests() -> int:
    """The day's digests (``policies.digest``: never twice, whatever happens)."""
    return digest.send_digests().sent


@shared_task
def purge_unconfirmed() -> int:
    return subscribing.purge_unconfirmed()


@shared_task
def purge_question_log() -> int:
    return assistant.question_log_purge()
