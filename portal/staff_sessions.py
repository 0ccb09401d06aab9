"""Staff sessions end after a time without activity (网络安全等级保护 2.0, level 3: 登录连接超时
自动退出). Applicants' tracking sessions keep Django's usual lifetime: they hold no account, only
the requests opened with their access codes."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

SEEN_KEY = "portal.staff_seen"


def idle_timeout() -> int:
    return settings.STAFF_IDLE_TIMEOUT_MINUTES * 60


class StaffIdleTimeoutMiddleware:
    """Sign staff out after ``STAFF_IDLE_TIMEOUT_MINUTES`` without a request.

    Every request of a signed-in staff user records the time and moves the session's expiry
    (stored session and cookie) to that much later, so an idle session also dies where it is
    stored. A request after the idle time signs the user out; in the back office it is sent to
    the sign-in page, which says why. After AuthenticationMiddleware and MessageMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.is_staff:
            now = int(time.time())
            seen = request.session.get(SEEN_KEY)
            if seen is not None and now - seen > idle_timeout():
                logout(request)
                minutes = settings.STAFF_IDLE_TIMEOUT_MINUTES
                messages.info(
                    request,
                    _("You were signed out after %(minutes)d minutes without activity.")
                    % {"minutes": minutes},
                )
                if request.path.startswith(reverse("admin:index")):
                    return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            else:
                request.session[SEEN_KEY] = now
                request.session.set_expiry(idle_timeout())
        return self.get_response(request)
