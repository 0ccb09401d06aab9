"""DRF's throttles, counting per client address as every other limit does.

DRF's own ``get_ident`` believes ``X-Forwarded-For`` from anyone (without NUM_PROXIES it even
joins the whole header into the key), so a caller who changes the header each time is never
throttled. These use ``portal.client_address.client_ip`` instead.
"""

from __future__ import annotations

from rest_framework import throttling
from rest_framework.request import Request

from portal.client_address import client_ip


class ClientAddressMixin:
    def get_ident(self, request: Request) -> str:
        return client_ip(request._request)


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    """Anonymous callers of the public API, per client address (API_ANON_RATE)."""


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    """Signed-in callers per user; anyone else per client address (API_USER_RATE)."""
