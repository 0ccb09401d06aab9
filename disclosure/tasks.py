"""Celery tasks of the disclosure app: thin, idempotent, taking ids."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from disclosure import screening, textract, timeliness, validity


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def expire_documents() -> int:
    """Daily: documents whose expiry date has passed become 失效."""
    return validity.expire_due_documents()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def send_late_digests() -> int:
    """Daily: each agency's publishers get the list of documents past the Art 26 period."""
    return timeliness.send_late_digests()


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def screen_document(self: object, run_id: int) -> None:
    """Pre-publication screening of one run; safe to run twice (a DONE run is left alone)."""
    screening.screening_run(run_id=run_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def read_attachment_text(attachment_id: int) -> None:
    """Read an attachment's text, by OCR where it is a scan, after an upload or an import.

    Retried only for database errors: a page that timed out or a file that cannot be parsed
    would fail the same way again (the attachment's status says so to staff), and OCR that is
    not installed is tried again by the next screening of the document."""
    textract.attachment_read_text(attachment_id=attachment_id)
