"""The public API's lists, shared until the public content changes, like the pages.

The page cache (``portal.page_cache``) never serves ``/api/``: the API's throttles count every
call, and a page-cache hit would skip them. Here the list's payload is shared instead, one step
further in: the throttles, the method and the filters' validation run for every call as
before (DRF's ``initial``), and only the work of reading and shaping the rows (``get``) is
saved. The payload is kept under the public content's version (``page_cache.until_changed``):
whatever changes what the public sees retires it once the change commits, so a list never
shows content older than the transaction that changed it. Its key is the host (the cursor
links are absolute), the path with its query, and the language of the answer.
"""

from __future__ import annotations

import hashlib
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Model
from django.utils import translation
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from portal import page_cache

_MT = TypeVar("_MT", bound=Model)


class PublicListAPIView(generics.ListAPIView[_MT]):
    """A list of the public API whose payload is shared while the public content is the same
    (off when ``PAGE_CACHE_SECONDS`` is 0, as the page cache)."""

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
