"""The back office of budgets and final accounts: scoped to the user's agencies
(``budgets.access``), saved through ``drafting.disclosure_save`` and moved through the shared
workflow (``publishing.admin``). The documents are an inline of PDF and XLSX files checked by
their content (``budgets.files``), changed while the disclosure is a draft only. The change page
and every workflow step show the due date under 预算法 第十四条 and whether it is kept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy

from budgets import access as budgets_access
from budgets import deadlines, drafting, files, views
from budgets.models import BudgetAttachment, BudgetDisclosure, BudgetDisclosureEvent, Table
from disclosure.attachments import UploadInfo
from portal.typed import Fieldsets, StaffRequest
from publishing.admin import (
    AuditTrailInline,
    DraftingAdminMixin,
    DraftOnlyInline,
    ScreenedReviewForm,
)


class BudgetDisclosureForm(forms.ModelForm):
    user: Any = None  # set per request by DraftingAdminMixin.get_form

    tables = forms.MultipleChoiceField(
        label=gettext_lazy("Tables included"), choices=Table.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    class Meta:
        model = BudgetDisclosure
        fields = ["agency", "scope", "kind", "year", "region", "approval_date", "approved_by",
                  "tables", "total_income", "total_expenditure", "outbound_travel",
                  "vehicle_purchase", "vehicle_operation", "reception", "variance_explanation",
                  "description"]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8, "class": "vLargeTextField"}),
            "variance_explanation": forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
        }

    # _post_clean and _update_errors: Django's private form API, not in the stubs.
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            drafting.check_drafter(self.instance, user=self.user)
            drafting.check_disclosure(self.instance)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = BudgetAttachment
        fields = ["file", "title", "order"]

    info: UploadInfo | None = None

    def clean_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("file")
        if upload is not None and "file" in self.changed_data:
            self.info = files.inspect_attachment(upload)
        return upload

    def save(self, commit: bool = True) -> BudgetAttachment:
        instance = super().save(commit=False)
        if self.info is not None:
            instance.original_name = self.info.original_name
            instance.content_type = self.info.content_type
            instance.size = self.info.size
        if commit:
            instance.save()
        return instance


class AttachmentInline(DraftOnlyInline):
    model = BudgetAttachment
    form = AttachmentForm
    fields = ["file", "title", "order", "size"]
    readonly_fields = ["size"]
    verbose_name = gettext_lazy("document (PDF or XLSX)")
    verbose_name_plural = gettext_lazy("Documents (PDF or XLSX)")


class EventInline(AuditTrailInline):
    model = BudgetDisclosureEvent


@admin.register(BudgetDisclosure)
class BudgetDisclosureAdmin(DraftingAdminMixin, admin.ModelAdmin):
    form = BudgetDisclosureForm
    inlines = [AttachmentInline, EventInline]
    list_display = ["__str__", "kind", "scope", "year", "agency", "approval_date", "due",
                    "status"]  # fmt: skip
    list_filter = ["status", "scope", "kind", "year"]
    search_fields = ["agency__name", "region", "approved_by"]
    list_select_related = ["agency"]
    readonly_fields = ["status", "published_at", "drafter", "reviewer", "publisher",
                       "review_result", "review_notes", "due"]  # fmt: skip
    change_form_template = "admin/publishing/change_form.html"
    workflow_template = "admin/budgets/workflow.html"
    preview_template = "budgets/detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    @admin.display(description=gettext_lazy("to be published by"))
    def due(self, obj: BudgetDisclosure) -> str:
        if obj.approval_date is None:
            return "-"
        state = deadlines.timeliness(obj)
        return f"{deadlines.due_date(obj.approval_date):%Y-%m-%d} · {state.label}"

    def get_fieldsets(self, request: HttpRequest, obj: BudgetDisclosure | None = None) -> Fieldsets:
        main: Fieldsets = [
            (None, {"fields": ["agency", "scope", "kind", "year", "region"]}),
            (gettext_lazy("Approval (the 20 days run from it)"),
             {"fields": ["approval_date", "approved_by"]}),
            (gettext_lazy("Tables and figures (10,000 yuan)"),
             {"fields": ["tables", "total_income", "total_expenditure"]}),
            (gettext_lazy("“Three public” expenses (10,000 yuan)"),
             {"fields": ["outbound_travel", "vehicle_purchase", "vehicle_operation", "reception",
                         "variance_explanation"]}),
            (gettext_lazy("Explanation"), {"fields": ["description"]}),
        ]  # fmt: skip
        if obj is not None:
            record: list[Any] = ["status", "due", "published_at", "drafter", "reviewer",
                                 "publisher", "review_result", "review_notes"]  # fmt: skip
            main.insert(0, (gettext_lazy("Record"), {"fields": record}))
        return main

    def get_queryset(self, request: HttpRequest) -> QuerySet[BudgetDisclosure]:
        return budgets_access.disclosure_queryset_for(request.user).select_related("agency")

    def save_draft(
        self, request: StaffRequest, obj: BudgetDisclosure, form: forms.ModelForm[BudgetDisclosure]
    ) -> None:
        drafting.disclosure_save(disclosure=obj, user=request.user)

    def get_workflow_object(self, request: HttpRequest, pk: int) -> BudgetDisclosure:
        return budgets_access.get_disclosure_for(request.user, pk)

    def preview_context(self, request: HttpRequest, obj: BudgetDisclosure) -> dict[str, Any]:
        return views.detail_context(obj)

    def workflow_extra_context(
        self, request: HttpRequest, obj: BudgetDisclosure, action: str
    ) -> dict[str, Any]:
        return {
            "due_date": deadlines.due_date(obj.approval_date),
            "timeliness": deadlines.timeliness(obj),
        }

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("attachment/<int:pk>/", wrap(self.attachment_view),
                 name="budgets_budgetdisclosure_attachment"),
            *super().get_urls(),
        ]  # fmt: skip

    def attachment_view(self, request: StaffRequest, pk: int) -> FileResponse:
        item = get_object_or_404(budgets_access.attachment_queryset_for(request.user), pk=pk)
        return views.file_response(item)
