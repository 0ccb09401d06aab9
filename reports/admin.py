"""The back office of the annual report (年度报告): the report through the shared workflow
(``disclosure.admin_workflow``: submit, approve, publish with the same roles as documents),
the live tables with the invariant check, starting texts for sections 一、五、六, and the
figures staff enter for table 二.

Everything is fetched through ``portal.access``: another agency's reports answer 404.
Registered by ``requests_app.admin`` importing this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.db.models import ForeignKey, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import access
from portal.models import StaffRole
from portal.typed import StaffRequest
from publishing.admin import (
    AuditTrailInline,
    ScreenedReviewForm,
    WorkflowAdminMixin,
)
from publishing.models import Status
from reports import output, publishing, tables
from reports.models import AnnualFigures, AnnualReport, AnnualReportEvent

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldOpts, _FieldsetSpec
    from django.forms import ModelChoiceField

    from portal.access import AnyUser
    from portal.typed import StrOrPromise

Role = StaffRole.Role

PREFILL_SECTIONS = {
    "overview": "section_overview",
    "problems": "section_problems",
    "other": "section_other",
}


def report_queryset_for(user: AnyUser) -> QuerySet[AnnualReport]:
    return access.scope_queryset(AnnualReport.objects.select_related("agency"), user)


class AnnualReportEventInline(AuditTrailInline):
    model = AnnualReportEvent


class AnnualReportForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["agency", "year", "section_overview", "section_problems", "section_other"]


@admin.register(AnnualReport)
class AnnualReportAdmin(WorkflowAdminMixin[AnnualReport], admin.ModelAdmin):
    form = AnnualReportForm
    inlines = [AnnualReportEventInline]
    list_display = ["__str__", "agency", "year", "status", "published_at"]
    list_filter = ["status", "year"]
    search_fields = ["agency__name", "agency__code"]
    readonly_fields = ["status", "drafter", "reviewer", "publisher", "review_result",
                       "review_notes", "published_at"]  # fmt: skip
    change_form_template = "admin/reports/annualreport/change_form.html"
    workflow_template = "admin/reports/annualreport/workflow.html"
    # The sections are screened for personal data at approval (reports.publishing).
    workflow_forms = {"approve": ScreenedReviewForm}
    preview_template = "reports/detail.html"

    def get_fieldsets(self, request: HttpRequest, obj: AnnualReport | None = None) -> _FieldsetSpec:
        sections = ("section_overview", "section_problems", "section_other")
        main: list[tuple[StrOrPromise | None, _FieldOpts]] = [
            (None, {"fields": ["agency", "year"]}),
            (_("Sections"), {"fields": sections}),
        ]
        if obj is not None:
            record = ("status", "drafter", "reviewer", "publisher", "review_result",
                      "review_notes", "published_at")  # fmt: skip
            main.insert(0, (_("Record"), {"fields": record}))
        return main

    def get_queryset(self, request: HttpRequest) -> QuerySet[AnnualReport]:
        return report_queryset_for(request.user)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "agency":
            kwargs["queryset"] = access.agencies_for(request.user, [Role.DRAFTER])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: AnnualReport, form: Any, change: bool) -> None:
        access.require_role(request.user, obj.agency_id, Role.DRAFTER)
        if obj.drafter_id is None:
            assert isinstance(request.user, User)  # require_role let a signed-in drafter by
            obj.drafter = request.user
        super().save_model(request, obj, form, change)

    # The workflow pages (WorkflowAdminMixin).
    def get_workflow_object(self, request: HttpRequest, pk: int) -> AnnualReport:
        report = report_queryset_for(request.user).filter(pk=pk).first()
        if report is None:
            raise Http404
        return report

    def preview_context(self, request: HttpRequest, obj: AnnualReport) -> dict[str, Any]:
        return output.context(publishing.report_tables(obj), obj)

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/compute/", wrap(self.compute_view),
                 name="reports_annualreport_compute"),
            path("<int:pk>/prefill/", wrap(require_POST(self.prefill_view)),
                 name="reports_annualreport_prefill"),
            *super().get_urls(),
        ]  # fmt: skip

    def compute_view(self, request: StaffRequest, pk: int) -> HttpResponse:
        """The live tables and both invariants, with the requests that break them."""
        report = self.get_workflow_object(request, pk)
        computed, checks = tables.compute_with_checks(report.agency, report.year)
        context = {
            **self.admin_site.each_context(request),
            **output.context(computed, report),
            "opts": self.model._meta,
            "original": report,
            "checks": checks,
            "change_url": self.change_url(report),
            "frozen": report.frozen_tables is not None,
        }
        return TemplateResponse(request, "admin/reports/annualreport/compute.html", context)

    def prefill_view(self, request: StaffRequest, pk: int) -> HttpResponse:
        report = self.get_workflow_object(request, pk)
        wanted = [PREFILL_SECTIONS[key] for key in request.POST.getlist("section")
                  if key in PREFILL_SECTIONS]  # fmt: skip
        if not access.can_act(request.user, report.agency_id, Role.DRAFTER):
            messages.error(request, _("Only a drafter of the agency can do this."))
        elif report.status != Status.DRAFT:
            messages.error(request, _("Only a draft can be prefilled."))
        elif wanted:
            publishing.report_prefill(report=report, user=request.user, sections=wanted)
            messages.success(request, _("The starting text was filled in from the figures."))
        return HttpResponseRedirect(self.change_url(report))


class AnnualFiguresForm(forms.ModelForm):
    class Meta:
        model = AnnualFigures
        fields = ["agency", "year", "rules_issued", "rules_repealed", "rules_in_force",
                  "licensing_decisions", "penalty_decisions", "coercion_decisions",
                  "decisions_override_reason", "fees_collected"]  # fmt: skip


@admin.register(AnnualFigures)
class AnnualFiguresAdmin(admin.ModelAdmin):
    """Figures of table 二 kept outside the portal; drafters and publishers enter them. The
    decision counts come from the enforcement decisions; a figure here overrides one, with a
    reason (``AnnualFigures.clean``)."""

    form = AnnualFiguresForm
    list_display = ["agency", "year", "licensing_decisions", "penalty_decisions",
                    "coercion_decisions", "fees_collected", "updated_at"]  # fmt: skip
    list_filter = ["year"]
    search_fields = ["agency__name", "agency__code"]
    editors = [Role.DRAFTER, Role.PUBLISHER]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AnnualFigures]:
        return access.scope_queryset(AnnualFigures.objects.select_related("agency"), request.user)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "agency":
            kwargs["queryset"] = access.agencies_for(request.user, self.editors)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.is_superuser(request.user) or bool(
            access.agency_ids_for(request.user, self.editors)
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        return any(access.can_act(request.user, obj.agency_id, role) for role in self.editors)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is not None and self.has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: AnnualFigures, form: Any, change: bool) -> None:
        if not any(access.can_act(request.user, obj.agency_id, role) for role in self.editors):
            access.require_role(request.user, obj.agency_id, Role.DRAFTER)
        super().save_model(request, obj, form, change)
