"""The public API's lists, shared until the public content changes, like the pages.

The page cache (``portal.page_cache``) never serves ``/api/``: the API's throttles count every
call, and a page-cache hit would skip them. Here the list's payload is shared instead, one step
further in: the throttles, the method and the filters' validation run for every call as
before (DRF's ``initial``), and only the work of reading and shaping the rows (``get``) is
saved. The payload is kept under the public content's version (``page_cache.until_changed``):
whatever changes what the public sees retires it once the change commits, so a list never
shows content older than the transaction that changed it. Its key is the host (the cursor
links are absolute), the path with its query, and the language of the answer.

Every list is its site's (portal.sites): scoped by the host's site, or by ``?site=<host>`` on
a shared API host (``api_site``), to the site's agency subtree (records with an ``agency``, and
the agencies themselves). The key holds both, so two sites never share a list.
"""

from __future__ import annotations

import hashlib
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import translation
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from portal import page_cache, sites

_MT = TypeVar("_MT", bound=Model)


def api_site(request: Request) -> sites.CurrentSite:
    """The site an API call asks about: ``?site=<host>`` (any site's host, on any host the
    installation answers), else the request's own site. An unknown ``site`` is a 404."""
    host = request.query_params.get("site", "").strip()
    if not host:
        return sites.current_site(request)
    found = sites.site_for_host(host)
    if found is None or (found.is_implicit and sites.active_sites()):
        raise Http404
    return found


def view_site(view: Any) -> sites.CurrentSite | None:
    """The site a view's call asks about (``api_site``); None while drf-spectacular builds the
    schema: its mock request names a host no production setting allows, and only the model of
    the queryset is read then."""
    if getattr(view, "swagger_fake_view", False):
        return None
    return api_site(view.request)


def scope_to_site(
    queryset: QuerySet[Any, Any], site: sites.CurrentSite | None
) -> QuerySet[Any, Any]:
    """``queryset`` within ``site`` (``sites.scope_records``)."""
    return sites.scope_records(queryset, site)


class PublicListAPIView(generics.ListAPIView[_MT]):
    """A list of the public API whose payload is shared while the public content is the same
    (off when ``PAGE_CACHE_SECONDS`` is 0, as the page cache), within the site asked about."""

    def filter_queryset(self, queryset: QuerySet[_MT, Any]) -> QuerySet[_MT, Any]:
        return scope_to_site(super().filter_queryset(queryset), api_site(self.request))

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if settings.PAGE_CACHE_SECONDS <= 0:
            return super().get(request, *args, **kwargs)
        variant = "|".join(
            [
                request.get_host(),
                request.get_full_path(),
                translation.get_language() or "",
                getattr(request.accepted_renderer, "format", ""),
            ]
        )
        key = f"api-list:{hashlib.sha256(variant.encode()).hexdigest()}"
        data = page_cache.until_changed(
            key,
            lambda: super(PublicListAPIView, self).get(request, *args, **kwargs).data,
            timeout=settings.PAGE_CACHE_SECONDS,
        )
        return Response(data)
