"""Which language a page is rendered in: Chinese, unless the visitor chose another.

A government website speaks the national language first (GB/T and the inspection's 规范表述
rules), so the browser's Accept-Language is not read for pages: a browser set to English gets
the Chinese site, with the language switch visible on every page. English is shown only after
the visitor chose it with the switch (``/i18n/setlang/``), which remembers the choice in the
language cookie.

The API's clients are programs, which state the language they want in Accept-Language on
purpose; for them (only under ``/api/``, whose pages are never cached) the header is still
honoured. Its documentation pages (Swagger UI, ReDoc) are in English whatever the language.

The same decision (``language_for``) chooses the language a page is rendered in and the page
cache's key, so a cached page is never served in a language the visitor did not get.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import trans_real

_API_PREFIX = "/api/"


def _supported(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def _from_accept_language(request: HttpRequest) -> str | None:
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in trans_real.parse_accept_lang_header(header):
        if code == "*":
            break
        if supported := _supported(code):
            return supported
    return None


def language_for(request: HttpRequest) -> str:
    """The language to answer ``request`` in: the visitor's choice (the language cookie), then,
    for the API's programs only, Accept-Language; otherwise Chinese (LANGUAGE_CODE)."""
    chosen = _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    if chosen:
        return chosen
    if request.path.startswith(_API_PREFIX):
        return _from_accept_language(request) or settings.LANGUAGE_CODE
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """In place of Django's LocaleMiddleware, which follows Accept-Language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        translation.activate(language_for(request))
        language = translation.get_language()
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        # The page depends on the language cookie, and under /api/ on the header.
        patch_vary_headers(
            response,
            ("Cookie", "Accept-Language") if request.path.startswith(_API_PREFIX) else ("Cookie",),
        )
        response.headers.setdefault("Content-Language", language)
        return response
