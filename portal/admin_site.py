"""The back office's admin site: sign-in with a second factor (``portal.two_factor``) and the
pages where staff set it up.

Installed as the default admin site (``portal.admin_apps.PortalAdminConfig`` in
INSTALLED_APPS), so every
``@admin.register`` and ``admin.site`` of the apps use it. A signed-in session passes
``has_permission`` only when it is verified with the second factor, or the user neither has
nor needs one; otherwise every back-office page sends it to the sign-in or, for a user who
must enrol first, to the set-up page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from portal import richtext, two_factor, workbench
from portal.typed import StaffRequest

_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])


class TwoFactorAuthenticationForm(AdminAuthenticationForm):
    """User name, password and, for users with an authenticator, its code (or a recovery
    code), on one form. A wrong code gets the same message as a wrong password, so the form
    never tells a guesser that the password was right; it counts as a failed sign-in for
    django-axes."""

    otp_token = forms.CharField(
        label=gettext_lazy("Verification code"),
        required=False,
        max_length=32,
        help_text=gettext_lazy(
            "The six digits your authenticator app shows, or one of your recovery codes. "
            "Leave it empty if you have not set up two-factor sign-in."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": gettext_lazy(
            "Please enter the correct user name, password and verification code of a staff "
            "account. Note that both fields may be case-sensitive."
        ),
    }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # the password: django-axes counts failures there
        user = self.user_cache
        if user is not None and two_factor.is_enrolled(user):
            device = two_factor.verify(user=user, token=cleaned.get("otp_token", ""))
            if device is None:
                two_factor.code_failed(request=self.request, username=user.get_username())
                raise self.get_invalid_login_error()
            # django-otp stores it in the session when the sign-in completes.
            user.otp_device = device  # type: ignore[attr-defined]  # django-otp's attribute
        return cleaned


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("admin:index")


def _signed_in_staff(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For the set-up page: any signed-in staff user, verified or not (a user who must enrol
    cannot pass ``has_permission`` before enrolling)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        # Someone already enrolled replaces the phone only from a verified session.
        if two_factor.is_enrolled(user) and not two_factor.session_is_verified(request):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request, *args, **kwargs)

    return csrf_protect(never_cache(wrapped))


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code shown by the app"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PortalAdminSite(admin.AdminSite):
    login_form = TwoFactorAuthenticationForm
    index_template = "admin/workbench.html"

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and two_factor.session_passes(request)

    @method_decorator(never_cache)
    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        if request.method == "GET" and two_factor.must_enrol(request):
            query = urlencode({REDIRECT_FIELD_NAME: _next_url(request)})
            return HttpResponseRedirect(f"{reverse('admin:two_factor_enrol')}?{query}")
        return super().login(request, extra_context)

    def admin_view(self, view: _View, cacheable: bool = False) -> _View:
        wrapped = super().admin_view(view, cacheable)
        if view != self.logout:
            return wrapped

        # Signing out must work before the second factor too (the set-up page offers it);
        # Django's wrapper would send a session without permission back to the index.
        @wraps(view)
        def logout(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.user.is_authenticated and not self.has_permission(request):
                return view(request, *args, **kwargs)
            return wrapped(request, *args, **kwargs)

        # A wrapper with the view's signature, as Django's own admin_view returns.
        return cast("_View", csrf_protect(never_cache(logout)))

    def index(self, request: HttpRequest, extra_context: dict | None = None) -> TemplateResponse:
        """The workbench (工作台): what waits for the user, on-time figures for office heads,
        recent steps in the user's agencies; the list of every section below it."""
        context = {
            "title": _("Workbench"),
            "workbench_sections": workbench.sections(request),
            "workbench_rates": workbench.rates(request),
            "workbench_activity": workbench.activity(request),
            **(extra_context or {}),
        }
        return super().index(request, context)

    def i18n_javascript(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        """The admin's JavaScript catalog, with the body editor's texts (portal.richtext)."""
        view = richtext.AdminJavaScriptCatalog.as_view(packages=["django.contrib.admin"])
        return cast("HttpResponse", view(request))

    def get_urls(self) -> list:
        return [
            path("two-factor/", self.admin_view(self.two_factor_view), name="two_factor"),
            path("two-factor/enrol/", _signed_in_staff(self.enrol_view), name="two_factor_enrol"),
            *super().get_urls(),
        ]

    def _render(self, request: HttpRequest, template: str, **context: Any) -> TemplateResponse:
        context = {**self.each_context(request), **context}
        return TemplateResponse(request, f"admin/two_factor/{template}", context)

    def enrol_view(self, request: StaffRequest) -> HttpResponse:
        """Scan the QR code (or type the key) into an authenticator app, confirm with a code,
        note the recovery codes."""
        user = request.user
        form = EnrolForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                device, codes = two_factor.enrolment_confirm(
                    user=user, token=form.cleaned_data["token"]
                )
            except ValidationError as error:
                form.add_error("token", error)
            else:
                two_factor.session_verify(request=request, device=device)
                return self._render(
                    request,
                    "recovery_codes.html",
                    title=_("Your recovery codes"),
                    codes=codes,
                    next_url=_next_url(request),
                )
        return self._render(
            request,
            "enrol.html",
            title=_("Set up two-factor sign-in"),
            enrolment=two_factor.enrolment_start(user=user),
            form=form,
            required=two_factor.required_for(user),
            next_url=_next_url(request),
            redirect_field=REDIRECT_FIELD_NAME,
        )

    def two_factor_view(self, request: StaffRequest) -> HttpResponse:
        """Whether two-factor sign-in is set up, and new recovery codes."""
        user = request.user
        if request.method == "POST" and two_factor.is_enrolled(user):
            return self._render(
                request,
                "recovery_codes.html",
                title=_("Your recovery codes"),
                codes=two_factor.recovery_codes_replace(user=user),
                next_url=reverse("admin:two_factor"),
            )
        return self._render(
            request,
            "status.html",
            title=_("Two-factor sign-in"),
            enrolled=two_factor.is_enrolled(user),
            required=two_factor.required_for(user),
            codes_left=two_factor.recovery_codes_left(user),
        )
