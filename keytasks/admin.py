"""The back office of key tasks, scoped through ``keytasks.access``.

- Task lists: drafted by the government office and moved through the shared workflow
  (``publishing.admin``); the list's change page lists its tasks.
- Tasks: kept by drafters of the list's government. While the list is a draft everything is
  editable; once it is published the commitments (task, number, agencies, target, milestones
  and their due dates) are read-only and the office records what happened: the dates
  milestones were reached, supervision findings and rectification, the year-end result.
  Lead agencies see the tasks they lead, read-only.
- Progress reports: drafted by the lead agency's drafters, one per task and quarter, and moved
  through the workflow by that agency's reviewers and publishers.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, ManyToManyField, QuerySet
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from keytasks import access as keytask_access
from keytasks import drafting, progress, selectors, views
from keytasks.models import (
    KeyTask,
    Milestone,
    ProgressReport,
    ProgressReportEvent,
    SupervisionFinding,
    TaskList,
    TaskListEvent,
)
from portal import access
from portal.models import Agency, AgencyKind, StaffRole
from portal.typed import Fieldsets, StaffRequest
from publishing.admin import AuditTrailInline, DraftingAdminMixin, ScreenedReviewForm
from publishing.models import Status

Role = StaffRole.Role
_RECORD = ["status", "published_at", "drafter", "reviewer", "publisher", "review_result",
           "review_notes"]  # fmt: skip


def _staff(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_staff)


# --- Task lists -----------------------------------------------------------------------------


class TaskListForm(forms.ModelForm):
    user: Any = None  # set per request by DraftingAdminMixin.get_form

    class Meta:
        model = TaskList
        fields = ["agency", "year", "kind", "title", "summary"]

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            drafting.check_list_drafter(self.instance, user=self.user)
            drafting.check_list(self.instance)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class TaskLinkInline(admin.TabularInline):
    """The list's tasks, each linking to its own page (tasks are edited there)."""

    model = KeyTask
    fields = ["number", "text", "lead_agency"]
    readonly_fields = ["number", "text", "lead_agency"]
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = gettext_lazy("Tasks (add and edit them under “Key tasks”)")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _staff(request)


class TaskListEventInline(AuditTrailInline):
    model = TaskListEvent


@admin.register(TaskList)
class TaskListAdmin(DraftingAdminMixin, admin.ModelAdmin):
    form = TaskListForm
    inlines = [TaskLinkInline, TaskListEventInline]
    list_display = ["title", "year", "kind", "agency", "status"]
    list_filter = ["status", "kind", "year"]
    search_fields = ["title"]
    list_select_related = ["agency"]
    readonly_fields = _RECORD
    change_form_template = "admin/publishing/change_form.html"
    preview_template = "keytasks/board.html"
    workflow_forms = {"approve": ScreenedReviewForm}
    drafter_agency_fields = ()

    def get_fieldsets(self, request: HttpRequest, obj: TaskList | None = None) -> Fieldsets:
        main: Fieldsets = [(None, {"fields": ["agency", "year", "kind", "title", "summary"]})]
        if obj is not None:
            record: list[Any] = list(_RECORD)
            main.insert(0, (gettext_lazy("Record"), {"fields": record}))
        return main

    def get_queryset(self, request: HttpRequest) -> QuerySet[TaskList]:
        return keytask_access.list_queryset_for(request.user).select_related("agency")

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "agency":
            # The governments where the user drafts.
            drafts_for = access.agencies_for(request.user, [Role.DRAFTER])
            kwargs["queryset"] = drafts_for.filter(kind=AgencyKind.GOVERNMENT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_draft(
        self, request: StaffRequest, obj: TaskList, form: forms.ModelForm[TaskList]
    ) -> None:
        drafting.list_save(task_list=obj, user=request.user)

    def get_workflow_object(self, request: HttpRequest, pk: int) -> TaskList:
        return keytask_access.get_list_for(request.user, pk)

    def preview_context(self, request: HttpRequest, obj: TaskList) -> dict[str, Any]:
        today = progress.local_today()
        tasks = progress.with_state(KeyTask.objects.filter(task_list=obj), today)
        tasks = tasks.select_related("lead_agency").prefetch_related(
            "assisting_agencies", "milestones", "findings"
        )
        rows = [views.task_row(task, today, reports=[]) for task in tasks.order_by("number")]
        return {
            "government": obj.agency,
            "year": obj.year,
            "lists": [obj],
            "rows": rows,
            "today": today,
            "overdue_total": sum(row.overdue_count for row in rows),
            "preview_status": obj.get_status_display(),
        }


# --- Tasks ----------------------------------------------------------------------------------


class KeyTaskForm(forms.ModelForm):
    user: Any = None  # set per request by KeyTaskAdmin.get_form

    class Meta:
        model = KeyTask
        fields = ["task_list", "number", "text", "lead_agency", "assisting_agencies", "target",
                  "result", "result_explanation", "result_date"]  # fmt: skip
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            "target": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            "result_explanation": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        }

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if not self.instance.task_list_id:
            return
        try:
            drafting.check_task_keeper(self.instance, user=self.user)
            drafting.check_task(self.instance)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class MilestoneForm(forms.ModelForm):
    task_list: TaskList | None = None  # set per request by MilestoneInline.get_formset

    class Meta:
        model = Milestone
        fields = ["title", "due_date", "done_date"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("DELETE"):
            return data
        try:
            drafting.check_milestone(
                task_list=self.task_list,
                title=data.get("title", self.instance.title or ""),
                due_date=data.get("due_date", self.instance.due_date),
                done_date=data.get("done_date"),
            )
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]
        return data


