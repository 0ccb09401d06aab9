"""The back office of the gazettes: the gazettes and their 栏目 (site administrators), and the
issues, scoped to the user's agencies (``gazette.access``), edited while drafts — the issue's
facts, its PDF and its table of contents in one page — and moved through the shared workflow
(``publishing.admin``). Reviewers open the PDF from the issue's page before approving.

A line of the contents names its document by 索引号, 文号 or the address of its public page
(``drafting.find_document``): a gazette prints the documents of the government, its office and
its departments, which a drafter of the government cannot pick from their own agency's list.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import ForeignKey, QuerySet
from django.forms import BaseInlineFormSet, ModelChoiceField
from django.http import FileResponse, HttpRequest
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosure.models import Document
from gazette import access as gazette_access
from gazette import drafting, views
from gazette.models import Entry, Gazette, GazetteSection, Issue, IssueEvent
from portal.models import StaffRole
from portal.typed import Fieldsets, StaffRequest
from publishing.admin import (
    AuditTrailInline,
    DraftingAdminMixin,
    DraftOnlyInline,
    ScreenedReviewForm,
)

Role = StaffRole.Role


# --- Gazettes and their 栏目 (site administrators) ------------------------------------------


class GazetteSectionInline(admin.TabularInline):
    model = GazetteSection
    fields = ["name", "order"]
    extra = 0


@admin.register(Gazette)
class GazetteAdmin(admin.ModelAdmin):
    """Set up once per gazette, like the site's other vocabularies (superusers)."""

    inlines = [GazetteSectionInline]
    list_display = ["title", "agency", "slug", "order"]
    search_fields = ["title", "slug"]
    list_select_related = ["agency"]

    def save_model(
        self, request: HttpRequest, obj: Gazette, form: forms.ModelForm[Gazette], change: bool
    ) -> None:
        drafting.gazette_save(gazette=obj)


# --- Issues ---------------------------------------------------------------------------------


