"""The self-inspection in the back office: the dashboard (superusers and office heads) and the
columns' limits (superusers, like the other site-wide settings)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from inspection import access as inspection_access
from inspection import tasks
from inspection.models import ColumnLimit, InspectionRun
from portal import access

HISTORY_DAYS = 30


@admin.register(ColumnLimit)
class ColumnLimitAdmin(admin.ModelAdmin):
    list_display = ["section", "agency", "category", "max_age_days", "may_be_empty"]
    list_filter = ["section", "may_be_empty"]
    autocomplete_fields = ["agency"]


@admin.register(InspectionRun)
class InspectionRunAdmin(admin.ModelAdmin):
    """One page: the latest run's score and failing items (single vetoes first) with links to
    fix each, every column's last update, and the history of scores."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return inspection_access.can_view_inspection(request.user)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return inspection_access.can_view_inspection(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "",
                self.admin_site.admin_view(self.dashboard_view),
                name="inspection_inspectionrun_changelist",
            )
        ]

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not inspection_access.can_view_inspection(user):
            raise PermissionDenied
        if request.method == "POST":
            tasks.run_inspection.delay()
            messages.success(request, _("The self-inspection is running; reload in a minute."))
            return HttpResponseRedirect(request.path)
        runs = list(InspectionRun.objects.order_by("-day")[:HISTORY_DAYS])
        latest = runs[0] if runs else None
        findings = inspection_access.visible_rows(user, latest.findings) if latest else []
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Self-inspection"),
            "run": latest,
            "vetoes": [finding for finding in findings if finding["veto"]],
            "others": [finding for finding in findings if not finding["veto"]],
            "columns": inspection_access.visible_rows(user, latest.columns) if latest else [],
            "history": runs,
            "is_superuser": access.is_superuser(user),
            "limits_url": reverse("admin:inspection_columnlimit_changelist"),
            "wording_url": reverse("admin:publishing_wordingrule_changelist"),
        }
        return TemplateResponse(request, "admin/inspection/dashboard.html", context)
