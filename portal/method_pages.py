"""A refused method answers with a page saying so, not an empty 405.

``require_GET`` / ``require_safe`` / ``require_POST`` answer a method they refuse (OPTIONS,
POST on a page that only shows, GET on a switch) with an empty ``405 Method Not Allowed``: a
reader or a client saw a blank page with no word of what went wrong. Here such an answer gets a
short page in the visitor's language (JSON under the API, as DRF answers there), and keeps the
``Allow`` header naming the methods the address takes. Answers that already have a body (DRF's
own) pass unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext


def allowed_methods(response: HttpResponse) -> list[str]:
    return [m.strip().upper() for m in response.get("Allow", "").split(",") if m.strip()]


def not_allowed_response(request: HttpRequest, allowed: list[str]) -> HttpResponse:
    """The 405 answer to ``request``: JSON under the API, a page elsewhere."""
    if request.path.startswith(reverse("api:root")):
        detail = gettext("This address does not accept the method %(method)s.") % {
            "method": request.method
        }
        answer: HttpResponse = JsonResponse({"detail": detail}, status=405)
    else:
        answer = render(
            request,
            "405.html",
            {"method": request.method, "allowed": allowed},
            status=405,
        )
    answer["Allow"] = ", ".join(allowed)
    return answer


class MethodNotAllowedPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not response.streaming
            and not response.content
            and request.method != "HEAD"
        ):
            return not_allowed_response(request, allowed_methods(response))
        return response
