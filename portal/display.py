"""The visitor's display preferences, kept in cookies (no account, no session): every page
reads them, and the page cache keeps one copy of a page per combination."""

from __future__ import annotations

from django.http import HttpRequest

TEXT_SIZE_COOKIE = "text_size"
TEXT_SIZE_LARGE = "large"  # the whole site larger (older readers)
TEXT_SIZE_SMALL = "small"  # a document's body smaller (字号 小 on a document page)
TEXT_SIZE_NORMAL = "normal"  # no cookie
TEXT_SIZES = (TEXT_SIZE_LARGE, TEXT_SIZE_SMALL)

# 长者模式 (GB/T 37668-2019; MIIT 互联网网站适老化通用设计规范): larger text and targets, high
# contrast, a simplified home page, nothing that floats or pops up.
ELDER_MODE_COOKIE = "elder_mode"
ELDER_MODE_ON = "on"


def text_size(request: HttpRequest) -> str:
    """large, small or normal; any other cookie value counts as normal."""
    value = request.COOKIES.get(TEXT_SIZE_COOKIE, "")
    return value if value in TEXT_SIZES else TEXT_SIZE_NORMAL


def elder_mode(request: HttpRequest) -> bool:
    return request.COOKIES.get(ELDER_MODE_COOKIE) == ELDER_MODE_ON


def preferences(request: HttpRequest) -> str:
    """The preferences that change how a page is rendered, as one string (a cache key part).
    Only the values a page can show: a made-up cookie value does not make a copy of its own."""
    return f"{text_size(request)}|{'elder' if elder_mode(request) else 'standard'}"