class IssueForm(forms.ModelForm):
    user: Any = None  # set per request by DraftingAdminMixin.get_form

    class Meta:
        model = Issue
        fields = ["gazette", "year", "number", "total_number", "publication_date", "summary",
                  "pdf"]  # fmt: skip
        widgets = {"summary": forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"})}

    pdf_info: drafting.PdfInfo | None = None

    def clean_pdf(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("pdf")
        if upload is not None and "pdf" in self.changed_data:
            # The checks of every upload (by content and size), and one PDF.
            self.pdf_info = drafting.check_pdf(upload)
        return upload

    # _post_clean and _update_errors: Django's private form API, not in the stubs.
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.pdf_info is not None:
            # The entries below are checked against the new PDF's page count.
            self.instance.pdf_pages = self.pdf_info.pages
        try:
            drafting.check_drafter(self.instance, user=self.user)
            drafting.check_numbers(self.instance)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]

    def _get_validation_exclusions(self) -> set[str]:
        # The numbers are checked by ``drafting.check_numbers``, which names the gazette and
        # the issue taken (the constraints stay in the database).
        return {*super()._get_validation_exclusions(), "number", "total_number"}  # type: ignore[misc]


class DocumentReferenceField(forms.CharField):
    """A document named by its 索引号, its 文号 or the address of its public page."""

    user: Any = None

    def prepare_value(self, value: Any) -> Any:
        document = value if isinstance(value, Document) else None
        if isinstance(value, int):
            document = Document.objects.filter(pk=value).only("index_number", "pk").first()
        if document is not None:
            return document.index_number or document.get_absolute_url()
        return value

    def has_changed(self, initial: Any, data: Any) -> bool:
        return str(self.prepare_value(initial) or "") != str(data or "").strip()

    def clean(self, value: Any) -> Document | None:
        text = super().clean(value)
        if not text:
            return None
        return drafting.find_document(text, user=self.user)


class EntryForm(forms.ModelForm):
    user: Any = None  # set per request by EntryInline.get_formset

    document = DocumentReferenceField(
        label=gettext_lazy("Document"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Its index number, document number or the address of its page."),
    )

    class Meta:
        model = Entry
        fields = ["section", "order", "document", "text", "page"]
        widgets = {"text": forms.TextInput(attrs={"size": 40})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        assert isinstance(field, DocumentReferenceField)
        field.user = self.user

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.errors or not self.has_changed():
            return
        try:
            # Duplicates are checked across the whole formset (EntryFormSet.clean).
            drafting.check_entry(self.instance, duplicates=False)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class EntryFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        seen: set[int] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            document = form.cleaned_data.get("document")
            if document is None:
                continue
            if document.pk in seen:
                raise ValidationError(
                    _("“%(title)s” is listed twice in the table of contents.")
                    % {"title": document.title}
                )
            seen.add(document.pk)
        super().clean()


class EntryInline(DraftOnlyInline):
    model = Entry
    form = EntryForm
    formset = EntryFormSet
    fields = ["section", "order", "document", "text", "page"]
    verbose_name_plural = gettext_lazy("Table of contents")
    parent: Issue | None = None  # the issue, set per request by get_formset

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        self.parent = obj
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type("EntryFormForUser", (formset.form,), {"user": request.user})
        return formset

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "section":
            sections = gazette_access.sections_for(request.user, [Role.DRAFTER])
            if self.parent is not None:
                sections = GazetteSection.objects.filter(gazette_id=self.parent.gazette_id)
            kwargs["queryset"] = sections.order_by("gazette", "order", "id")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class IssueEventInline(AuditTrailInline):
    model = IssueEvent


@admin.register(Issue)
class IssueAdmin(DraftingAdminMixin, admin.ModelAdmin):
    form = IssueForm
    inlines = [EntryInline, IssueEventInline]
    list_display = ["__str__", "publication_date", "total_number", "agency", "status"]
    list_filter = ["status", "gazette", "year"]
    search_fields = ["gazette__title", "summary", "entries__text", "entries__document__title"]
    list_select_related = ["gazette", "agency"]
    date_hierarchy = "publication_date"
    readonly_fields = ["status", "published_at", "drafter", "reviewer", "publisher",
                       "review_result", "review_notes", "pdf_pages"]  # fmt: skip
    change_form_template = "admin/gazette/issue/change_form.html"
    workflow_template = "admin/gazette/workflow.html"
    preview_template = "gazette/issue_detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    def get_fieldsets(self, request: HttpRequest, obj: Issue | None = None) -> Fieldsets:
        main: Fieldsets = [
            (None, {"fields": ["gazette", "year", "number", "total_number", "publication_date",
                               "summary", "pdf"]}),
        ]  # fmt: skip
        if obj is not None:
            record: list[Any] = ["status", "pdf_pages", "published_at", "drafter", "reviewer",
                                 "publisher", "review_result", "review_notes"]  # fmt: skip
            main.insert(0, (gettext_lazy("Record"), {"fields": record}))
        return main

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Issue], search_term: str
    ) -> tuple[QuerySet[Issue], bool]:
        found, _duplicates = super().get_search_results(request, queryset, search_term)
        return found.distinct(), False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Issue]:
        return gazette_access.issue_queryset_for(request.user).select_related("gazette", "agency")

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "gazette":
            # The gazettes of the agencies where the user drafts (an issue's agency is its
            # gazette's).
            kwargs["queryset"] = gazette_access.gazettes_for(request.user, [Role.DRAFTER])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_draft(self, request: StaffRequest, obj: Issue, form: forms.ModelForm[Issue]) -> None:
        upload = form.cleaned_data.get("pdf") if "pdf" in form.changed_data else None
        drafting.issue_save(issue=obj, user=request.user, pdf=upload or None)

    def preview_context(self, request: HttpRequest, obj: Issue) -> dict[str, Any]:
        from gazette import selectors

        issue = selectors.with_entries(Issue.objects.select_related("gazette", "agency")).get(
            pk=obj.pk
        )
        return {"issue": issue, "sections": selectors.contents(issue)}

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/pdf/", wrap(self.pdf_view), name="gazette_issue_pdf"),
            *super().get_urls(),
        ]

    def pdf_view(self, request: StaffRequest, pk: int) -> FileResponse:
        """The PDF of an issue in any status, for the staff of its agency (review)."""
        return views.pdf_response(gazette_access.get_issue_for(request.user, pk))

    # The workflow pages (WorkflowAdminMixin).
    def get_workflow_object(self, request: HttpRequest, pk: int) -> Issue:
        return gazette_access.get_issue_for(request.user, pk)
