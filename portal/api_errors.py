"""What the API answers when nothing is there: JSON in the caller's language.

DRF's generic views look an object up with Django's ``get_object_or_404``, whose ``Http404``
carries Django's untranslated "No Document matches the given query."; DRF's handler passes
that text on as the 404's ``detail``: English whatever the language, and naming a model class
the caller never sees. Here a 404 says DRF's own translated "Not found." (未找到。), as every
other API error already speaks the caller's language (``portal.language``).

An address under ``/api/`` that no route matches answers the same JSON rather than the site's
HTML page: a program reading the API gets an answer it can parse (``page_not_found``).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views import defaults
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with a 404's detail in the caller's language."""
    if isinstance(exc, Http404):
        exc = NotFound()
    return drf_exception_handler(exc, context)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The project's ``handler404``: JSON under the API, the site's page elsewhere."""
    if request.path.startswith(reverse("api:root")):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)
