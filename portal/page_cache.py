"""Whole public pages from the cache, for the many who read what the few publish.

An anonymous GET of a public page is answered from the shared cache (Redis) when the same page
was rendered since the public content last changed; otherwise it is rendered and, if it may be
shared, stored. What "the same page" means is the key: the path with its query, the language,
the text-size mode and the version of the public content.

**Never stale.** Every service that changes what the public sees — publishing, withdrawing,
editing published records, validity changes, catalog imports, the negative list, agency
contacts, approved comments — calls ``public_content_changed()``; a new version is set once
its transaction commits, and every page stored before is retired at once. A request reads the
version when it starts and stores its page under that version, so a page rendered from data
older than a change is never stored under the version that follows the change. A stored page
carries its version, and the version and the page are read in one round trip to the cache
(``MGET``): a page whose version is not the current one is not served.

**Never private.** Nothing is cached for a request that carries a session (staff, and applicants
who opened their request), for anything but GET and HEAD, for the back office, the API (whose
throttles count every call: its lists share their payload instead, ``portal.api_cache``), the
request forms and tracking pages, or for a response that sets
a cookie, is not 200, says ``private``/``no-store``, or rendered a CSRF token (a page with a
form that posts).

Responses that may be shared also get HTTP caching for a reverse proxy or a CDN: an ETag,
``Cache-Control: public, max-age`` (short) with ``stale-while-revalidate``, 304 answers to
conditional requests, and a gzip body for clients that accept it (safe here: these pages hold
no secret for a compression attack to reveal).
"""

from __future__ import annotations

import gzip
import hashlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from portal import display, language

_VERSION_KEY = "portal:public:version"
# Headers a stored page is served with; the security middleware outside adds the rest.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Last-Modified")
# The back office, the API (its throttles count every call), the request forms and tracking,
# the preference switches, health checks.
_NEVER = (
    "/admin/", "/api/", "/requests/", "/interaction/write/", "/interaction/feedback/",
    "/interaction/track/", "/i18n/", "/display/", "/healthz",
)  # fmt: skip


_CHANGED_AT_KEY = "portal:public:changed-at"


def public_content_changed() -> None:
    """What the public sees changed (or will, once the current transaction commits): retire
    every stored page."""
    transaction.on_commit(_new_version)


def _new_version() -> None:
    # When, too: read replicas may lag behind the change for a moment (portal.db_routing).
    values = {_VERSION_KEY: uuid.uuid4().hex, _CHANGED_AT_KEY: time.time()}
    cache.set_many(values, timeout=None)


def content_changed_at() -> float | None:
    """When the public content last changed (a Unix time), or None if not known."""
    value = cache.get(_CHANGED_AT_KEY)
    return value if isinstance(value, float) else None


def content_version() -> str:
    """The version of the public content: a new one each time it changes."""
    return _version_from(cache.get(_VERSION_KEY))


def _version_from(stored: str | None) -> str:
    """The version, given the version key's value as read (``None``: not set yet)."""
    if stored is None:
        cache.add(_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        stored = cache.get(_VERSION_KEY) or "none"
    return stored


_MISSING = object()
T = TypeVar("T")


# A version of its own, for what changes far less often than the public content.
_OWN_VERSION_KEY = "portal:version:{}"
#: The site group's host table (``portal.sites``): changed by ``sites.site_changed()`` and by
#: ``agencies.agency_changed()`` (a site's root path is its agency's place in the tree).
SITES = "sites"


def version_changed(of: str) -> None:
    """What is kept under the version ``of`` (``until_changed(..., version=of)``) changed, or
    will once the current transaction commits: it is computed again. Cached pages stay."""
    transaction.on_commit(lambda: cache.set(_OWN_VERSION_KEY.format(of), uuid.uuid4().hex, None))


def version_of(of: str) -> str:
    """The current value of the version ``of`` (a new one each time it changes)."""
    key = _OWN_VERSION_KEY.format(of)
    stored = cache.get(key)
    if stored is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        stored = cache.get(key) or "none"
    return f"{of}-{stored}"


def until_changed(
    name: str, compute: Callable[[], T], *, timeout: int = 3600, version: str = ""
) -> T:
    """``compute()``, shared through the cache until the public content changes: for what many
    pages read and only the services that call ``public_content_changed()`` change (the agency
    tree in every footer, the catalog's counts). Whatever the page cache's setting.

    ``version``: until that version of its own changes instead (``version_changed``), for what
    publishing does not change (the site group's host table, ``SITES``).

    Like a page, the value is stored under the version read before computing it, so a value
    computed from data older than a change is never kept under the version that follows."""
    current = version_of(version) if version else content_version()
    key = f"portal:derived:{current}:{name}"
    stored = cache.get(key, _MISSING)
    if stored is not _MISSING:
        return stored
    value = compute()
    cache.set(key, value, timeout)
    return value


@dataclass(frozen=True)
class StoredPage:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes  # gzip
    etag: str
    version: str  # of the public content it was rendered from


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(_NEVER)
    )


def _key(request: HttpRequest) -> str:
    variant = "|".join(
        [
            request.get_full_path(),
            # The same decision as the page's own (portal.language).
            language.language_for(request),
            display.preferences(request),
            request.get_host(),
        ]
    )
    digest = hashlib.sha256(variant.encode()).hexdigest()
    # One entry per page, replaced when a later version is stored (not one per version).
    return f"portal:page:v2:{digest}"


def _shareable(request: HttpRequest, response: HttpResponseBase) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
        # A template that rendered {% csrf_token %} has a form that posts.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.has_header("Content-Disposition")
    )


def _accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


def _respond(request: HttpRequest, page: StoredPage, *, hit: bool) -> HttpResponse:
    if request.META.get("HTTP_IF_NONE_MATCH", "") in (page.etag, f"W/{page.etag}"):
        response: HttpResponse = HttpResponseNotModified()
    elif _accepts_gzip(request):
        response = HttpResponse(page.body, status=page.status)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(page.body), status=page.status)
    for name, value in page.headers:
        response[name] = value
    response["ETag"] = page.etag
    response["Cache-Control"] = (
        f"public, max-age={settings.PAGE_CACHE_CLIENT_SECONDS}, "
        f"stale-while-revalidate={settings.PAGE_CACHE_SECONDS}"
    )
    response["X-Page-Cache"] = "hit" if hit else "miss"
    patch_vary_headers(response, ("Accept-Encoding", "Cookie"))
    return response


class PageCacheMiddleware:
    """Place after the security headers (CSP, Permissions-Policy, WhiteNoise) and before the
    session: a hit skips everything below it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        # One round trip for both (a hit, and every request the cache might serve, pays it).
        found = cache.get_many([_VERSION_KEY, key])
        version = _version_from(found.get(_VERSION_KEY))
        page = found.get(key)
        if isinstance(page, StoredPage) and page.version == version:
            return _respond(request, page, hit=True)
        response = self.get_response(request)
        if not isinstance(response, HttpResponse) or not _shareable(request, response):
            return response
        body = response.content
        page = StoredPage(
            status=response.status_code,
            headers=tuple((h, response[h]) for h in _KEPT_HEADERS if response.has_header(h)),
            body=gzip.compress(body, compresslevel=6),
            etag=f'"{hashlib.sha256(body).hexdigest()[:32]}"',
            version=version,
        )
        cache.set(key, page, settings.PAGE_CACHE_SECONDS)
        return _respond(request, page, hit=False)
