"""The back office of 双随机、一公开: plans with their items and pools (edited as drafts, then
moved through the shared workflow), the draw of a published plan and a new round, and the
results of the drawn subjects. Everything is scoped to the user's agencies
(``enforcement.access``): another agency's plans and results are not found."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enforcement import access as enforcement_access
from enforcement import draws, inspections
from enforcement import selectors_inspections as selectors
from enforcement.models import (
    DrawnSubject,
    InspectionDraw,
    InspectionItem,
    InspectionPlan,
    InspectionPlanEvent,
    InspectionResult,
    InspectionResultEvent,
    PlanInspector,
    PlanSubject,
)
from enforcement.views_inspections import page_context
from portal import access
from portal.models import StaffRole
from portal.typed import Fieldsets, StaffRequest
from publishing.admin import (
    AuditTrailInline,
    DraftingAdminMixin,
    DraftOnlyInline,
    ScreenedReviewForm,
    error_text,
)
from publishing.models import Status

Role = StaffRole.Role


class _CheckedForm(forms.ModelForm):
    """A form whose instance is checked by a function of ``enforcement.inspections`` after the
    model's own validation, with its errors shown on the fields."""

    def check(self) -> None:
        raise NotImplementedError

    # _post_clean and _update_errors: Django's private form API, not in the stubs.
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            self.check()
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]
        # A constraint of the table says for the whole form what the check says on its field.
        errors = self.errors  # set by now: this runs inside full_clean
        said = {str(m) for name, found in errors.items() if name != NON_FIELD_ERRORS
                for m in found}  # fmt: skip
        general = [str(m) for m in errors.pop(NON_FIELD_ERRORS, []) if str(m) not in said]
        if general:
            errors[NON_FIELD_ERRORS] = self.error_class(general, error_class="nonfield")


class InspectionPlanForm(_CheckedForm):
    user: Any = None  # set per request by DraftingAdminMixin.get_form

    class Meta:
        model = InspectionPlan
        fields = ["agency", "title", "year", "description", "subject_ratio", "subject_count",
                  "inspectors_per_subject", "planned_start", "planned_end"]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"})}

    def check(self) -> None:
        inspections.check_drafter(self.instance.agency_id, user=self.user)
        inspections.check_plan(self.instance)


class PlanSubjectForm(_CheckedForm):
    class Meta:
        model = PlanSubject
        fields = ["subject_type", "name", "credit_code"]

    def check(self) -> None:
        inspections.check_subject(self.instance)


class PlanInspectorForm(_CheckedForm):
    class Meta:
        model = PlanInspector
        fields = ["name", "certificate_number"]

    def check(self) -> None:
        inspections.check_inspector(self.instance)


