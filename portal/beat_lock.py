"""Celery beat runs once in the whole deployment: a second one refuses to start.

Two beats queue every scheduled job twice (two reminder e-mails, two reports). When beat
starts, it takes a lock in Redis (the broker every node and worker shares) and keeps renewing
it, and lets go when it stops; a second beat, on any host, finds the lock taken and exits with
an error. A beat that dies without letting go (killed, its host gone) holds the lock for
``LOCK_SECONDS`` at most: the next one to start after that takes it (under systemd,
``Restart=on-failure`` retries until then). Without Redis (development: tasks run in-process)
there is no lock.
"""

from __future__ import annotations

import atexit
import logging
import os
import signal
import threading
import uuid
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

LOCK_KEY = "portal:celery-beat:lock"
LOCK_SECONDS = 60
RENEW_EVERY_SECONDS = 20
# The holders this process renews, and what stops each renewal.
_renewing: dict[str, threading.Event] = {}


class BeatAlreadyRunning(SystemExit):
    """Another beat holds the lock. A SystemExit, so that beat stops (Celery logs and goes on
    after an ordinary exception raised by a signal's receiver)."""


def _client() -> Any:
    import redis

    return redis.Redis.from_url(settings.REDIS_URL or "")


def acquire(holder: str) -> bool:
    """Take the lock for ``holder`` unless another holds it."""
    return bool(_client().set(LOCK_KEY, holder, nx=True, ex=LOCK_SECONDS))


def renew(holder: str) -> bool:
    """Extend the lock if ``holder`` still holds it (atomic: compare and extend in Redis)."""
    script = (
        "if redis.call('get', KEYS[1]) == ARGV[1] then "
        "return redis.call('expire', KEYS[1], ARGV[2]) else return 0 end"
    )
    return bool(_client().eval(script, 1, LOCK_KEY, holder, LOCK_SECONDS))


def release(holder: str) -> None:
    """Let go (and stop renewing)."""
    stop = _renewing.pop(holder, None)
    if stop is not None:
        stop.set()
    script = (
        "if redis.call('get', KEYS[1]) == ARGV[1] then "
        "return redis.call('del', KEYS[1]) else return 0 end"
    )
    _client().eval(script, 1, LOCK_KEY, holder)


def hold_or_exit() -> str | None:
    """Take the lock and keep it while this process lives, or exit (``BeatAlreadyRunning``);
    returns the holder's id (None without Redis)."""
    if not settings.REDIS_URL:
        return None
    holder = f"{os.uname().nodename}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    if not acquire(holder):
        logger.critical(
            "Another Celery beat is running (Redis key %s): beat must run once in the whole "
            "deployment. Not starting.",
            LOCK_KEY,
        )
        raise BeatAlreadyRunning(1)
    # Let go on a clean stop (SIGTERM, Ctrl-C): the next beat need not wait for the expiry.
    atexit.register(release, holder)
    stop = _renewing[holder] = threading.Event()
    threading.Thread(target=_keep, args=(holder, stop), daemon=True, name="beat-lock").start()
    return holder


def _keep(holder: str, stop: threading.Event) -> None:
    while not stop.wait(RENEW_EVERY_SECONDS):
        try:
            kept = renew(holder)
        except Exception:  # Redis away for a moment: try again at the next turn
            logger.exception("Could not renew the Celery beat lock")
            continue
        if not kept and not acquire(holder):
            # The key expired (Redis away too long, a flush, a failover) and another beat took
            # it meanwhile.
            logger.critical("Another Celery beat took the lock: stopping this beat.")
            os.kill(os.getpid(), signal.SIGTERM)
            return
