"""The back office of 回应关切: the register of concerns (staff-only, scoped to the user's
agencies, with each obligation's clock and the notices the sweep sent), the timing report
(``admin/concerns/concern/report/``), and the responses, drafted and moved through the shared
workflow (``publishing.admin``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, ManyToManyField, QuerySet
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concerns import access as concern_access
from concerns import clock, drafting, report
from concerns.models import Concern, Escalation, Response, ResponseEvent
from disclosure.models import Document
from interpretation.models import Interpretation
from portal import access
from portal.models import StaffRole
from portal.typed import StaffRequest
from publishing.admin import AuditTrailInline, DraftingAdminMixin, ScreenedReviewForm

Role = StaffRole.Role


# --- The register --------------------------------------------------------------------------


class ConcernForm(forms.ModelForm):
    user: Any = None  # set per request by ConcernAdmin.get_form

    class Meta:
        model = Concern
        fields = ["agency", "source", "subject", "summary", "severity", "aware_at"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"})}

    # _post_clean and _update_errors: Django's private form API, not in the stubs.
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            drafting.check_concern(self.instance, user=self.user)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class EscalationInline(admin.TabularInline):
    model = Escalation
    extra = 0
    can_delete = False
    fields = ("obligation", "stage", "due_at", "sent_at", "recipients")
    readonly_fields = ("obligation", "stage", "due_at", "sent_at", "recipients")
    verbose_name_plural = gettext_lazy("Reminders and escalations sent")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


def clock_lines(concern: Concern) -> str:
    lines = []
    for item in clock.clocks(concern):
        if item.met_at is not None:
            timing = _("published %(at)s") % {
                "at": timezone.localtime(item.met_at).strftime("%Y-%m-%d %H:%M")
            }
        elif item.remaining.total_seconds() >= 0:
            timing = _("%(hours)s left") % {"hours": clock.format_hours(item.remaining)}
        else:
            timing = _("%(hours)s overdue") % {"hours": clock.format_hours(item.remaining)}
        due = timezone.localtime(item.due_at).strftime("%Y-%m-%d %H:%M")
        lines.append((item.state, item.obligation_label, item.state_label, due, timing))
    return format_html_join(
        "",
        '<div class="concern-clock concern-clock-{}">{}: <strong>{}</strong> · '
        + str(_("due"))
        + " {} · {}</div>",
        lines,
    )


@admin.register(Concern)
class ConcernAdmin(admin.ModelAdmin):
    form = ConcernForm
    inlines = [EscalationInline]
    list_display = ["subject", "agency", "severity", "source", "aware_at", "clock_state"]
    list_filter = ["severity", "source"]
    search_fields = ["subject"]
    date_hierarchy = "aware_at"
    readonly_fields = ["clock_state", "responses_list", "registered_by", "created_at"]
    change_list_template = "admin/concerns/concern/change_list.html"

    def get_fieldsets(self, request: HttpRequest, obj: Concern | None = None) -> Any:
        main: list[Any] = [
            (None, {"fields": ["agency", "source", "severity", "subject", "summary", "aware_at"]})
        ]
        if obj is not None:
            main.append((gettext_lazy("Response clock"), {"fields": [
                "clock_state", "responses_list", "registered_by", "created_at"]}))  # fmt: skip
        return main

    def get_queryset(self, request: HttpRequest) -> QuerySet[Concern]:
        from concerns import selectors

        return selectors.with_clock_data(concern_access.concern_queryset_for(request.user))

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Any]]:
        form = super().get_form(request, obj, change, **kwargs)
        return type(f"{form.__name__}ForUser", (form,), {"user": request.user})

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "agency":
            kwargs["queryset"] = concern_access.register_agencies_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest) -> bool:
        return concern_access.register_agencies_for(request.user).exists()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        return concern_access.can_register(request.user, obj.agency_id)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A concern registered by mistake may go while nothing responds to it.
        return (
            obj is not None
            and concern_access.can_register(request.user, obj.agency_id)
            and not obj.responses.exists()
        )

    def save_model(
        self, request: HttpRequest, obj: Concern, form: forms.ModelForm[Concern], change: bool
    ) -> None:
        drafting.concern_save(concern=obj, user=request.user)  # type: ignore[arg-type]

    @admin.display(description=gettext_lazy("Response clock"))
    def clock_state(self, obj: Concern) -> str:
        return clock_lines(obj)

    @admin.display(description=gettext_lazy("Responses"))
    def responses_list(self, obj: Concern) -> str:
        found = obj.responses.order_by("created_at")
        if not found:
            return "—"
        return format_html_join(
            "", "<div>{} · {} · {}</div>",
            ((r.title, r.get_status_display(),
              timezone.localtime(r.published_at).strftime("%Y-%m-%d %H:%M")
              if r.published_at else "—") for r in found),
        )  # fmt: skip

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("report/", wrap(self.report_view), name="concerns_concern_report"),
            *super().get_urls(),
        ]

    def report_view(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        start = _date(request.GET.get("start")) or today.replace(day=1)
        end = _date(request.GET.get("end")) or today
        if end < start:
            start, end = end, start
        result = report.timing_report(
            concern_access.concern_queryset_for(request.user), start=start, end=end
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Timing of responses to public concerns"),
            "report": result,
            "by_agency": report.by_agency(result),
        }
        return TemplateResponse(request, "admin/concerns/concern/report.html", context)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


# --- Responses -----------------------------------------------------------------------------


class ResponseForm(forms.ModelForm):
    user: Any = None  # set per request by DraftingAdminMixin.get_form

    class Meta:
        model = Response
        fields = ["agency", "concern", "kind", "at_press_conference", "title", "text",
                  "interpretations", "documents"]  # fmt: skip
        widgets = {"text": forms.Textarea(attrs={"rows": 12, "class": "vLargeTextField"})}

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            drafting.check_response(self.instance, user=self.user)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class ResponseEventInline(AuditTrailInline):
    model = ResponseEvent


@admin.register(Response)
class ResponseAdmin(DraftingAdminMixin, admin.ModelAdmin):
    form = ResponseForm
    inlines = [ResponseEventInline]
    list_display = ["title", "kind", "agency", "status", "published_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title"]
    list_select_related = ["agency"]
    filter_horizontal = ["interpretations", "documents"]
    readonly_fields = ["status", "published_at", "drafter", "reviewer", "publisher",
                       "review_result", "review_notes"]  # fmt: skip
    change_form_template = "admin/publishing/change_form.html"
    preview_template = "concerns/response_detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    def get_fieldsets(self, request: HttpRequest, obj: Response | None = None) -> Any:
        main: list[Any] = [
            (None, {"fields": ["agency", "concern", "kind", "at_press_conference", "title",
                               "text"]}),
            (gettext_lazy("Links"), {"fields": ["interpretations", "documents"]}),
        ]  # fmt: skip
        if obj is not None:
            main.insert(0, (gettext_lazy("Record"), {"fields": self.readonly_fields}))
        return main

    def get_queryset(self, request: HttpRequest) -> QuerySet[Response]:
        return concern_access.response_queryset_for(request.user).select_related("agency")

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "concern":
            kwargs["queryset"] = Concern.objects.filter(
                agency__in=access.agencies_for(request.user, [Role.DRAFTER])
            ).select_related("agency")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        # Only what is public can be linked from a public page: published interpretations and
        # documents (of any agency: a response may point to the province's interpretation).
        if db_field.name == "interpretations":
            kwargs["queryset"] = Interpretation.objects.published().order_by("-published_at")
        elif db_field.name == "documents":
            kwargs["queryset"] = Document.objects.published().order_by("-id")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_draft(
        self, request: StaffRequest, obj: Response, form: forms.ModelForm[Response]
    ) -> None:
        drafting.response_save(response=obj, user=request.user)

    def get_workflow_object(self, request: HttpRequest, pk: int) -> Response:
        return concern_access.get_response_for(request.user, pk)

    def preview_context(self, request: HttpRequest, obj: Response) -> dict[str, Any]:
        return {"response": obj}
