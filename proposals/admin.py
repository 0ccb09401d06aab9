"""The back office of 建议提案办理: items led by the user's agencies (``proposals.access``), moved
through the shared workflow (``publishing.admin``); the reply is sanitised when saved; the
reply period shows on the list, with late replies marked."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from portal.models import Agency
from portal.typed import Fieldsets, StaffRequest
from proposals import access as proposal_access
from proposals import deadlines, drafting
from proposals.models import Proposal, ProposalEvent
from publishing.admin import AuditTrailInline, DraftingAdminMixin, ScreenedReviewForm


class ProposalForm(forms.ModelForm):
    user: Any = None  # set per request by ProposalAdmin.get_form

    class Meta:
        model = Proposal
        fields = ["kind", "year", "session", "number", "title", "proposer", "agency",
                  "assisting_agencies", "received_on", "replied_on", "category",
                  "reply"]  # fmt: skip
        widgets = {"reply": forms.Textarea(attrs={"rows": 16, "class": "vLargeTextField"})}

    # _post_clean and _update_errors: Django's private form API, not in the stubs.
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            drafting.check_drafter(self.instance, user=self.user)
            drafting.check_proposal(self.instance)
            drafting.check_assisting(
                self.instance, self.cleaned_data.get("assisting_agencies") or []
            )
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class ProposalEventInline(AuditTrailInline):
    model = ProposalEvent


@admin.register(Proposal)
class ProposalAdmin(DraftingAdminMixin, admin.ModelAdmin):
    form = ProposalForm
    inlines = [ProposalEventInline]
    list_display = ["number_label", "title", "kind", "year", "agency", "category", "received_on",
                    "replied_on", "late", "status"]  # fmt: skip
    list_filter = ["status", "kind", "year", "category"]
    search_fields = ["title", "proposer"]
    list_select_related = ["agency"]
    filter_horizontal = ["assisting_agencies"]
    readonly_fields = ["status", "published_at", "drafter", "reviewer", "publisher",
                       "review_result", "review_notes"]  # fmt: skip
    change_form_template = "admin/publishing/change_form.html"
    preview_template = "proposals/proposal_detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    @admin.display(description=gettext_lazy("Number"), ordering="number")
    def number_label(self, obj: Proposal) -> str:
        return obj.number_label

    @admin.display(description=gettext_lazy("Late reply"), boolean=True)
    def late(self, obj: Proposal) -> bool:
        return deadlines.is_late(obj, timezone.localdate())

    def get_fieldsets(self, request: HttpRequest, obj: Proposal | None = None) -> Fieldsets:
        main: Fieldsets = [
            (None, {"fields": ["kind", "year", "session", "number", "title", "proposer"]}),
            (gettext_lazy("Handling"),
             {"fields": ["agency", "assisting_agencies", "received_on", "replied_on",
                         "category", "reply"]}),
        ]  # fmt: skip
        if obj is not None:
            record: list[Any] = ["status", "published_at", "drafter", "reviewer", "publisher",
                                 "review_result", "review_notes"]  # fmt: skip
            main.insert(0, (gettext_lazy("Record"), {"fields": record}))
        return main

    def get_queryset(self, request: HttpRequest) -> QuerySet[Proposal]:
        return proposal_access.proposal_queryset_for(request.user).select_related("agency")

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "assisting_agencies":
            kwargs["queryset"] = Agency.objects.order_by("path")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_draft(
        self, request: StaffRequest, obj: Proposal, form: forms.ModelForm[Proposal]
    ) -> None:
        drafting.proposal_save(proposal=obj, user=request.user)

    def get_workflow_object(self, request: HttpRequest, pk: int) -> Proposal:
        return proposal_access.get_proposal_for(request.user, pk)

    def preview_context(self, request: HttpRequest, obj: Proposal) -> dict[str, Any]:
        return {
            "proposal": obj,
            "due": deadlines.reply_due(obj.received_on),
            "late": deadlines.is_late(obj),
        }
