"""Django's Redis cache, degraded to an empty cache while Redis is unreachable.

The cache only saves work (page fragments, the calendar's version key) and holds the rate-limit
counters of the public forms. None of that may turn a Redis outage into an error page: an
applicant whose request is saved must see the confirmation with the access code. So a connection
failure reads as a miss and a write is dropped, with a warning in the log. Rate limiting then
fails open (``RATELIMIT_FAIL_OPEN`` in settings): for the time of the outage the forms take
requests unthrottled rather than refusing everyone.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _degrade(method: Callable[..., Any], fallback: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(self: RedisCacheClient, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            logger.warning("cache unavailable (%s): %s treated as a miss", error, method.__name__)
            return fallback(*args, **kwargs)

    return wrapper


def _missing(key: str, *args: Any) -> Any:
    # incr on a key that is not there raises ValueError (Django's contract); django-ratelimit
    # takes that as "no count" and fails open.
    raise ValueError(f"Key {key!r} not found: the cache is unavailable.")


class DegradingRedisCacheClient(RedisCacheClient):
    def __init__(self, servers: list[str], **options: Any) -> None:
        super().__init__(servers, **options)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        """One ``redis.Redis`` per connection pool, where Django builds a new one for every
        operation: building one copies its ~170 response callbacks (64 µs here, half a GET on
        the loopback), and every request the page cache might serve makes a cache operation.
        A client is safe to share between threads: each command takes a connection from the
        pool and gives it back."""
        # Django's own attributes (RedisCacheClient), which the type stubs do not declare.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client

    add = _degrade(RedisCacheClient.add, lambda *a: False)
    get = _degrade(RedisCacheClient.get, lambda key, default: default)
    set = _degrade(RedisCacheClient.set, lambda *a: None)
    touch = _degrade(RedisCacheClient.touch, lambda *a: False)
    delete = _degrade(RedisCacheClient.delete, lambda *a: False)
    get_many = _degrade(RedisCacheClient.get_many, lambda *a: {})
    has_key = _degrade(RedisCacheClient.has_key, lambda *a: False)
    incr = _degrade(RedisCacheClient.incr, _missing)
    set_many = _degrade(RedisCacheClient.set_many, lambda *a: None)
    delete_many = _degrade(RedisCacheClient.delete_many, lambda *a: None)
    clear = _degrade(RedisCacheClient.clear, lambda *a: False)


class DegradingRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = DegradingRedisCacheClient
