"""Security glue: the Permissions-Policy header and django-axes' lock-out page for admin sign-in
(the address axes counts comes from ``portal.client_address``, like every other limit).

The other security headers come from Django's SecurityMiddleware (HSTS, nosniff,
Referrer-Policy, Cross-Origin-Opener-Policy), XFrameOptionsMiddleware and django-csp; their
settings are in ``portal/settings.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from axes.helpers import get_cool_off

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` -> ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` (settings.PERMISSIONS_POLICY) unless a view set its own.

    Django has no setting for this header; the portal uses none of these browser features, so
    turning them off means a script that got in anyway cannot ask for them either.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page shown instead of the admin login during a lock (AXES_LOCKOUT_CALLABLE).

    Every failed attempt during the lock starts the cool-off again
    (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), and this page follows one, so the lock ends
    one cool-off from now.
    """
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": gettext("Sign-in temporarily locked"),
        "retry_at": timezone.now() + cool_off if cool_off else None,
        "admin_emails": [address for _name, address in settings.ADMINS],
    }
    return TemplateResponse(
        request,
        "admin/login_locked.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    ).render()
