from whoosh.index import LockError

from celery import shared_task
from django.core import management
from django.db import DatabaseError

from portal.search import indexing


@shared_task
def clear_expired_sessions() -> None:
    """Idempotent housekeeping: drop expired sessions from the database."""
    management.call_command("clearsessions")


# --- Site search (portal.search): routed to the SEARCH_QUEUE queue (see settings) -----------
# Each task reads the database as it is when it runs, so running one twice, or two out of
# order, leaves the index right. A write that finds the index locked for too long, or a
# database hiccup, fails the task and Celery retries it.

_SEARCH_RETRY = {
    "autoretry_for": (LockError, DatabaseError, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 6,
}


@shared_task(**_SEARCH_RETRY)
def index_items(keys: list[str]) -> dict[str, int]:
    """Index the given items ("document:12"), or remove those that are no longer public."""
    report = indexing.index_keys(keys)
    return {"indexed": report.indexed, "removed": report.removed}


@shared_task(**_SEARCH_RETRY)
def reconcile_index() -> dict[str, int]:
    """Every ten minutes: index what changed while the broker was down, drop what is gone."""
    report = indexing.reconcile()
    return {"indexed": report.indexed, "removed": report.removed}
