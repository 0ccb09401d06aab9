"""Oversized request bodies are refused before they are read.

Django reads a whole body as soon as anything looks at ``request.POST`` or ``request.FILES``:
the CSRF check does, before any view runs, and file parts are streamed to temporary files
whatever their size (DATA_UPLOAD_MAX_MEMORY_SIZE counts only the other fields). So a 60 MB
anonymous upload to the 10 MB application form was read and stored in full before the form
refused it. Here the declared ``Content-Length`` is compared with the most the endpoint can
accept, before the CSRF check, and a larger body is answered 413 with a page saying so; the body
is never read. (A request cannot send more than it declares: Django reads no further.)

The most an endpoint accepts:

- a view that takes uploads from the public says so with ``@max_body(...)`` (the application
  form: its files and the form itself);
- staff signed in to the back office: ``STAFF_UPLOAD_MAX_BYTES`` (interpretation videos are the
  largest files);
- anything else: ``PUBLIC_BODY_MAX_BYTES`` (DATA_UPLOAD_MAX_MEMORY_SIZE by default): no other
  public form takes files.

The reverse proxy should refuse the same sizes first (README, Security model: nginx's
``client_max_body_size``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

View = TypeVar("View", bound=Callable[..., HttpResponse])
_ATTRIBUTE = "max_body_bytes"


def max_body(limit: Callable[[], int]) -> Callable[[View], View]:
    """Mark a view that accepts bodies up to ``limit()`` bytes (read when a request comes, so
    that it follows the settings)."""

    def decorate(view: View) -> View:
        setattr(view, _ATTRIBUTE, limit)
        return view

    return decorate


def body_limit(request: HttpRequest, view: Callable[..., Any]) -> int:
    """The most ``view`` accepts from this request, in bytes."""
    own = getattr(view, _ATTRIBUTE, None)
    if own is not None:
        return own()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return settings.STAFF_UPLOAD_MAX_BYTES
    return settings.PUBLIC_BODY_MAX_BYTES


def declared_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0  # Django reads nothing of a body whose length it cannot parse


def too_large(request: HttpRequest, *, size: int, limit: int) -> HttpResponse:
    context = {"size": filesizeformat(size), "limit": filesizeformat(limit)}
    return render(request, "413.html", context, status=413)


class BodySizeLimitMiddleware:
    """Before CsrfViewMiddleware in MIDDLEWARE: its process_view reads the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        size = declared_length(request)
        if not size:
            return None
        limit = body_limit(request, view_func)
        if size > limit:
            return too_large(request, size=size, limit=limit)
        return None
