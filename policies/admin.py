"""The back office of the policy services: policy items with their conditions (inline), scoped
to the user's agencies (``policies.access``) and moved through the shared workflow
(``publishing.admin``); the vocabulary of conditions (site-wide, superusers); subscriptions
are not shown at all — the addresses are nobody's business in the back office."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from disclosure.models import Document
from policies import access as policy_access
from policies import drafting, matching
from policies.models import Condition, CriterionValue, PolicyItem, PolicyItemEvent
from portal import access
from portal.models import StaffRole
from portal.typed import Fieldsets, StaffRequest
from publishing.admin import AuditTrailInline, DraftingAdminMixin, ScreenedReviewForm
from publishing.models import Status

Role = StaffRole.Role


class PolicyItemForm(forms.ModelForm):
    user: Any = None  # set per request by PolicyItemAdmin.get_form

    class Meta:
        model = PolicyItem
        fields = ["document", "name", "summary", "audience", "benefit_amount", "benefit_text",
                  "delivery", "guide_url", "how_to_apply", "time_limit", "contact_office",
                  "contact_phone", "apply_deadline", "article_ref", "article_anchor"]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            "how_to_apply": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        }

    # _post_clean and _update_errors: Django's private form API, not in the stubs.
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            drafting.check_drafter(self.instance, user=self.user)
            drafting.check_item(self.instance)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class ConditionForm(forms.ModelForm):
    class Meta:
        model = Condition
        fields = ["kind", "values", "regions", "age_min", "age_max"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("DELETE") or not data.get("kind"):
            return data
        try:
            drafting.check_condition(
                kind=data["kind"],
                values=data.get("values") or [],
                regions=data.get("regions") or [],
                age_min=data.get("age_min"),
                age_max=data.get("age_max"),
            )
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]
        return data


class ConditionInline(admin.TabularInline):
    model = Condition
    form = ConditionForm
    extra = 1
    filter_horizontal = ["values", "regions"]

    def _editable(self, request: HttpRequest, obj: PolicyItem | None) -> bool:
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


class PolicyItemEventInline(AuditTrailInline):
    model = PolicyItemEvent


@admin.register(PolicyItem)
class PolicyItemAdmin(DraftingAdminMixin, admin.ModelAdmin):
    form = PolicyItemForm
    inlines = [ConditionInline, PolicyItemEventInline]
    list_display = ["name", "audience", "delivery", "document", "agency", "status"]
    list_filter = ["status", "delivery", "audience"]
    search_fields = ["name", "document__title", "document__doc_number"]
    list_select_related = ["agency", "document"]
    readonly_fields = ["status", "agency", "published_at", "drafter", "reviewer", "publisher",
                       "review_result", "review_notes"]  # fmt: skip
    change_form_template = "admin/publishing/change_form.html"
    preview_template = "policies/item_detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    def get_fieldsets(self, request: HttpRequest, obj: PolicyItem | None = None) -> Fieldsets:
        main: Fieldsets = [
            (None, {"fields": ["document", "article_ref", "article_anchor", "name", "summary",
                               "audience"]}),
            (gettext_lazy("Benefit and how it is granted"),
             {"fields": ["benefit_amount", "benefit_text", "delivery", "apply_deadline"]}),
            (gettext_lazy("Where and how to apply"),
             {"fields": ["guide_url", "how_to_apply", "time_limit", "contact_office",
                         "contact_phone"]}),
        ]  # fmt: skip
        if obj is not None:
            record: list[Any] = ["status", "agency", "published_at", "drafter", "reviewer",
                                 "publisher", "review_result", "review_notes"]  # fmt: skip
            main.insert(0, (gettext_lazy("Record"), {"fields": record}))
        return main

    def get_queryset(self, request: HttpRequest) -> QuerySet[PolicyItem]:
        return policy_access.item_queryset_for(request.user).select_related("agency", "document")

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "document":
            # Published documents of the agencies where the user drafts.
            kwargs["queryset"] = (
                Document.objects.published()
                .filter(agency__in=access.agencies_for(request.user, [Role.DRAFTER]))
                .order_by("-date_published")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_draft(
        self, request: StaffRequest, obj: PolicyItem, form: forms.ModelForm[PolicyItem]
    ) -> None:
        drafting.item_save(item=obj, user=request.user)

    def get_workflow_object(self, request: HttpRequest, pk: int) -> PolicyItem:
        return policy_access.get_item_for(request.user, pk)

    def preview_context(self, request: HttpRequest, obj: PolicyItem) -> dict[str, Any]:
        return {
            "item": obj,
            "conditions": [(c, matching.describe(c)) for c in obj.conditions.all()],
        }


@admin.register(CriterionValue)
class CriterionValueAdmin(admin.ModelAdmin):
    """The vocabulary of conditions, site-wide (superusers, like the other vocabularies)."""

    list_display = ["name", "code", "kind", "order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    ordering = ["kind", "order", "code"]
