"""Which database a query reads from: the primary, or a read replica for anonymous readers.

With ``DATABASE_REPLICA_URLS`` set (settings: aliases ``replica_1``, ``replica_2``, …), the
public's read-only requests — GET and HEAD without a session — read from the replicas, one after
the other (round robin in each process). Everything else reads the primary (``default``):

- writes, always (``db_for_write``), and reads inside a transaction on the primary;
- any request with a session or a staff API token (staff, applicants who opened their
  request), any method but GET and HEAD, and the back office;
- Celery tasks and management commands: they have no request, so no decision, so the primary;
- a visitor's next requests after their own write (a POST that succeeded, i.e. redirected or
  answered 201/202/204: an application sent, a message or a comment posted), for
  ``DATABASE_READ_PRIMARY_SECONDS``, by a short-lived cookie, so that they see what they wrote
  even when a replica lags ("read your writes");
- for ``DATABASE_REPLICA_SETTLE_SECONDS`` after the public content changed
  (``portal.page_cache.public_content_changed``): the page cache stores a page under the new
  version, and a lagging replica's copy of the old content must not become it.

Replication lag is otherwise accepted: an anonymous reader may see a change a moment late.

**A replica down.** The decision is taken at the request's first read (a page from the page
cache never touches a database, nor checks one): the chosen replica's connection is checked then
(with ``connect_timeout=DATABASE_REPLICA_CONNECT_TIMEOUT``). One that does not answer is
remembered as down for ``DATABASE_REPLICA_RETRY_SECONDS`` (per process) and the request reads
the primary, so a dead replica costs one request in a while its timeout, not every request.
"""

from __future__ import annotations

import contextvars
import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponseBase

from portal import page_cache

logger = logging.getLogger(__name__)

READ_PRIMARY_COOKIE = "portal_read_primary"
# Never from a replica: the back office (staff) and health checks (they check the primary).
_PRIMARY_PATHS = ("/admin/", "/healthz")


@dataclass
class _RequestReads:
    """A request's decision: whether it may read from a replica, and once it read, where."""

    may_use_replica: bool
    alias: str | None = None


_current: contextvars.ContextVar[_RequestReads | None] = contextvars.ContextVar(
    "portal_db_reads", default=None
)
_down_until: dict[str, float] = {}
_lock = threading.Lock()
_turns: itertools.count[int] = itertools.count()


def replica_aliases() -> list[str]:
    return list(settings.DATABASE_REPLICAS)


def may_read_replica(request: HttpRequest) -> bool:
    """An anonymous, read-only request, which did not just write (the rules above)."""
    return (
        bool(settings.DATABASE_REPLICAS)
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and READ_PRIMARY_COOKIE not in request.COOKIES
        # The staff API's token: a signed-in user, as a session is.
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(_PRIMARY_PATHS)
    )


def mark_down(alias: str) -> None:
    """Leave the replica alone for ``DATABASE_REPLICA_RETRY_SECONDS``."""
    with _lock:
        _down_until[alias] = time.monotonic() + settings.DATABASE_REPLICA_RETRY_SECONDS


def is_down(alias: str) -> bool:
    with _lock:
        until = _down_until.get(alias)
        if until is not None and until <= time.monotonic():
            del _down_until[alias]
            until = None
    return until is not None


def forget_down() -> None:
    """Every replica is worth trying again (tests)."""
    with _lock:
        _down_until.clear()


def _answers(alias: str) -> bool:
    connection = connections[alias]
    try:
        # A persistent connection (CONN_MAX_AGE) that broke since is closed here, then a new
        # one is opened: both fail fast when the replica is gone.
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as exc:
        logger.warning("read replica %s does not answer, reading the primary: %s", alias, exc)
        return False
    return True


def _content_settling() -> bool:
    changed_at = page_cache.content_changed_at()
    return changed_at is not None and time.time() - changed_at < (
        settings.DATABASE_REPLICA_SETTLE_SECONDS
    )


def choose_replica() -> str:
    """The next replica that answers, in turn; the primary if none does."""
    aliases = replica_aliases()
    for _ in range(len(aliases)):
        alias = aliases[next(_turns) % len(aliases)]
        if is_down(alias):
            continue
        if _answers(alias):
            return alias
        mark_down(alias)
    return DEFAULT_DB_ALIAS


def read_alias() -> str:
    """The database the current request reads from (decided at its first read); the primary
    outside a request."""
    reads = _current.get()
    if reads is None:
        return DEFAULT_DB_ALIAS
    if reads.alias is None:
        reads.alias = (
            choose_replica()
            if reads.may_use_replica and not _content_settling()
            else DEFAULT_DB_ALIAS
        )
    return reads.alias


def _in_transaction() -> bool:
    # Not the transaction Django's TestCase holds open around each test: it is no request's.
    blocks = connections[DEFAULT_DB_ALIAS].atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


class ReplicaRouter:
    """Reads follow ``read_alias()``; writes, relations and migrations are the primary's."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        # Inside a transaction on the primary, a read must see what it wrote.
        if _in_transaction():
            return DEFAULT_DB_ALIAS
        return read_alias()

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # The replicas hold the primary's rows: an object read from one is the primary's.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # Replicas receive the schema by replication.
        return db == DEFAULT_DB_ALIAS


def _wrote(request: HttpRequest, response: HttpResponseBase) -> bool:
    # A form that was accepted redirects (post/redirect/get); one that was refused is shown
    # again (200). The API answers a write with 201, 202 or 204.
    return request.method not in ("GET", "HEAD", "OPTIONS") and (
        response.status_code in (201, 202, 204) or 300 <= response.status_code < 400
    )


class ReadRoutingMiddleware:
    """Sets the request's decision for the router; after a successful POST, sets the cookie that
    sends the visitor's next requests to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        reads = _RequestReads(may_use_replica=may_read_replica(request))
        token = _current.set(reads)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if settings.DATABASE_REPLICAS and _wrote(request, response):
            response.set_cookie(
                READ_PRIMARY_COOKIE,
                "1",
                max_age=settings.DATABASE_READ_PRIMARY_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        if settings.DB_ALIAS_HEADER:
            response["X-DB-Alias"] = reads.alias or "none"
        return response
