"""Counting against a limit (django-ratelimit's counters, in the shared cache).

Counters are keyed by ``portal.client_address.client_ip`` for ``key="ip"``
(RATELIMIT_IP_META_KEY), or by whatever ``key`` returns.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django_ratelimit.core import get_usage


def over_limit(
    request: HttpRequest,
    *,
    group: str,
    rate: str,
    key: str | Callable[[str, HttpRequest], str],
    count: bool,
) -> bool:
    """True when the limit is reached. With ``count``, this attempt is counted first (and
    refused once it goes past the limit); without, it is only a look at the counter. While the
    cache is unreachable nothing is limited (RATELIMIT_FAIL_OPEN)."""
    usage = get_usage(request, group=group, key=key, rate=rate, increment=count)
    if usage is None:
        return False
    return usage["should_limit"] if count else usage["count"] >= usage["limit"]
