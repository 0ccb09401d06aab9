"""The cache degrades to a miss while Redis is unreachable; rate limits then fail open."""

from __future__ import annotations

import socket

import pytest

from django_ratelimit.core import get_usage

from portal.cache import DegradingRedisCache


def _unreachable() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"  # nobody listens there once the socket is closed


@pytest.fixture
def down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.DegradingRedisCache",
            "LOCATION": _unreachable(),
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }


def test_an_unreachable_redis_reads_as_an_empty_cache():
    down = DegradingRedisCache(_unreachable(), {"OPTIONS": {"socket_connect_timeout": 1}})
    down.set("key", "value")
    assert down.get("key", "default") == "default"
    assert down.add("key", "value") is False
    assert down.get_many(["key"]) == {}
    assert down.has_key("key") is False
    assert down.delete("key") is False
    with pytest.raises(ValueError):
        down.incr("key")


def test_rate_limits_fail_open_while_the_cache_is_unreachable(down, rf):
    request = rf.post("/requests/apply/")
    assert get_usage(request, group="test", key="ip", rate="1/h", increment=True) is None
