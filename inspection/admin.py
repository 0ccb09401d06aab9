"""The self-inspection in the back office: the dashboard (superusers and office heads) and the
columns' limits (superusers, like the other site-wide settings)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from inspection import access as inspection_access
from inspection import scoring, tasks
from inspection.models import ColumnLimit, InspectionRun
from portal import access, sites
from portal.sites import CurrentSite

HISTORY_DAYS = 30


@admin.register(ColumnLimit)
class ColumnLimitAdmin(admin.ModelAdmin):
    list_display = ["section", "agency", "category", "max_age_days", "may_be_empty"]
    list_filter = ["section", "may_be_empty"]
    autocomplete_fields = ["agency"]


@admin.register(InspectionRun)
class InspectionRunAdmin(admin.ModelAdmin):
    """One page: the latest run's score and failing items (single vetoes first) with links to
    fix each, every column's last update, and the history of scores. In a site group, of one
    of the sites the user sees (``?site=``), with the latest score of each of them."""

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
        visible = inspection_access.visible_sites(user, scoring.inspected_sites())
        site = _chosen_site(request, visible)
        runs = list(InspectionRun.objects.of_site(site.pk).order_by("-day")[:HISTORY_DAYS])
        latest = runs[0] if runs else None
        findings = inspection_access.visible_rows(user, latest.findings) if latest else []
        # More than one site: each one's latest score, to choose from.
        latest_by_site = scoring.latest_runs(visible) if len(visible) > 1 else {}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Self-inspection"),
            "site": None if site.is_implicit else site,
            "site_rows": [(other, latest_by_site.get(other.pk)) for other in visible]
            if latest_by_site
            else [],
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


def _chosen_site(request: HttpRequest, visible: list[CurrentSite]) -> CurrentSite:
    """The site of ``?site=<id>`` among those the user sees (404 for another); without it, the
    site of the back office's host if the user sees it, else the first."""
    if not visible:
        raise PermissionDenied
    wanted = request.GET.get("site", "")
    if not wanted:
        here = sites.current_site(request).pk
        return next((site for site in visible if site.pk == here), visible[0])
    found = next((site for site in visible if str(site.pk) == wanted), None)
    if found is None:
        raise Http404
    return found
