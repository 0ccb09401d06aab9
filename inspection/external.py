"""The HTTP check of external links, bounded so that it never floods anyone: at most
``max_links`` addresses per run (those checked longest ago first), each with a timeout, and a
pause between two requests to the same host. It runs only where outbound HTTP is allowed
(``INSPECTION_OUTBOUND_HTTP``, off by default: many government networks forbid it).
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from inspection import links
from inspection.models import ExternalLink

logger = logging.getLogger(__name__)

USER_AGENT = "gov-portal-link-check/1.0"


@dataclass(frozen=True)
class Result:
    status_code: int | None
    error: str

    @property
    def is_broken(self) -> bool:
        return bool(self.error) or (self.status_code is not None and self.status_code >= 400)


def fetch(url: str, timeout: float) -> Result:
    """HEAD, or GET where the server does not allow HEAD; redirects are followed."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310 - http(s) only, checked by the caller
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return Result(response.status, "")
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (405, 501):
                continue
            return Result(exc.code, f"HTTP {exc.code}")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return Result(None, type(reason).__name__ if not isinstance(reason, str) else reason)
    return Result(None, "no answer")


def sync_known_links(found: Iterable[str]) -> None:
    """Record new addresses; forget those no longer in published content."""
    found = set(found)
    known = set(ExternalLink.objects.values_list("url", flat=True))
    ExternalLink.objects.bulk_create(
        [ExternalLink(url=url) for url in sorted(found - known)], ignore_conflicts=True
    )
    ExternalLink.objects.exclude(url__in=found).delete()


def check_external_links(
    *,
    max_links: int,
    timeout: float,
    host_interval: float,
    fetcher: Callable[[str, float], Result] = fetch,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Check up to ``max_links`` external links (never checked first, then the oldest
    results), waiting ``host_interval`` seconds between two requests to one host. Returns the
    number checked."""
    sync_known_links(links.external_links())
    due = ExternalLink.objects.order_by(F("checked_at").asc(nulls_first=True), "pk")[:max_links]
    last_request: dict[str, float] = {}
    checked = 0
    for link in due:
        if urlsplit(link.url).scheme.lower() not in ("http", "https"):
            continue
        host = (urlsplit(link.url).hostname or "").lower()
        if host in last_request:
            wait = last_request[host] + host_interval - clock()
            if wait > 0:
                sleep(wait)
        result = fetcher(link.url, timeout)
        last_request[host] = clock()
        link.status_code = result.status_code
        link.error = result.error[:200]
        link.is_broken = result.is_broken
        link.checked_at = timezone.now()
        link.save(update_fields=["status_code", "error", "is_broken", "checked_at"])
        checked += 1
    logger.info("external link check: %d checked", checked)
    return checked


def check_if_allowed() -> int:
    """The scheduled check, with the limits from settings; nothing without outbound HTTP."""
    if not settings.INSPECTION_OUTBOUND_HTTP:
        return 0
    return check_external_links(
        max_links=settings.INSPECTION_LINK_CHECK_MAX,
        timeout=settings.INSPECTION_LINK_TIMEOUT,
        host_interval=settings.INSPECTION_LINK_HOST_INTERVAL,
    )