class InspectionItemInline(DraftOnlyInline):
    model = InspectionItem
    fields = ["order", "name", "basis"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


class PlanSubjectInline(DraftOnlyInline):
    model = PlanSubject
    form = PlanSubjectForm
    verbose_name_plural = gettext_lazy("Pool of market subjects (抽查对象名录库)")


class PlanInspectorInline(DraftOnlyInline):
    model = PlanInspector
    form = PlanInspectorForm
    verbose_name_plural = gettext_lazy("Pool of inspectors (执法检查人员名录库)")


class InspectionPlanEventInline(AuditTrailInline):
    model = InspectionPlanEvent


@admin.register(InspectionPlan)
class InspectionPlanAdmin(DraftingAdminMixin, admin.ModelAdmin):
    form = InspectionPlanForm
    inlines = [InspectionItemInline, PlanSubjectInline, PlanInspectorInline,
               InspectionPlanEventInline]  # fmt: skip
    list_display = ["title", "year", "agency", "status", "drawn"]
    list_filter = ["status", "year"]
    search_fields = ["title"]
    list_select_related = ["agency", "draw"]
    readonly_fields = ["status", "published_at", "drafter", "reviewer", "publisher",
                       "review_result", "review_notes", "previous_round",
                       "draw_display"]  # fmt: skip
    change_form_template = "admin/enforcement/inspectionplan/change_form.html"
    preview_template = "enforcement/inspections/plan_detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    def get_fieldsets(self, request: HttpRequest, obj: InspectionPlan | None = None) -> Fieldsets:
        main: Fieldsets = [
            (None, {"fields": ["agency", "title", "year", "description"]}),
            (gettext_lazy("The draw"),
             {"fields": ["subject_ratio", "subject_count", "inspectors_per_subject",
                         "planned_start", "planned_end"]}),
        ]  # fmt: skip
        if obj is not None:
            record: list[Any] = ["status", "published_at", "drafter", "reviewer", "publisher",
                                 "review_result", "review_notes", "previous_round"]  # fmt: skip
            main.insert(0, (gettext_lazy("Record"), {"fields": record}))
            main.append((gettext_lazy("Drawn subjects"), {"fields": ["draw_display"]}))
        return main

    @admin.display(description=gettext_lazy("drawn"), boolean=True)
    def drawn(self, obj: InspectionPlan) -> bool:
        return hasattr(obj, "draw")

    @admin.display(description=gettext_lazy("draw"))
    def draw_display(self, obj: InspectionPlan) -> str:
        record = InspectionDraw.objects.filter(plan=obj).select_related("drawn_by").first()
        if record is None:
            return _("Not drawn yet.")
        drawn = record.drawn.select_related("subject").prefetch_related("inspectors")
        results = {
            r.drawn_subject_id: r
            for r in InspectionResult.objects.filter(drawn_subject__draw=record)
        }
        add_url = reverse("admin:enforcement_inspectionresult_add")

        def result_cell(d: DrawnSubject) -> str:
            found = results.get(d.pk)
            if found is None:
                return format_html(
                    '<a href="{}?drawn_subject={}">{}</a>', add_url, d.pk, _("Record the result")
                )
            change = reverse("admin:enforcement_inspectionresult_change", args=[found.pk])
            label = f"{found.get_outcome_display()} · {found.get_status_display()}"
            return format_html('<a href="{}">{}</a>', change, label)

        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    d.position,
                    d.subject.name,
                    d.subject.credit_code,
                    "、".join(f"{i.name}（{i.certificate_number}）" for i in d.inspectors.all()),
                    result_cell(d),
                )
                for d in drawn
            ),
        )
        return format_html(
            "<p>{}</p><table><thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
            "</tr></thead><tbody>{}</tbody></table>",
            _("Drawn by %(user)s at %(time)s with the seed %(seed)s.")
            % {
                "user": record.drawn_by.get_username(),
                "time": record.drawn_at.strftime("%Y-%m-%d %H:%M"),
                "seed": record.seed,
            },
            _("Market subject"),
            _("Unified social credit code"),
            _("Inspectors"),
            _("Result"),
            rows,
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[InspectionPlan]:
        return enforcement_access.plan_queryset_for(request.user).select_related("agency")

    def save_draft(
        self, request: StaffRequest, obj: InspectionPlan, form: forms.ModelForm[InspectionPlan]
    ) -> None:
        inspections.plan_save(plan=obj, user=request.user)

    # --- The workflow, the draw and a new round -------------------------------------------

    def get_workflow_object(self, request: HttpRequest, pk: int) -> InspectionPlan:
        return enforcement_access.get_plan_for(request.user, pk)

    def preview_context(self, request: HttpRequest, obj: InspectionPlan) -> dict[str, Any]:
        plan = selectors.with_page_data(InspectionPlan.objects.filter(pk=obj.pk)).get()
        return page_context(plan)

    def change_extra_context(self, request: HttpRequest, obj: InspectionPlan) -> dict[str, Any]:
        drafter = access.can_act(request.user, obj.agency_id, Role.DRAFTER)
        drawn = hasattr(obj, "draw") or InspectionDraw.objects.filter(plan=obj).exists()
        return {
            "can_draw": drafter and obj.status == Status.PUBLISHED and not drawn,
            "can_start_round": drafter and drawn,
        }

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/draw/", wrap(self.draw_view), name=self._url_name("draw")),
            path(
                "<int:pk>/new-round/", wrap(self.new_round_view), name=self._url_name("new_round")
            ),
            *super().get_urls(),
        ]

    def _confirm(
        self, request: HttpRequest, plan: InspectionPlan, **context: Any
    ) -> TemplateResponse:
        return TemplateResponse(
            request,
            "admin/enforcement/inspectionplan/confirm.html",
            self.workflow_context(request, plan, change_url=self.change_url(plan), **context),
        )

    def draw_view(self, request: StaffRequest, pk: int) -> HttpResponse:
        """The draw of a published plan: a page saying what will be drawn, then the draw."""
        plan = self.get_workflow_object(request, pk)
        if request.method == "POST":
            try:
                record = inspections.plan_draw(plan=plan, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, error_text(error))
            else:
                messages.success(
                    request,
                    _("Drawn: %(count)d subjects, with the seed %(seed)s.")
                    % {"count": record.drawn.count(), "seed": record.seed},
                )
                return HttpResponseRedirect(self.change_url(plan))
        pool = plan.subjects.count()
        count = draws.subjects_to_draw(pool, plan.subject_ratio, plan.subject_count)
        allowed = (
            access.can_act(request.user, plan.agency_id, inspections.DRAW_ROLE)
            and plan.status == Status.PUBLISHED
            and not InspectionDraw.objects.filter(plan=plan).exists()
        )
        text = _(
            "%(count)d of the %(pool)d market subjects will be drawn at random, each with "
            "%(per)d of the %(team)d inspectors. The draw is made once and published at once "
            "with its random seed; it cannot be made again."
        ) % {
            "count": count,
            "pool": pool,
            "per": plan.inspectors_per_subject,
            "team": plan.inspectors.count(),
        }
        return self._confirm(
            request, plan, title=_("Draw"), action_label=_("Draw now"), text=text, allowed=allowed
        )

    def new_round_view(self, request: StaffRequest, pk: int) -> HttpResponse:
        """A new round: a new draft plan with the same items and pools."""
        plan = self.get_workflow_object(request, pk)
        if request.method == "POST":
            try:
                copy = inspections.plan_new_round(plan=plan, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, _("A new round was drafted; check it and submit it."))
                return HttpResponseRedirect(self.change_url(copy))
        allowed = access.can_act(request.user, plan.agency_id, Role.DRAFTER) and (
            InspectionDraw.objects.filter(plan=plan).exists()
        )
        text = _(
            "A new draft plan is made with the same items and pools, for a new draw once it is "
            "published. This plan and its draw stay as they are."
        )
        return self._confirm(
            request,
            plan,
            title=_("New round"),
            action_label=_("Start a new round"),
            text=text,
            allowed=allowed,
        )


class DrawnSubjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: DrawnSubject) -> str:
        return f"{obj.draw.plan.title} · {obj.position}. {obj.subject}"


class InspectionResultForm(_CheckedForm):
    user: Any = None  # set per request by DraftingAdminMixin.get_form

    class Meta:
        model = InspectionResult
        fields = ["drawn_subject", "outcome", "summary", "inspected_on"]
        field_classes = {"drawn_subject": DrawnSubjectChoiceField}
        widgets = {"summary": forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"})}

    def check(self) -> None:
        if self.instance.drawn_subject_id is None:
            return
        drawn = DrawnSubject.objects.select_related("draw__plan").get(
            pk=self.instance.drawn_subject_id
        )
        inspections.check_drafter(drawn.draw.plan.agency_id, user=self.user, field="drawn_subject")
        inspections.check_result(self.instance, drawn)


class InspectionResultEventInline(AuditTrailInline):
    model = InspectionResultEvent


@admin.register(InspectionResult)
class InspectionResultAdmin(DraftingAdminMixin, admin.ModelAdmin):
    form = InspectionResultForm
    inlines = [InspectionResultEventInline]
    list_display = ["subject_name", "plan_title", "outcome", "inspected_on", "agency", "status"]
    list_filter = ["status", "outcome"]
    search_fields = ["drawn_subject__subject__name", "drawn_subject__subject__credit_code"]
    list_select_related = ["agency", "drawn_subject__subject", "drawn_subject__draw__plan"]
    readonly_fields = ["status", "published_at", "drafter", "reviewer", "publisher",
                       "review_result", "review_notes"]  # fmt: skip
    change_form_template = "admin/publishing/change_form.html"
    preview_template = "enforcement/inspections/result_preview.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    def get_fieldsets(self, request: HttpRequest, obj: InspectionResult | None = None) -> Fieldsets:
        main: Fieldsets = [
            (None, {"fields": ["drawn_subject", "outcome", "inspected_on", "summary"]})
        ]
        if obj is not None:
            record: list[Any] = ["status", "published_at", "drafter", "reviewer", "publisher",
                                 "review_result", "review_notes"]  # fmt: skip
            main.insert(0, (gettext_lazy("Record"), {"fields": record}))
        return main

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A result stays with the subject it was recorded for.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "drawn_subject"] if obj is not None else fields

    @admin.display(description=gettext_lazy("market subject"))
    def subject_name(self, obj: InspectionResult) -> str:
        return obj.drawn_subject.subject.name

    @admin.display(description=gettext_lazy("plan"))
    def plan_title(self, obj: InspectionResult) -> str:
        return obj.drawn_subject.draw.plan.title

    def get_queryset(self, request: HttpRequest) -> QuerySet[InspectionResult]:
        return enforcement_access.result_queryset_for(request.user).select_related(
            "agency", "drawn_subject__subject", "drawn_subject__draw__plan"
        )

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "drawn_subject":
            # Drawn subjects of the user's agencies (as a drafter) still without a result.
            agencies = access.agency_ids_for(request.user, [Role.DRAFTER])
            found = DrawnSubject.objects.filter(result__isnull=True)
            if not access.is_superuser(request.user):
                found = found.filter(draw__plan__agency_id__in=agencies)
            kwargs["queryset"] = found.select_related("subject", "draw__plan").order_by(
                "-draw__drawn_at", "position"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_draft(
        self,
        request: StaffRequest,
        obj: InspectionResult,
        form: forms.ModelForm[InspectionResult],
    ) -> None:
        inspections.result_save(result=obj, user=request.user)

    def get_workflow_object(self, request: HttpRequest, pk: int) -> InspectionResult:
        return enforcement_access.get_result_for(request.user, pk)
