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
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, gettext_lazy, ngettext

from disclosure import catalog_io
from enforcement import access as enforcement_access
from enforcement import (
    admin_inspections,  # noqa: F401 - registers the admins of 双随机、一公开
    decision_import,
    drafting,
    masking,
)
from enforcement.models import Decision, DecisionEvent
from portal import access
from portal.models import Agency, StaffRole
from portal.typed import Fieldsets, StaffRequest
from powers.models import PowerItem
from publishing.admin import AuditTrailInline, DraftingAdminMixin, ScreenedReviewForm

Role = StaffRole.Role
PERSONAL = ("subject_name", "id_number")
MASKED = ("subject_name_display", "id_number_display")
# A year of an agency's decisions stays well below this.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class DecisionForm(forms.ModelForm):
    user: Any = None  # set per request by DraftingAdminMixin.get_form

    class Meta:
        model = Decision
        fields = ["agency", "kind", "number", "subject_type", "subject_name", "id_number",
                  "credit_code", "legal_representative", "summary", "legal_basis",
                  "decision_text", "amount", "decision_date", "power_item"]  # fmt: skip
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
            drafting.check_power_item(self.instance)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class DecisionEventInline(AuditTrailInline):
    model = DecisionEvent


class DecisionImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy(
            "Excel (.xlsx) or CSV (UTF-8 or GBK) with the headings of the template. Every row is "
            "checked first; if any row has a problem, nothing is imported. The rows become "
            "drafts of the agency."
        ),
        widget=forms.FileInput(attrs={"accept": ",".join(catalog_io.SUPPORTED_SUFFIXES)}),
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = forms.ModelChoiceField(queryset=agencies, label=gettext_lazy("Agency"))
        if agencies.count() == 1:
            agency.initial = agencies.first()
        self.fields = {"agency": agency, **self.fields}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                gettext_lazy("The file is larger than %(size)d MB."),
                params={"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        return upload


def _attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # Chinese file names need RFC 5987 (filename*=utf-8''...), with an ASCII fallback.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@admin.register(Decision)
class DecisionAdmin(DraftingAdminMixin, admin.ModelAdmin):
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
    change_form_template = "admin/publishing/change_form.html"
    change_list_template = "admin/enforcement/decision/change_list.html"
    preview_template = "enforcement/decision_detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    def get_fieldsets(self, request: HttpRequest, obj: Decision | None = None) -> Fieldsets:
        sees = obj is None or enforcement_access.sees_personal_data(request.user, obj.agency_id)
        party = [*PERSONAL] if sees else [*MASKED]
        main: Fieldsets = [
            (None, {"fields": ["agency", "kind", "number", "decision_date", "power_item"]}),
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
        items = form.base_fields.get("power_item")
        if obj is not None and isinstance(items, ModelChoiceField) and items.queryset is not None:
            # The decision's agency is known: only its own items are offered.
            items.queryset = items.queryset.filter(agency_id=obj.agency_id)
        return form

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "power_item":
            # Published items of the agencies the user drafts for; the form checks that the
            # item is the decision's own agency's and of its kind.
            agencies = access.agencies_for(request.user, [Role.DRAFTER])
            kwargs["queryset"] = (
                PowerItem.objects.published()
                .filter(agency__in=agencies)
                .select_related("agency")
                .order_by("agency__path", "category", "code")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_draft(
        self, request: StaffRequest, obj: Decision, form: forms.ModelForm[Decision]
    ) -> None:
        drafting.decision_save(decision=obj, user=request.user)

    # The workflow pages (WorkflowAdminMixin).
    def get_workflow_object(self, request: HttpRequest, pk: int) -> Decision:
        return enforcement_access.get_decision_for(request.user, pk)

    # --- Spreadsheet import (enforcement.decision_import) ---------------------------------

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name=self._url_name("import")),
            path(
                "import/template/",
                wrap(self.import_template_view),
                name=self._url_name("import_template"),
            ),
            *super().get_urls(),
        ]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "can_import": self.has_add_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request: StaffRequest) -> HttpResponse:
        """Upload a spreadsheet of decisions for an agency the user drafts for: all rows become
        drafts, or none and the problems are listed by row and column."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        agencies = access.agencies_for(request.user, [Role.DRAFTER])
        report, problem_summary = None, ""
        if request.method == "POST":
            form = DecisionImportForm(request.POST, request.FILES, agencies=agencies)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                report = decision_import.decision_import(
                    agency=form.cleaned_data["agency"],
                    user=request.user,
                    filename=upload.name,
                    content=upload.read(),
                )
                if report.imported:
                    count = len(report.decisions)
                    self.message_user(
                        request,
                        ngettext(
                            "Imported %(count)d decision as a draft.",
                            "Imported %(count)d decisions as drafts.",
                            count,
                        )
                        % {"count": count},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse(f"admin:{self._url_name('changelist')}") + "?status__exact=draft"
                    )
                problem_summary = ngettext(
                    "Nothing was imported: %(count)d problem was found. Correct it and upload "
                    "the file again.",
                    "Nothing was imported: %(count)d problems were found. Correct them and "
                    "upload the file again.",
                    len(report.errors),
                ) % {"count": len(report.errors)}
        else:
            form = DecisionImportForm(agencies=agencies)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import enforcement decisions"),
            "form": form,
            "report": report,
            "problem_summary": problem_summary,
            "headings": decision_import.HEADINGS,
            "required_headings": decision_import.REQUIRED_HEADINGS,
        }
        return TemplateResponse(request, "admin/enforcement/decision/import.html", context)

    def import_template_view(self, request: HttpRequest) -> HttpResponse:
        """The import template with the headings (XLSX with a sheet of notes, or ?format=csv),
        for those who may import."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.GET.get("format") == "csv":
            return _attachment(
                decision_import.template_csv(),
                content_type=catalog_io.CSV_CONTENT_TYPE,
                filename="行政执法决定导入模板.csv",
            )
        return _attachment(
            decision_import.template_xlsx(),
            content_type=catalog_io.XLSX_CONTENT_TYPE,
            filename="行政执法决定导入模板.xlsx",
        )
