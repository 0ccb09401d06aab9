"""The staff back office for proactive disclosure.

Every list and form is scoped to the user's agencies through ``disclosure.access``; status is
never edited directly, only through the workflow pages, which call ``disclosure.workflow``.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Case, Count, ForeignKey, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.forms import ModelChoiceField
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from disclosure import access as disclosure_access
from disclosure import (
    admin_backlog,  # noqa: F401 - registers the historical import admin
    admin_catalog,  # noqa: F401 - registers the catalog admin
    attachments,
    documents,
    ocr,
    paragraphs,
    placements,
    screening,
    selectors,
    textract,
    timeliness,
    validity,
)
from disclosure.models import (
    Attachment,
    Document,
    DocumentEvent,
    DocumentPlacement,
    DocumentQuerySet,
    Genre,
    NegativeListEntry,
    PublicationDuty,
    ScreeningHit,
    TextStatus,
    Theme,
    Validity,
)
from portal import access, admin_marks, page_cache, richtext
from portal.models import Agency, StaffRole
from portal.richtext import RichTextAdminMixin, offer_images
from portal.search.admin_mixins import QueueIndexUpdate
from portal.typed import Fieldsets, StaffRequest
from publishing.admin import (
    AuditTrailInline,
    DraftOnlyInline,
    ScreenedReviewForm,
    WorkflowAdminMixin,
    error_text,
)
from publishing.models import Status

Role = StaffRole.Role

# --- Taxonomies (edited by users with the model permissions, usually the portal office) ----


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "order"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "parent__name"]
    list_select_related = ["parent"]


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


# --- Negative list -------------------------------------------------------------------------

NEGATIVE_LIST_EDITORS = [Role.OFFICE_HEAD, Role.PUBLISHER]


@admin.register(NegativeListEntry)
class NegativeListEntryAdmin(QueueIndexUpdate, SimpleHistoryAdmin):
    list_display = ["matter_short", "agency", "category", "legal_ground", "effective_date",
                    "last_reviewed_on", "is_active"]  # fmt: skip
    list_filter = ["category", "legal_ground", "is_active"]
    search_fields = ["matter", "basis", "keywords"]
    list_select_related = ["agency"]

    @admin.display(description=gettext_lazy("matter"))
    def matter_short(self, obj: NegativeListEntry) -> str:
        return obj.matter[:50]

    def get_queryset(self, request: HttpRequest) -> QuerySet[NegativeListEntry]:
        return disclosure_access.negative_list_queryset_for(request.user).select_related("agency")

    # simple_history's history pages fall back to the historical rows when get_queryset() has
    # no such entry, which showed another agency's entries (and screening keywords) in full.
    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        disclosure_access.get_negative_entry_for(request.user, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        disclosure_access.get_negative_entry_for(request.user, unquote(object_id))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "agency":
            kwargs["queryset"] = access.agencies_for(request.user, NEGATIVE_LIST_EDITORS)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(access.agencies_for(request.user, NEGATIVE_LIST_EDITORS).exists())

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        return any(access.can_act(request.user, obj.agency_id, r) for r in NEGATIVE_LIST_EDITORS)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Entries are retired (is_active off), not deleted: documents cite them as reasons.
        return access.is_superuser(request.user)


# --- Documents -----------------------------------------------------------------------------

DOCUMENT_FIELDS = [
    "agency", "co_issuers", "issuer_display", "title", "doc_number", "date_formed",
    "theme", "genre", "keywords", "catalog_item", "statutory_category", "disclosure_attribute",
    "withheld_reason", "scope", "is_normative", "needs_interpretation", "validity",
    "effective_date", "expiry_date", "replaced_by", "summary", "body",
]  # fmt: skip


class DocumentForm(forms.ModelForm):
    user: Any = None  # set per request by DocumentAdmin.get_form

    class Meta:
        model = Document
        fields = DOCUMENT_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": richtext.BodyEditorWidget(),
        }
        help_texts = {
            "body": gettext_lazy("Headings, lists, tables and links from the toolbar; text pasted "
                                 "from Word or WPS keeps its structure, not its fonts and colours. "
                                 "Scripts, styles and images from other sites are removed when "
                                 "saved."),
        }  # fmt: skip

    # _post_clean and _update_errors: Django's private form API, not in the stubs.
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            documents.check_document(self.instance, user=self.user)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["file", "title", "order"]

    upload_info: attachments.UploadInfo | None = None

    def clean_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("file")
        if upload is not None and "file" in self.changed_data:
            self.upload_info = attachments.inspect_upload(upload)
        return upload

    def save(self, commit: bool = True) -> Attachment:
        instance = super().save(commit=False)
        if self.upload_info is not None:
            attachments.apply_upload_info(instance, self.upload_info)
            textract.reset_text(instance)
        if commit:
            instance.save()
        return instance


class AttachmentInline(DraftOnlyInline):
    model = Attachment
    form = AttachmentForm
    fields = ["file", "title", "order", "kind", "size", "text_reading"]
    readonly_fields = ["kind", "size", "text_reading"]

    @admin.display(description=gettext_lazy("text"))
    def text_reading(self, obj: Attachment) -> str:
        """How its text was read, for staff: machine-read, or why it could not be."""
        if obj.pk is None:
            return ""
        parts = [str(obj.get_text_status_display())]
        if obj.text_source:
            parts.append(str(obj.get_text_source_display()))
        if obj.text_note:
            parts.append(obj.text_note)
        return " · ".join(parts)


class EventInline(AuditTrailInline):
    model = DocumentEvent


class YearFilter(admin.SimpleListFilter):
    title = gettext_lazy("year published")
    parameter_name = "year"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        years = (
            model_admin.get_queryset(request)
            .exclude(date_published=None)
            .annotate(y=ExtractYear("date_published"))
            .values_list("y", flat=True)
            .distinct()
            .order_by("-y")
        )
        return [(str(y), str(y)) for y in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Document]) -> QuerySet[Document]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date_published__year=int(value))
        return queryset


class LateFilter(admin.SimpleListFilter):
    title = gettext_lazy("timeliness (Art 26)")
    parameter_name = "late"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [("late", _("Past due")), ("soon", _("Due within 5 working days"))]

    # The document admin's changelist queryset is a DocumentQuerySet.
    def queryset(  # type: ignore[override]
        self, request: HttpRequest, queryset: DocumentQuerySet
    ) -> QuerySet[Document]:
        if self.value() == "late":
            return queryset.late()
        if self.value() == "soon":
            return timeliness.approaching_documents(queryset)
        return queryset


class TopThemeFilter(admin.SimpleListFilter):
    title = gettext_lazy("theme")
    parameter_name = "theme"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [(str(t.pk), t.name) for t in Theme.objects.filter(parent=None)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Document]) -> QuerySet[Document]:
        value = self.value()
        if value and value.isdigit():
            pk = int(value)
            return queryset.filter(selectors.theme_and_children(Theme(pk=pk)))
        return queryset


class OwnershipFilter(admin.SimpleListFilter):
    """Whose document: the user's own agency's, or a sub-agency's they follow (read only).
    Shown only to staff who follow sub-agencies (``access.FOLLOWING_ROLES``)."""

    title = gettext_lazy("whose")
    parameter_name = "whose"

    @staticmethod
    def choice_label(followed: bool) -> str:
        return _("Sub-agency (read only)") if followed else _("Own agency")

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [("own", self.choice_label(False)), ("followed", self.choice_label(True))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Document]) -> QuerySet[Document]:
        followed = access.followed_agency_ids(request.user)
        if self.value() == "own":
            return queryset.exclude(agency__in=followed)
        if self.value() == "followed":
            return queryset.filter(agency__in=followed)
        return queryset


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label=gettext_lazy("validity"), choices=Validity.choices)
    expiry_date = forms.DateField(
        label=gettext_lazy("expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    replaced_by = forms.ModelChoiceField(
        label=gettext_lazy("amended or superseded by"),
        queryset=Document.objects.none(),
        required=False,
    )
    changed_on = forms.DateField(
        label=gettext_lazy("Changed on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "The day the change took effect or was decided: Art 26 counts 20 working days from it."
        ),
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False)


class ChangeNoticeForm(forms.Form):
    """Art 26: record that a published document's information changed, before the change
    itself is published."""

    change = forms.ChoiceField(
        label=gettext_lazy("What changed"),
        choices=[
            (PublicationDuty.Change.AMENDED, PublicationDuty.Change.AMENDED.label),
            (PublicationDuty.Change.CORRECTED, PublicationDuty.Change.CORRECTED.label),
        ],
    )
    changed_on = forms.DateField(
        label=gettext_lazy("Changed on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=300)


@admin.register(Document)
class DocumentAdmin(RichTextAdminMixin, WorkflowAdminMixin, admin.ModelAdmin):
    form = DocumentForm
    inlines = [AttachmentInline, EventInline]
    list_display = ["title", "doc_number", "index_number", "agency", "status", "validity",
                    "date_formed", "publish_due", "timeliness_mark", "date_published"]  # fmt: skip
    list_filter = ["status", "validity", LateFilter, TopThemeFilter, "genre", YearFilter,
                   "is_normative", "disclosure_attribute", "is_historical"]  # fmt: skip
    search_fields = ["title", "index_number", "doc_number", "doc_number_key"]
    list_select_related = ["agency"]
    autocomplete_fields = ["co_issuers"]
    date_hierarchy = "date_formed"
    readonly_fields = ["status", "index_number", "date_published", "publish_due", "drafter",
                       "reviewer", "publisher", "review_result", "review_notes", "is_historical",
                       "import_batch", "body_text"]  # fmt: skip
    change_form_template = "admin/disclosure/document/change_form.html"
    change_list_template = "admin/disclosure/document/change_list.html"
    workflow_template = "admin/disclosure/document/workflow.html"
    preview_template = "disclosure/document_detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    def get_fieldsets(self, request: HttpRequest, obj: Document | None = None) -> Fieldsets:
        record = ["status", "index_number", "date_published", "publish_due", "drafter",
                  "reviewer", "publisher", "review_result", "review_notes"]  # fmt: skip
        if obj is not None and obj.is_historical:
            record += ["is_historical", "import_batch"]
        # A document that can no longer be edited shows its body as it reads, not its HTML.
        body = "body" if obj is None or self.has_change_permission(request, obj) else "body_text"
        main: Fieldsets = [
            (None, {"fields": ["agency", "co_issuers", "issuer_display", "title", "doc_number",
                               "date_formed"]}),
            (_("Classification"), {"fields": ["theme", "genre", "keywords", "catalog_item",
                                              "statutory_category", "is_normative",
                                              "needs_interpretation"]}),
            (_("Disclosure"), {"fields": ["disclosure_attribute", "withheld_reason", "scope"]}),
            (_("Validity"), {"fields": ["validity", "effective_date", "expiry_date",
                                        "replaced_by"]}),
            (_("Content"), {"fields": ["summary", body]}),
        ]  # fmt: skip
        if obj is not None:
            main.insert(0, (_("Record"), {"fields": [*record]}))
        return main

    @admin.display(description=Document._meta.get_field("body").verbose_name)
    def body_text(self, obj: Document) -> str:
        # Sanitised when saved (disclosure.documents.sanitize_body), and once more here.
        return format_html(
            '<div class="doc-body readonly-body">{}</div>',
            mark_safe(documents.sanitize_body(obj.body)),  # noqa: S308
        )

    # Access: lists and forms hold the user's agencies' documents, and those of the
    # sub-agencies an office head or publisher follows (read only: access.FOLLOWING_ROLES).
    def get_queryset(self, request: HttpRequest) -> QuerySet[Document]:
        match = request.resolver_match
        if match is not None and match.url_name == "autocomplete":
            # Choosing a document to link to one's own record is acting, not reading: the
            # choices stay the user's agencies' (as the linking forms' own querysets).
            return disclosure_access.document_queryset_for(request.user).select_related("agency")
        documents = disclosure_access.document_readable_queryset_for(request.user)
        followed = access.followed_agency_ids(request.user)
        annotated = documents.select_related("agency").annotate(
            is_followed=Case(When(agency__in=followed, then=True), default=False)
            if followed
            else Value(False)
        )
        return cast("QuerySet[Document]", annotated)

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        columns = list(super().get_list_display(request))
        if access.followed_agency_ids(request.user):
            columns.insert(columns.index("agency") + 1, "ownership")
        return columns

    def get_list_filter(self, request: HttpRequest) -> list[Any]:
        filters = list(super().get_list_filter(request))
        if access.followed_agency_ids(request.user):
            filters.insert(0, OwnershipFilter)
        return filters

    @admin.display(description=gettext_lazy("whose"))
    def ownership(self, obj: Document) -> str:
        """本机关, or 下级机关 (followed, read only), for staff who follow sub-agencies."""
        return str(OwnershipFilter.choice_label(bool(getattr(obj, "is_followed", False))))

    def get_form(
        self, request: HttpRequest, obj: Document | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Document]]:
        form = super().get_form(request, obj, change, **kwargs)
        # A subclass of the form made for this request, which knows the user.
        for_user = cast(
            "type[forms.ModelForm[Document]]",
            type("DocumentFormForUser", (form,), {"user": request.user}),
        )
        if obj is not None:
            # Images in a body come from the document's own attachments (shown on its page
            # once it is published).
            images = [
                (attachment.get_absolute_url(), str(attachment))
                for attachment in obj.attachments.filter(kind=Attachment.Kind.IMAGE)
            ]
            offer_images(for_user, ["body"], images)
        return for_user

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        user = request.user
        if db_field.name == "agency":
            kwargs["queryset"] = access.agencies_for(user, [Role.DRAFTER])
        elif db_field.name == "withheld_reason":
            kwargs["queryset"] = disclosure_access.negative_list_queryset_for(user).in_force()
        elif db_field.name == "catalog_item":
            assert isinstance(user, User)  # the admin lets only signed-in staff in
            kwargs["queryset"] = disclosure_access.catalog_items_for(user).select_related("domain")
        elif db_field.name == "replaced_by":
            kwargs["queryset"] = Document.objects.published()
        elif db_field.name == "theme":
            kwargs["queryset"] = Theme.objects.select_related("parent")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: Document, form: forms.ModelForm[Document], change: bool
    ) -> None:
        assert isinstance(request.user, User)  # the admin lets only signed-in staff save
        documents.document_save(document=obj, user=request.user)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        # New files are read in the background (by OCR where they are scans), for search.
        textract.attachment_text_queue(
            [
                attachment
                for attachment in getattr(formset, "new_objects", [])
                + [changed for changed, _fields in getattr(formset, "changed_objects", [])]
                if isinstance(attachment, Attachment) and not attachment.text_status
            ]
        )

    @admin.display(description=gettext_lazy("timeliness"), ordering="publish_due")
    def timeliness_mark(self, obj: Document) -> str:
        """In words: published on time, published late, overdue, not yet due."""
        return admin_marks.publication_deadline(
            due=obj.publish_due, late=obj.is_late, published=obj.date_published is not None
        )

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("dashboard/", wrap(self.dashboard_view), name="disclosure_dashboard"),
            path("<int:pk>/screening/", wrap(self.screening_view),
                 name="disclosure_document_screening"),
            path("<int:pk>/change-notice/", wrap(self.change_notice_view),
                 name="disclosure_document_change_notice"),
            path("<int:pk>/validity/", wrap(self.validity_view),
                 name="disclosure_document_validity"),
            path("attachment/<int:pk>/", wrap(self.attachment_view),
                 name="disclosure_attachment_download"),
            *super().get_urls(),  # the workflow steps and the preview (WorkflowAdminMixin)
        ]  # fmt: skip

    # The workflow pages come from WorkflowAdminMixin; a document adds its screening.
    def get_workflow_object(self, request: HttpRequest, pk: int) -> Document:
        return disclosure_access.get_document_for(request.user, pk)

    def get_readable_object(self, request: HttpRequest, pk: int) -> Document:
        return disclosure_access.get_readable_document_for(request.user, pk)

    def change_extra_context(self, request: HttpRequest, document: Document) -> dict[str, Any]:
        if any(
            attachment.text_status == TextStatus.UNAVAILABLE
            for attachment in document.attachments.all()
        ):
            messages.warning(request, ocr.unavailable_message())
        return {
            "screening_run": screening.latest_run(document),
            "can_set_validity": document.status == Status.PUBLISHED
            and access.can_act(request.user, document.agency_id, Role.PUBLISHER),
        }

    def workflow_extra_context(
        self, request: HttpRequest, document: Document, action: str
    ) -> dict[str, Any]:
        return {
            "screening_run": screening.latest_run(document),
            "screening_current": screening.screening_is_current(document),
            "unresolved_hits": list(screening.unresolved_hits(document)),
        }

    def screening_view(self, request: StaffRequest, pk: int) -> HttpResponse:
        # Readable by followers; acting on it needs a role in the document's agency.
        document = disclosure_access.get_readable_document_for(request.user, pk)
        may_review = access.can_act(request.user, document.agency_id, Role.REVIEWER) or (
            access.can_act(request.user, document.agency_id, Role.DRAFTER)
        )
        if request.method == "POST":
            if not may_review:
                raise PermissionDenied
            if "rerun" in request.POST:
                screening.screening_start(document=document, user=request.user)
                messages.info(request, _("The screening was started again."))
            elif "hit" in request.POST:
                hit = get_object_or_404(
                    ScreeningHit, pk=request.POST.get("hit"), run__document=document
                )
                try:
                    screening.hit_resolve(
                        hit=hit, user=request.user, resolution=request.POST.get("resolution", "")
                    )
                except ValidationError as error:
                    messages.error(request, "; ".join(error.messages))
            return HttpResponseRedirect(request.path)
        run = screening.latest_run(document)
        context = self.workflow_context(
            request,
            document,
            title=_("Pre-publication screening · %(title)s") % {"title": document.title},
            run=run,
            hits=list(run.hits.select_related("negative_entry")) if run else [],
            current=screening.screening_is_current(document),
            may_review=may_review,
            refresh=run is not None and run.state in {run.State.QUEUED, run.State.RUNNING},
            change_url=reverse("admin:disclosure_document_change", args=[document.pk]),
        )
        return TemplateResponse(request, "admin/disclosure/document/screening.html", context)

    def validity_view(self, request: StaffRequest, pk: int) -> HttpResponse:
        document = disclosure_access.get_document_for(request.user, pk)
        form = ValidityForm(
            request.POST or None,
            initial={"validity": document.validity, "expiry_date": document.expiry_date,
                     "replaced_by": document.replaced_by_id},
        )  # fmt: skip
        replaced_by = form.fields["replaced_by"]
        assert isinstance(replaced_by, forms.ModelChoiceField)
        replaced_by.queryset = Document.objects.published().exclude(pk=document.pk)
        change_url = reverse("admin:disclosure_document_change", args=[document.pk])
        if request.method == "POST" and form.is_valid():
            try:
                validity.document_set_validity(
                    document=document,
                    user=request.user,
                    validity=form.cleaned_data["validity"],
                    expiry_date=form.cleaned_data["expiry_date"],
                    replaced_by=form.cleaned_data["replaced_by"],
                    note=form.cleaned_data["note"],
                    changed_on=form.cleaned_data["changed_on"],
                )
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, _("The validity was updated."))
                return HttpResponseRedirect(change_url)
        context = self.workflow_context(
            request,
            document,
            title=_("Validity · %(title)s") % {"title": document.title},
            form=form,
            change_url=change_url,
        )
        return TemplateResponse(request, "admin/disclosure/document/validity.html", context)

    def change_notice_view(self, request: StaffRequest, pk: int) -> HttpResponse:
        """Art 26: a change of a published document not yet published starts a duty."""
        document = disclosure_access.get_document_for(request.user, pk)
        form = ChangeNoticeForm(request.POST or None)
        change_url = reverse("admin:disclosure_document_change", args=[document.pk])
        if request.method == "POST" and form.is_valid():
            try:
                duty = timeliness.document_record_change(
                    document=document, user=request.user, **form.cleaned_data
                )
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, error_text(error))
            else:
                messages.success(
                    request,
                    _("Recorded: the change is to be published by %(date)s (Art 26).")
                    % {"date": duty.due_on.isoformat()},
                )
                return HttpResponseRedirect(change_url)
        context = self.workflow_context(
            request,
            document,
            title=_("Record a change · %(title)s") % {"title": document.title},
            form=form,
            change_url=change_url,
            step_title=_("Record a change (Art 26)"),
        )
        return TemplateResponse(request, "admin/disclosure/document/validity.html", context)

    def preview_context(self, request: HttpRequest, document: Document) -> dict[str, Any]:
        document = Document.objects.with_metadata().get(pk=document.pk)
        return {
            "document": document,
            "attachments": list(document.attachments.all()),
            "body_html": paragraphs.body_html(document.body),
        }

    def attachment_view(self, request: StaffRequest, pk: int) -> FileResponse:
        attachment = get_object_or_404(Attachment.objects.select_related("document"), pk=pk)
        disclosure_access.get_readable_document_for(request.user, attachment.document_id)
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )

    def dashboard_view(self, request: StaffRequest) -> HttpResponse:
        """Own-agency counts: drafts, in review, awaiting publication, late, published this
        month; with the late and soon-due documents listed."""
        today = timezone.localdate()
        visible = disclosure_access.document_queryset_for(request.user)
        month_start = today.replace(day=1)
        rows = (
            visible.values("agency__name", "agency_id")
            .annotate(
                drafts=Count("pk", filter=Q(status=Status.DRAFT)),
                in_review=Count("pk", filter=Q(status=Status.IN_REVIEW)),
                approved=Count("pk", filter=Q(status=Status.APPROVED)),
                late=Count(
                    "pk",
                    filter=Q(
                        status__in=timeliness.UNPUBLISHED,
                        publish_due__lt=today,
                        disclosure_attribute="proactive",
                    ),
                ),
                published_month=Count(
                    "pk", filter=Q(status=Status.PUBLISHED, date_published__gte=month_start)
                ),
            )
            .order_by("agency__name")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Disclosure dashboard"),
            "rows": list(rows),
            "late_documents": list(timeliness.late_documents(visible, today)[:50]),
            "open_duties": list(timeliness.open_duties(visible)[:50]),
            "late_duties": list(
                timeliness.late_published_duties(visible, since=today.replace(month=1, day=1))[:50]
            ),
            "approaching_documents": list(timeliness.approaching_documents(visible, today)[:50]),
            "agencies": Agency.objects.filter(pk__in=access.agency_ids_for(request.user)),
        }
        return TemplateResponse(request, "admin/disclosure/document/dashboard.html", context)


# --- The shared resource library: placements on other sites (引用/转载) -------------------------


class DocumentPlacementForm(forms.ModelForm):
    class Meta:
        model = DocumentPlacement
        fields = ["document", "site", "note"]


@admin.register(DocumentPlacement)
class DocumentPlacementAdmin(admin.ModelAdmin):
    """A site's editors (portal.access.sites_for) place published documents on their site;
    removing a placement takes the document off that site only."""

    form = DocumentPlacementForm
    list_display = ["document", "site", "note", "placed_by", "placed_at"]
    list_select_related = ["document", "site", "placed_by"]
    raw_id_fields = ["document"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DocumentPlacement]:
        return super().get_queryset(request).filter(site__in=access.sites_for(request.user))

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        # Only the add form has the fields (a placement is read only once made).
        site_field = form.base_fields.get("site")
        if isinstance(site_field, ModelChoiceField):
            site_field.queryset = access.sites_for(request.user)
        document_field = form.base_fields.get("document")
        if isinstance(document_field, ModelChoiceField):
            document_field.queryset = Document.objects.published()
        return form

    def _may(self, request: HttpRequest) -> bool:
        return access.sites_for(request.user).exists()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request) and (obj is None or access.can_edit_site(request.user, obj.site))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a placement is made or removed, not edited

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_view_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: DocumentPlacement, form: forms.ModelForm, change: bool
    ) -> None:
        placement = placements.document_place(
            document=obj.document,
            site=obj.site,
            note=obj.note,
            user=cast(User, request.user),
        )
        obj.pk = placement.pk

    def delete_model(self, request: HttpRequest, obj: DocumentPlacement) -> None:
        super().delete_model(request, obj)
        page_cache.public_content_changed()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[DocumentPlacement]) -> None:
        super().delete_queryset(request, queryset)
        page_cache.public_content_changed()
