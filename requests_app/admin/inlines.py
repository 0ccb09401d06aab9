"""Inlines and list filters of the request back office: the record of a request is
read-only (the services write it); only reviews (行政复议/行政诉讼) are edited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import workdays
from requests_app import access as request_access
from requests_app import handling
from requests_app.models import (
    Correction,
    Extension,
    FeeNotice,
    InformationRequest,
    Pause,
    RequestEvent,
    RequestFile,
    Review,
)

# Timeline actions that are not moves of the state machine.
EVENT_LABELS = {
    "submit": gettext_lazy("Submitted online"),
    "register": gettext_lazy("Registered"),
}


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return list(self.fields)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True  # the parent request is already scoped to the user's agencies


class EventInline(ReadOnlyInline):
    """The timeline: append-only, written by the services."""

    model = RequestEvent
    fields = ["when", "who", "what", "from_status", "to_status", "note", "public_note",
              "visible_to_applicant"]  # fmt: skip
    verbose_name_plural = gettext_lazy("Timeline")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=gettext_lazy("when"))
    def when(self, obj: RequestEvent) -> str:
        return timezone.localtime(obj.created_at).strftime("%Y-%m-%d %H:%M")

    @admin.display(description=gettext_lazy("who"))
    def who(self, obj: RequestEvent) -> str:
        return str(obj.actor) if obj.actor_id else obj.actor_label or "-"

    @admin.display(description=gettext_lazy("what"))
    def what(self, obj: RequestEvent) -> str:
        transition = handling.TRANSITIONS.get(obj.action)
        return (
            str(transition.label) if transition else str(EVENT_LABELS.get(obj.action, obj.action))
        )


class CorrectionInline(ReadOnlyInline):
    model = Correction
    fields = ["notified_on", "what_to_supplement", "period_workdays", "due_on", "received_on"]


class PauseInline(ReadOnlyInline):
    model = Pause
    fields = ["kind", "started_on", "ended_on", "reply_due", "party", "result"]


class ExtensionInline(ReadOnlyInline):
    model = Extension
    fields = ["workdays", "reason", "approved_by", "approved_on", "applicant_informed_on"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("approved_by")


class FeeNoticeInline(ReadOnlyInline):
    model = FeeNotice
    fields = ["method", "quantity", "amount", "sent_on", "received_on", "pay_by", "paid_on",
              "waived", "waiver_reason"]  # fmt: skip


class RequestFileInline(ReadOnlyInline):
    """The applicant's files (e.g. proof of identity): personal data."""

    model = RequestFile
    fields = ["download", "content_type", "size", "uploaded_at"]

    @admin.display(description=gettext_lazy("file"))
    def download(self, obj: RequestFile) -> str:
        url = reverse("admin:requests_app_applicant_file", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


class ReviewInline(admin.TabularInline):
    """行政复议 / 行政诉讼 over the request (annual report table 四): recorded by staff."""

    model = Review
    extra = 0
    can_delete = False
    fields = ["kind", "filed_on", "body", "case_number", "result", "decided_on", "note"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "note":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 30})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def _may_edit(self, request: HttpRequest, obj: InformationRequest | None) -> bool:
        return obj is not None and request_access.can_work_on(request.user, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


# --- List filters --------------------------------------------------------------------------


class DeadlineFilter(admin.SimpleListFilter):
    title = gettext_lazy("answer due")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("soon", _("Due within 5 working days")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.overdue(today)
        if self.value() == "soon":
            horizon = workdays.add_workdays(today, 5)
            return queryset.running().filter(due_date__gte=today, due_date__lte=horizon)
        return queryset
