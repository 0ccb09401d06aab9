"""Addresses whose query string holds a NUL character are refused with a 400 page.

PostgreSQL text cannot hold NUL: a NUL in any filter or search box of a public list
(``?q=%00``, ``?agency=%00``) reached the database and the visitor got a server error, on
nearly every list of the portal. No address of the portal has a use for one, so it is refused
here once, before any view reads the query, rather than in each list's filters (the API
answers in JSON, as DRF does).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext


def has_nul(request: HttpRequest) -> bool:
    return "\x00" in request.path or any(
        "\x00" in name or any("\x00" in value for value in values)
        for name, values in request.GET.lists()
    )


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            if request.path.startswith(reverse("api:root")):
                detail = gettext("The address holds a character the portal cannot read.")
                return JsonResponse({"detail": detail}, status=400)
            return render(request, "400.html", status=400)
        return self.get_response(request)
