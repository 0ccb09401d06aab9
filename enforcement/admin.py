"""The back office of 行政执法公示: decisions, scoped to the user's agencies
(``enforcement.access``), moved through the shared workflow (``publishing.admin``).

A natural person's name and any ID number are shown in full only to those who handle people's
data (handlers, office heads, the privacy officer) of the decision's agency; drafters,
reviewers and publishers see them masked and cannot change them once recorded (the drafter
who records a new decision types them in the add form).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from enforcement import access as enforcement_access
from enforcement import (
    admin_inspections,  # noqa: F401 - registers the admins of 双随机、一公开
    drafting,
    masking,
)
from enforcement.models import Decision, DecisionEvent
from portal import access
from portal.models import StaffRole
from portal.typed import Fieldsets
from publishing.admin import AuditTrailInline, ScreenedReviewForm, WorkflowAdminMixin

Role = StaffRole.Role
PERSONAL = ("subject_name", "id_number")
MASKED = ("subject_name_display", "id_number_display")


class DecisionForm(forms.ModelForm):
    user: Any = None  # set per request by DecisionAdmin.get_form

    class Meta:
        model = Decision
        fields = ["agency", "kind", "number", "subject_type", "subject_name", "id_number",
                  "credit_code", "legal_representative", "summary", "legal_basis",
                  "decision_text", "amount", "decision_date"]  # fmt: skip
        widgets = {
            name: forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"})
            for name in ("summary", "legal_basis", "decision_text")
        }

    # _post_clean and _update_errors: Django's private form API, not in the stubs.
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            drafting.check_drafter(self.instance, user=self.user)
            drafting.check_party(self.instance)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class DecisionEventInline(AuditTrailInline):
    model = DecisionEvent


@admin.register(Decision)
class DecisionAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    form = DecisionForm
    inlines = [DecisionEventInline]
    list_display = ["number", "kind", "public_subject_name", "decision_date", "agency", "status"]
    list_filter = ["status", "kind", "subject_type"]
    search_fields = ["number", "public_subject_name", "credit_code"]
    list_select_related = ["agency"]
    date_hierarchy = "decision_date"
    readonly_fields = ["status", "published_at", "drafter", "reviewer", "publisher",
                       "review_result", "review_notes", "public_subject_name", "public_until",
                       *MASKED]  # fmt: skip
    change_form_template = "admin/enforcement/decision/change_form.html"
    workflow_template = "admin/enforcement/workflow.html"
    preview_template = "enforcement/decision_detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    def get_fieldsets(self, request: HttpRequest, obj: Decision | None = None) -> Fieldsets:
        sees = obj is None or enforcement_access.sees_personal_data(request.user, obj.agency_id)
        party = [*PERSONAL] if sees else [*MASKED]
        main: Fieldsets = [
            (None, {"fields": ["agency", "kind", "number", "decision_date"]}),
            (gettext_lazy("The party (相对人)"),
             {"fields": ["subject_type", *party, "credit_code", "legal_representative"]}),
            (gettext_lazy("The decision"),
             {"fields": ["summary", "legal_basis", "decision_text", "amount"]}),
        ]  # fmt: skip
        if obj is not None:
            record: list[Any] = ["status", "public_subject_name", "public_until", "published_at",
                                 "drafter", "reviewer", "publisher", "review_result",
                                 "review_notes"]  # fmt: skip
            main.insert(0, (gettext_lazy("Record"), {"fields": record}))
        return main

    @admin.display(description=gettext_lazy("name of the party"))
    def subject_name_display(self, obj: Decision) -> str:
        if obj.is_person:
            return masking.mask_person_name(obj.subject_name)
        return obj.subject_name

    @admin.display(description=gettext_lazy("ID number"))
    def id_number_display(self, obj: Decision) -> str:
        return masking.mask_id_number(obj.id_number) or "—"

    @admin.display(description=gettext_lazy("shown until"))
    def public_until(self, obj: Decision) -> str:
        return obj.public_until.isoformat()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Decision]:
        return enforcement_access.decision_queryset_for(request.user).select_related("agency")

    def get_form(
        self, request: HttpRequest, obj: Decision | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Decision]]:
        form = super().get_form(request, obj, change, **kwargs)
        # A subclass of the form made for this request, which knows the user.
        return type("DecisionFormForUser", (form,), {"user": request.user})

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "agency":
            kwargs["queryset"] = access.agencies_for(request.user, [Role.DRAFTER])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: Decision, form: forms.ModelForm[Decision], change: bool
    ) -> None:
        assert isinstance(request.user, User)  # the admin lets only signed-in staff save
        drafting.decision_save(decision=obj, user=request.user)

    # The workflow pages (WorkflowAdminMixin).
    def get_workflow_object(self, request: HttpRequest, pk: int) -> Decision:
        return enforcement_access.get_decision_for(request.user, pk)
