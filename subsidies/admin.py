"""The back office of beneficiary lists: scoped to the user's agencies (``subsidies.access``),
moved through the shared workflow (``publishing.admin``).

A drafter uploads the list's spreadsheet with the list; it is checked, read and masked at once
(``subsidies.importing``): a file with problems is refused with every problem listed by row
and column, and nothing is saved. The change page and every workflow step show the masked
rows, what the public will see; the preview shows the public page itself. The file as uploaded
is kept encrypted and shown to nobody.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import StaffRole
from portal.typed import Fieldsets, StaffRequest
from publishing.admin import AuditTrailInline, DraftingAdminMixin, ScreenedReviewForm
from subsidies import access as subsidies_access
from subsidies import drafting, importing, selectors, views
from subsidies.importing import ParsedUpload
from subsidies.models import BeneficiaryList, BeneficiaryListEvent, default_notice_end

Role = StaffRole.Role
# Masked rows shown on the change page and the workflow pages; the preview has them all.
SHOWN_ROWS = 20


def _recognised_headings() -> str:
    return "、".join(column.heading for column in importing.COLUMNS)


class BeneficiaryListForm(forms.ModelForm):
    user: Any = None  # set per request by DraftingAdminMixin.get_form

    upload = forms.FileField(
        label=gettext_lazy("Spreadsheet (XLSX or CSV)"),
        required=False,
        help_text=gettext_lazy(
            "One row per beneficiary under a header row. Recognised columns: %(columns)s. "
            "Names, ID numbers, bank cards, phone numbers and addresses are masked when the "
            "file is imported; other columns are kept and screened. A new file replaces the "
            "rows."
        ),
    )

    class Meta:
        model = BeneficiaryList
        fields = ["agency", "title", "kind", "period", "notice_start", "notice_end",
                  "supervision_phone", "notes"]  # fmt: skip
        widgets = {"notes": forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parsed: ParsedUpload | None = None
        # A list past its draft is shown read-only: its form has none of these fields.
        if "upload" in self.fields:
            upload = self.fields["upload"]
            upload.help_text = str(upload.help_text) % {"columns": _recognised_headings()}
            upload.required = self.instance.pk is None
        if "notice_end" in self.fields:
            self.fields["notice_end"].required = False

    def clean_upload(self) -> Any:
        upload = self.cleaned_data.get("upload")
        if upload:
            # Read and masked here, so that the problems show next to the field.
            self.parsed = importing.read_upload(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start = cleaned.get("notice_start")
        if start and not cleaned.get("notice_end"):
            cleaned["notice_end"] = default_notice_end(start)
        return cleaned

    # _post_clean and _update_errors: Django's private form API, not in the stubs.
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            drafting.check_drafter(self.instance, user=self.user)
            drafting.check_list(self.instance)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class BeneficiaryListEventInline(AuditTrailInline):
    model = BeneficiaryListEvent


@admin.register(BeneficiaryList)
class BeneficiaryListAdmin(DraftingAdminMixin, admin.ModelAdmin):
    form = BeneficiaryListForm
    inlines = [BeneficiaryListEventInline]
    list_display = ["title", "kind", "period", "agency", "notice_start", "notice_end",
                    "entries", "status"]  # fmt: skip
    list_filter = ["status", "kind"]
    search_fields = ["title", "period"]
    list_select_related = ["agency"]
    date_hierarchy = "notice_start"
    readonly_fields = ["status", "published_at", "withdrawn_at", "withdrawal_reason", "drafter",
                       "reviewer", "publisher", "review_result", "review_notes"]  # fmt: skip
    change_form_template = "admin/subsidies/beneficiarylist/change_form.html"
    workflow_template = "admin/subsidies/workflow.html"
    preview_template = "subsidies/list_detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    def get_fieldsets(self, request: HttpRequest, obj: BeneficiaryList | None = None) -> Fieldsets:
        main: Fieldsets = [
            (None, {"fields": ["agency", "title", "kind", "period"]}),
            (gettext_lazy("Notice period (公示期) and objections"),
             {"fields": ["notice_start", "notice_end", "supervision_phone", "notes"]}),
        ]  # fmt: skip
        if obj is None or obj.status == "draft":
            main.append((gettext_lazy("The list"), {"fields": ["upload"]}))
        if obj is not None:
            record: list[Any] = ["status", "published_at", "drafter", "reviewer", "publisher",
                                 "review_result", "review_notes", "withdrawn_at",
                                 "withdrawal_reason"]  # fmt: skip
            main.insert(0, (gettext_lazy("Record"), {"fields": record}))
        return main

    @admin.display(description=gettext_lazy("entries"), ordering="row_count")
    def entries(self, obj: BeneficiaryList) -> int:
        return getattr(obj, "row_count", 0)

    def get_queryset(self, request: HttpRequest) -> QuerySet[BeneficiaryList]:
        return (
            subsidies_access.list_queryset_for(request.user)
            .select_related("agency")
            .annotate(row_count=Count("rows"))
        )

    def save_draft(
        self,
        request: StaffRequest,
        obj: BeneficiaryList,
        form: forms.ModelForm[BeneficiaryList],
    ) -> None:
        parsed = getattr(form, "parsed", None)
        drafting.list_save(beneficiary_list=obj, user=request.user, upload=parsed)
        if parsed is not None:
            messages.info(
                request,
                _("%(count)d rows imported; names, numbers and addresses masked.")
                % {"count": len(parsed.rows)},
            )
            for note in parsed.notes:
                messages.info(request, note)

    # --- What staff see of the rows: masked, as published -----------------------------------

    def rows_context(self, obj: BeneficiaryList) -> dict[str, Any]:
        keys = obj.column_keys()
        shown = selectors.rows_of(obj)[:SHOWN_ROWS]
        return {
            "masked_columns": obj.columns,
            "masked_rows": [(row.number, row.cells(keys)) for row in shown],
            "masked_totals": selectors.list_totals(obj),
            "unrecognised_columns": [c["heading"] for c in obj.columns if c["key"][0] == "x"],
        }

    def change_extra_context(self, request: HttpRequest, obj: BeneficiaryList) -> dict[str, Any]:
        return self.rows_context(obj)

    def workflow_extra_context(
        self, request: HttpRequest, obj: BeneficiaryList, action: str
    ) -> dict[str, Any]:
        return self.rows_context(obj)

    def preview_context(self, request: HttpRequest, obj: BeneficiaryList) -> dict[str, Any]:
        return views.detail_context(request, obj)

    # The workflow pages (WorkflowAdminMixin).
    def get_workflow_object(self, request: HttpRequest, pk: int) -> BeneficiaryList:
        return subsidies_access.get_list_for(request.user, pk)
