"""The visitor's display preferences, kept in cookies (no account, no session): every page
reads them, and the page cache keeps one copy of a page per combination."""

from __future__ import annotations

from django.http import HttpRequest

TEXT_SIZE_COOKIE = "text_size"
TEXT_SIZE_LARGE = "large"


def preferences(request: HttpRequest) -> str:
    """The preferences that change how a page is rendered, as one string (a cache key part)."""
    return request.COOKIES.get(TEXT_SIZE_COOKIE, "")
