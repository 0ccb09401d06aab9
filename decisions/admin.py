"""The back office of major decisions: catalogs with their items (inline, while a draft) and the
steps of each decision, scoped to the user's governments (``decisions.access``) and moved
through the shared workflow (``publishing.admin``). A catalog's page shows how far each of its
decisions has gone and links the next step to record; the procedure's order is checked by
``decisions.lifecycle`` when a step is saved, submitted and published."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, Q, QuerySet
from django.forms import BaseInlineFormSet, ModelChoiceField
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from decisions import access as decision_access
from decisions import drafting, lifecycle, views
from decisions.models import (
    Decision,
    DecisionCatalog,
    DecisionCatalogEvent,
    DecisionStep,
    DecisionStepEvent,
)
from disclosure.models import Document
from interpretation.models import Consultation, Interpretation
from portal import access
from portal.models import StaffRole
from portal.typed import Fieldsets, StaffRequest
from publishing.admin import AuditTrailInline, DraftingAdminMixin, ScreenedReviewForm
from publishing.models import Status

Role = StaffRole.Role


def _within_drafting_agencies(request: HttpRequest, prefix: str = "agency") -> Q:
    """Rows of the agencies where the user drafts, or of their departments below them."""
    paths = access.agencies_for(request.user, [Role.DRAFTER]).values_list("path", flat=True)
    conditions = [Q(**{f"{prefix}__path__startswith": path}) for path in paths]
    return reduce(or_, conditions) if conditions else Q(pk__in=[])


# --- Catalogs and their items -----------------------------------------------------------


class CatalogForm(forms.ModelForm):
    user: Any = None  # set per request by DraftingAdminMixin.get_form

    class Meta:
        model = DecisionCatalog
        fields = ["agency", "year", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"})}

    # _post_clean and _update_errors: Django's private form API, not in the stubs.
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            drafting.check_drafter(self.instance.agency_id, user=self.user)
            drafting.check_catalog(self.instance)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["number", "title", "lead_agency", "legal_basis", "summary", "planned_start",
                  "planned_end", "hearing_required"]  # fmt: skip
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 2, "cols": 30}),
            "summary": forms.Textarea(attrs={"rows": 2, "cols": 30}),
        }

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            drafting.check_decision(self.instance)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class DecisionFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.steps.exists():
                raise ValidationError(
                    gettext_lazy("This decision has steps recorded; it cannot be removed.")
                )


class DecisionInline(admin.StackedInline):
    model = Decision
    form = DecisionForm
    formset = DecisionFormSet
    extra = 1

    def _editable(self, request: HttpRequest, obj: DecisionCatalog | None) -> bool:
        if obj is None:
            return bool(access.agency_ids_for(request.user, [Role.DRAFTER])) or (
                access.is_superuser(request.user)
            )
        return obj.status == Status.DRAFT and access.can_act(
            request.user, obj.agency_id, Role.DRAFTER
        )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_staff


class CatalogEventInline(AuditTrailInline):
    model = DecisionCatalogEvent


_RECORD = ["status", "published_at", "drafter", "reviewer", "publisher", "review_result",
           "review_notes", "withdrawn_at", "withdrawal_reason"]  # fmt: skip


@admin.register(DecisionCatalog)
class DecisionCatalogAdmin(DraftingAdminMixin, admin.ModelAdmin):
    form = CatalogForm
    inlines = [DecisionInline, CatalogEventInline]
    list_display = ["__str__", "year", "agency", "status"]
    list_filter = ["status", "year"]
    list_select_related = ["agency"]
    readonly_fields = _RECORD
    change_form_template = "admin/decisions/decisioncatalog/change_form.html"
    preview_template = "decisions/catalog.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    def get_fieldsets(self, request: HttpRequest, obj: DecisionCatalog | None = None) -> Fieldsets:
        main: Fieldsets = [(None, {"fields": ["agency", "year", "notes"]})]
        if obj is not None:
            main.insert(0, (gettext_lazy("Record"), {"fields": list(_RECORD)}))
        return main

    def get_queryset(self, request: HttpRequest) -> QuerySet[DecisionCatalog]:
        return decision_access.catalog_queryset_for(request.user).select_related("agency")

    def save_draft(
        self, request: StaffRequest, obj: DecisionCatalog, form: forms.ModelForm[DecisionCatalog]
    ) -> None:
        drafting.catalog_save(catalog=obj, user=request.user)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Decision:
            super().save_formset(request, form, formset, change)
            return
        user = request.user
        assert user.is_authenticated
        instances = formset.save(commit=False)
        for decision in formset.deleted_objects:
            drafting.decision_delete(decision=decision, user=user)
        for decision in instances:
            drafting.decision_save(decision=decision, user=user)

    def progress(self, request: HttpRequest, obj: DecisionCatalog) -> list[dict[str, Any]]:
        """Each decision with its steps (any status) and a link to record the next one."""
        steps = decision_access.step_queryset_for(request.user).filter(decision__catalog=obj)
        by_decision: dict[int, list[DecisionStep]] = {}
        for step in steps.order_by("id"):
            by_decision.setdefault(step.decision_id, []).append(step)
        add_url = reverse("admin:decisions_decisionstep_add")
        rows = []
        for decision in obj.decisions.all():
            recorded = by_decision.get(decision.pk, [])
            published = [s.kind for s in recorded if s.status == Status.PUBLISHED]
            drafted = {s.kind for s in recorded if s.status != Status.WITHDRAWN}
            upcoming = next((k for k in lifecycle.ORDER if k not in drafted), None)
            rows.append(
                {
                    "decision": decision,
                    "steps": sorted(recorded, key=lambda s: lifecycle.POSITION[s.kind]),
                    "stage": lifecycle.current_stage(published),
                    "next": upcoming,
                    "next_url": (
                        f"{add_url}?{urlencode({'decision': decision.pk, 'kind': upcoming})}"
                        if upcoming and obj.status == Status.PUBLISHED
                        else ""
                    ),
                }
            )
        return rows

    def change_extra_context(self, request: HttpRequest, obj: DecisionCatalog) -> dict[str, Any]:
        return {"progress": self.progress(request, obj)}

    def preview_context(self, request: HttpRequest, obj: DecisionCatalog) -> dict[str, Any]:
        decisions = list(obj.decisions.all())
        for decision in decisions:
            decision.published_steps = []
        return views.catalog_context(obj, decisions)

    def get_workflow_object(self, request: HttpRequest, pk: int) -> DecisionCatalog:
        return decision_access.get_catalog_for(request.user, pk)


# --- Steps of a decision ----------------------------------------------------------------------


class StepForm(forms.ModelForm):
    user: Any = None  # set per request by DraftingAdminMixin.get_form

    class Meta:
        model = DecisionStep
        fields = ["decision", "kind", "not_applicable", "not_applicable_reason", "held_on",
                  "meeting", "venue", "public_attendance", "summary", "conclusion",
                  "conclusion_public", "consultation", "document", "interpretation"]  # fmt: skip
        widgets = {
            "not_applicable_reason": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
            "summary": forms.Textarea(attrs={"rows": 5, "class": "vLargeTextField"}),
            "conclusion": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        }

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        instance = self.instance
        if not instance.decision_id:
            return
        try:
            drafting.check_drafter(
                instance.decision.catalog.agency_id, user=self.user, field="decision"
            )
            drafting.check_step(instance)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class StepEventInline(AuditTrailInline):
    model = DecisionStepEvent


@admin.register(DecisionStep)
class DecisionStepAdmin(DraftingAdminMixin, admin.ModelAdmin):
    form = StepForm
    inlines = [StepEventInline]
    list_display = ["decision", "kind", "not_applicable", "agency", "status", "published_at"]
    list_filter = ["status", "kind"]
    search_fields = ["decision__title", "summary"]
    list_select_related = ["agency", "decision"]
    readonly_fields = _RECORD
    drafter_agency_fields = ()
    change_form_template = "admin/decisions/decisionstep/change_form.html"
    preview_template = "decisions/decision_detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    def get_fieldsets(self, request: HttpRequest, obj: DecisionStep | None = None) -> Fieldsets:
        main: Fieldsets = [
            (None, {"fields": ["decision", "kind"]}),
            (gettext_lazy("Not applicable"),
             {"fields": ["not_applicable", "not_applicable_reason"],
              "description": gettext_lazy("Hearing (unless the catalog requires one), expert "
                                          "review, risk assessment and post-decision evaluation "
                                          "may be marked not applicable, with the reason.")}),
            (gettext_lazy("What was done"),
             {"fields": ["held_on", "meeting", "venue", "public_attendance", "summary",
                         "conclusion", "conclusion_public"]}),
            (gettext_lazy("Links"),
             {"fields": ["consultation", "document", "interpretation"],
              "description": gettext_lazy("The consultation for the draft published for "
                                          "comment; the document and its interpretation for the "
                                          "decision published.")}),
        ]  # fmt: skip
        if obj is not None:
            main.insert(0, (gettext_lazy("Record"), {"fields": list(_RECORD)}))
        return main

    def get_queryset(self, request: HttpRequest) -> QuerySet[DecisionStep]:
        return decision_access.step_queryset_for(request.user).select_related("agency", "decision")

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        within = _within_drafting_agencies(request)
        if db_field.name == "decision":
            kwargs["queryset"] = decision_access.decisions_to_draft_for(request.user)
        elif db_field.name == "consultation":
            kwargs["queryset"] = Consultation.objects.published().filter(within)
        elif db_field.name == "document":
            kwargs["queryset"] = (
                Document.objects.published().filter(within).order_by("-date_published")
            )
        elif db_field.name == "interpretation":
            kwargs["queryset"] = Interpretation.objects.published().filter(within)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_draft(
        self, request: StaffRequest, obj: DecisionStep, form: forms.ModelForm[DecisionStep]
    ) -> None:
        drafting.step_save(step=obj, user=request.user)

    def change_extra_context(self, request: HttpRequest, obj: DecisionStep) -> dict[str, Any]:
        published = lifecycle.published_kinds(obj.decision, excluding=obj.pk)
        return {
            "missing_before": [
                lifecycle.label(kind) for kind in lifecycle.missing_before(obj.kind, published)
            ],
            "catalog_url": reverse(
                "admin:decisions_decisioncatalog_change", args=[obj.decision.catalog_id]
            ),
        }

    def preview_context(self, request: HttpRequest, obj: DecisionStep) -> dict[str, Any]:
        """The decision's public page with this step shown as it will be published."""
        decision = obj.decision
        steps = list(DecisionStep.objects.published().filter(decision=decision).exclude(
            kind=obj.kind
        ))  # fmt: skip
        decision.published_steps = [*steps, obj]
        return {**views.decision_context(decision), "decisionstep": obj}

    def get_workflow_object(self, request: HttpRequest, pk: int) -> DecisionStep:
        return decision_access.get_step_for(request.user, pk)