class FindingForm(forms.ModelForm):
    class Meta:
        model = SupervisionFinding
        fields = ["source", "found_on", "finding", "rectification", "rectification_due",
                  "rectified_on"]  # fmt: skip
        widgets = {
            "finding": forms.Textarea(attrs={"rows": 2}),
            "rectification": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("DELETE"):
            return data
        try:
            drafting.check_finding(
                found_on=data.get("found_on"),
                finding=data.get("finding", ""),
                rectification=data.get("rectification", ""),
                rectification_due=data.get("rectification_due"),
                rectified_on=data.get("rectified_on"),
            )
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]
        return data


def _keeper(request: HttpRequest, task: KeyTask | None) -> bool:
    return task is not None and keytask_access.can_keep_task(request.user, task)


def _draft_list(task: KeyTask | None) -> bool:
    return task is None or drafting.commitments_editable(task.task_list)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    form = MilestoneForm
    extra = 0

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        task_list = obj.task_list if obj is not None else None
        formset.form = type("MilestoneFormForTask", (formset.form,), {"task_list": task_list})
        return formset

    def get_extra(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        return 2 if _draft_list(obj) else 0

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Published commitments: only the date a milestone was reached is recorded.
        return [] if _draft_list(obj) else ["title", "due_date"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _draft_list(obj) and (obj is None or _keeper(request, obj))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or _keeper(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _draft_list(obj) and (obj is None or _keeper(request, obj))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _staff(request)


class FindingInline(admin.StackedInline):
    model = SupervisionFinding
    form = FindingForm
    extra = 0

    def _open(self, request: HttpRequest, obj: KeyTask | None) -> bool:
        # Supervision follows the published commitments.
        return (
            obj is not None and obj.task_list.status == Status.PUBLISHED and _keeper(request, obj)
        )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._open(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._open(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._open(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _staff(request)


@admin.register(KeyTask)
class KeyTaskAdmin(admin.ModelAdmin):
    form = KeyTaskForm
    inlines = [MilestoneInline, FindingInline]
    list_display = ["number", "short_text", "task_list", "lead_agency", "result"]
    list_filter = ["task_list__year", "task_list__kind", "result"]
    search_fields = ["text", "lead_agency__name", "task_list__title"]
    list_select_related = ["task_list", "lead_agency"]
    filter_horizontal = ["assisting_agencies"]

    @admin.display(description=gettext_lazy("task"))
    def short_text(self, obj: KeyTask) -> str:
        return obj.text[:60]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Any]]:
        form = super().get_form(request, obj, change, **kwargs)
        return type(f"{form.__name__}ForUser", (form,), {"user": request.user})

    def get_fieldsets(self, request: HttpRequest, obj: KeyTask | None = None) -> Fieldsets:
        return [
            (None, {"fields": ["task_list", "number", "text", "lead_agency",
                               "assisting_agencies", "target"]}),
            (gettext_lazy("Result at the year's end"),
             {"fields": ["result", "result_explanation", "result_date"]}),
        ]  # fmt: skip

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and not drafting.commitments_editable(obj.task_list):
            return ["task_list", "number", "text", "lead_agency", "assisting_agencies", "target"]
        if obj is not None:
            return ["task_list", "result", "result_explanation", "result_date"]
        return ["result", "result_explanation", "result_date"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[KeyTask]:
        return keytask_access.task_queryset_for(request.user).select_related(
            "task_list__agency", "lead_agency"
        )

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        if not str(object_id).isdigit():
            return None
        return keytask_access.get_task_for(request.user, int(object_id))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _staff(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _staff(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(access.agency_ids_for(request.user, [Role.DRAFTER])) or (
            access.is_superuser(request.user)
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return _staff(request)
        return _keeper(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is not None and _draft_list(obj) and _keeper(request, obj)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "task_list":
            # Tasks are added to the draft lists of the governments where the user drafts.
            kwargs["queryset"] = access.scope_queryset(
                TaskList.objects.filter(status=Status.DRAFT), request.user, roles=[Role.DRAFTER]
            ).select_related("agency")
        if db_field.name == "lead_agency":
            kwargs["queryset"] = Agency.objects.active()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        if db_field.name == "assisting_agencies":
            kwargs["queryset"] = Agency.objects.active()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: KeyTask, form: forms.ModelForm[KeyTask], change: bool
    ) -> None:
        assert request.user.is_authenticated
        drafting.task_save(task=obj, user=request.user)


# --- Progress reports -----------------------------------------------------------------------


class ProgressReportForm(forms.ModelForm):
    user: Any = None  # set per request by DraftingAdminMixin.get_form

    class Meta:
        model = ProgressReport
        fields = ["task", "quarter", "text", "percent", "assessment"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6, "class": "vLargeTextField"})}

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if not self.instance.task_id:
            return
        try:
            drafting.check_reporter(self.instance, user=self.user)
            drafting.check_report(self.instance)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class ProgressReportEventInline(AuditTrailInline):
    model = ProgressReportEvent


@admin.register(ProgressReport)
class ProgressReportAdmin(DraftingAdminMixin, admin.ModelAdmin):
    form = ProgressReportForm
    inlines = [ProgressReportEventInline]
    drafter_agency_fields = ()
    list_display = ["task", "quarter", "percent", "assessment", "agency", "status"]
    list_filter = ["status", "quarter", "assessment"]
    search_fields = ["task__text", "text"]
    list_select_related = ["agency", "task"]
    readonly_fields = ["agency", *_RECORD]
    change_form_template = "admin/publishing/change_form.html"
    preview_template = "keytasks/task_detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    def get_fieldsets(self, request: HttpRequest, obj: ProgressReport | None = None) -> Fieldsets:
        main: Fieldsets = [(None, {"fields": ["task", "quarter", "text", "percent",
                                              "assessment"]})]  # fmt: skip
        if obj is not None:
            main.insert(0, (gettext_lazy("Record"), {"fields": ["agency", *_RECORD]}))
        return main

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = ["agency", *_RECORD]
        return [*fields, "task"] if obj is not None else fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProgressReport]:
        return keytask_access.report_queryset_for(request.user).select_related("agency", "task")

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "task":
            kwargs["queryset"] = keytask_access.reportable_tasks_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_draft(
        self, request: StaffRequest, obj: ProgressReport, form: forms.ModelForm[ProgressReport]
    ) -> None:
        drafting.report_save(report=obj, user=request.user)

    def get_workflow_object(self, request: HttpRequest, pk: int) -> ProgressReport:
        return keytask_access.get_report_for(request.user, pk)

    def preview_context(self, request: HttpRequest, obj: ProgressReport) -> dict[str, Any]:
        task = obj.task
        published = list(selectors.published_reports().filter(task=task).exclude(pk=obj.pk))
        reports = sorted([*published, obj], key=lambda report: report.quarter)
        row = views.task_row(task, progress.local_today(), reports=reports)
        return {"task": task, "row": row, "preview_status": obj.get_status_display()}
