"""The client's address, as every limit counts it: the application form, tracking lookups,
consultation comments (django-ratelimit), the API throttles (DRF) and admin sign-in (django-axes).

One rule, in ``client_ip``. ``X-Forwarded-For`` is read only when the peer (``REMOTE_ADDR``) is
a trusted proxy; it is then walked from the right, skipping the trusted proxies, and the first
address that is not one is the client. A header from anyone else is ignored: a visitor who sends
``X-Forwarded-For: 1.2.3.4`` straight to the portal is counted at their own address, so rotating
the header does not reset any limit.

Trusted proxies are configured in settings (README, "Security model"):

- ``TRUSTED_PROXIES``: the proxies' networks (CIDRs such as ``10.0.0.0/8`` or single
  addresses). The peer must be in one of them; so must every hop skipped.
- ``TRUSTED_PROXY_COUNT``: how many proxies stand in front of the portal. Without
  ``TRUSTED_PROXIES`` the peer is taken to be the first of them, which is only true when the
  portal cannot be reached except through them (gunicorn on 127.0.0.1 or a unix socket). With
  both, at most that many hops are skipped, each of them in ``TRUSTED_PROXIES``.

With neither (the default), the client is ``REMOTE_ADDR`` and headers are never read. An IPv6
client is counted by its /64.

django-ipware was considered: it matches proxies by address prefix rather than network, and it
reads a list of other headers (``X-Real-IP``, ``Client-IP``...) that a visitor can also send.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# The address of a peer on a unix socket (gunicorn leaves REMOTE_ADDR empty there): only a local
# process can connect to one. List it in TRUSTED_PROXIES when the proxy connects that way.
LOCAL_PEER = "127.0.0.1"
# django-ratelimit's RATELIMIT_IPV6_MASK default, applied here for the API throttles and axes too.
IPV6_PREFIX = 64


@dataclass(frozen=True)
class TrustedProxies:
    networks: tuple[Network, ...] = ()
    count: int = 0  # 0: no limit on the number of hops (networks only) or no proxy at all

    @property
    def configured(self) -> bool:
        return bool(self.networks) or self.count > 0

    def trusts(self, address: Address) -> bool:
        return not self.networks or any(address in network for network in self.networks)


def parse_networks(values: list[str] | tuple[str, ...]) -> tuple[Network, ...]:
    """``["10.0.0.0/8", "192.0.2.7"]`` as networks (checked once already by the settings)."""
    try:
        return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None


@lru_cache(maxsize=8)
def _proxies(networks: tuple[str, ...], count: int) -> TrustedProxies:
    return TrustedProxies(parse_networks(networks), count)


def trusted_proxies() -> TrustedProxies:
    return _proxies(
        tuple(getattr(settings, "TRUSTED_PROXIES", ())),
        int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0),
    )


def _address(value: str) -> Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def address_from(*, remote_addr: str, forwarded_for: str, proxies: TrustedProxies) -> str:
    """The client's address from the peer's address and the ``X-Forwarded-For`` header.

    Each proxy appends the address it was connected from, so the header reads
    ``client, proxy 1, ..., proxy n-1`` and the peer is proxy n. Walking from the right, every
    address a trusted proxy wrote can be believed; the first one that is not a trusted proxy is
    the client, and anything to its left was written by the client itself.
    """
    # A peer on a unix socket has no address (gunicorn leaves REMOTE_ADDR empty): it is local.
    peer = _address(remote_addr) or ipaddress.ip_address(LOCAL_PEER)
    client = str(peer)
    if not (proxies.configured and proxies.trusts(peer)):
        return client  # not one of our proxies: its headers mean nothing
    skipped = 1  # the peer is the first trusted proxy
    hops = [hop for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # Not an address: written by a client, never by our proxies. The last trusted hop
            # is all that is known.
            return client
        client = str(address)
        within_count = proxies.count == 0 or skipped < proxies.count
        if not (within_count and proxies.trusts(address)):
            return client
        skipped += 1
    return client  # every hop was a trusted proxy: the leftmost is the best there is


def limit_key(address: str) -> str:
    """The address as limits count it: an IPv6 client by its /64, the block a single subscriber
    is given (counting single IPv6 addresses would give everyone 2^64 fresh starts)."""
    parsed = ipaddress.ip_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)
    return address


def client_ip(request: HttpRequest) -> str:
    """The client's address for every limit (RATELIMIT_IP_META_KEY, AXES_CLIENT_IP_CALLABLE and
    the DRF throttles in portal.throttling)."""
    address = address_from(
        remote_addr=request.META.get("REMOTE_ADDR") or "",
        forwarded_for=request.META.get("HTTP_X_FORWARDED_FOR") or "",
        proxies=trusted_proxies(),
    )
    return limit_key(address)
