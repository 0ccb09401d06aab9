"""The back office of policy interpretation: interpretations (through the shared workflow pages of
``disclosure.admin_workflow``), 三同步 (documents awaiting their interpretation, the combined
publication, publishing with a reason, the compliance report) and the policy Q&A.

Consultations are in ``admin_consultations``. Every list and page is scoped to the user's
agencies through ``interpretation.access`` (and ``disclosure.access`` for documents).
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ForeignKey, ManyToManyField, Prefetch, Q, QuerySet
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosure import access as disclosure_access
from disclosure.admin import DocumentAdmin as DisclosureDocumentAdmin
from disclosure.models import Document
from interpretation import (
    access as interpretation_access,
)
from interpretation import (
    admin_consultations,  # noqa: F401 - registers the consultation admin
    bodies,
    compliance,
    drafting,
    media,
    publishing,
    questions,
    selectors,
)
from interpretation.models import (
    BODY_HELP,
    SECTION_FIELDS,
    SECTIONS,
    SINGLE_MEDIA,
    Interpretation,
    InterpretationEvent,
    InterpretationMedia,
    InterpretationWaiver,
    MediaKind,
    PolicyQuestion,
    Topic,
)
from portal import access, ranges
from portal.models import Agency, StaffRole
from portal.richtext import (
    SECTION_EXTENSIONS,
    SECTION_EXTENSIONS_WITHOUT_IMAGES,
    BodyEditorWidget,
    RichTextAdminMixin,
    RichTextFormField,
    offer_images,
)
from portal.typed import Fieldsets, StaffRequest
from publishing import media as publishing_media
from publishing.admin import (
    AuditTrailInline,
    DraftingAdminMixin,
    DraftOnlyInline,
    ScreenedReviewForm,
    error_text,
)
from publishing.models import Status

Role = StaffRole.Role


def linkable_documents(user: Any) -> QuerySet[Document]:
    """Documents an interpretation or Q&A entry may link: the user's agencies' documents that
    are not withdrawn, and any published document."""
    own = disclosure_access.document_queryset_for(user).exclude(status=Status.WITHDRAWN)
    return Document.objects.filter(Q(pk__in=own.values("pk")) | Q(status=Status.PUBLISHED))


# --- Interpretations ----------------------------------------------------------------------


class InterpretationForm(forms.ModelForm):
    user: Any = None  # set per request by DraftingAdminMixin.get_form

    class Meta:
        model = Interpretation
        fields = [
            "agency", "documents", "form", "title", "summary", "background", "purpose",
            "main_content", "scope", "standards", "time_limits", "terms", "attention",
            "department", "interpreter", "interpreter_title", "transcript",
        ]  # fmt: skip
        widgets: dict[str, forms.Widget] = {
            "summary": forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
            "transcript": forms.Textarea(attrs={"rows": 8, "class": "vLargeTextField"}),
            # The sections in the body editor; images from the interpretation's own media
            # (InterpretationAdmin.get_form).
            **{
                name: BodyEditorWidget(
                    attrs={"rows": 12 if name == "main_content" else 6},
                    extensions=SECTION_EXTENSIONS,
                )
                for name in SECTION_FIELDS
            },
        }
        field_classes = dict.fromkeys(SECTION_FIELDS, RichTextFormField)

    # _post_clean and _update_errors: Django's private form API, not in the stubs.
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            drafting.check_drafter(self.instance, user=self.user)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class MediaForm(publishing_media.MediaForm):
    class Meta:
        model = InterpretationMedia
        fields = ["kind", "file", "alt_text", "caption", "order"]

    inspect = staticmethod(media.inspect_media)
    picture_kinds = frozenset({MediaKind.IMAGE})
    describe_picture = gettext_lazy("Describe the image for readers who cannot see it.")


def _one_file_of(kind: str) -> str:
    return _("An interpretation has at most one %(kind)s file.") % {"kind": MediaKind(kind).label}


class MediaFormSet(publishing_media.OnePerKindFormSet):
    single_kinds = {kind: partial(_one_file_of, kind) for kind in SINGLE_MEDIA}


class MediaInline(DraftOnlyInline):
    model = InterpretationMedia
    form = MediaForm
    formset = MediaFormSet
    fields = ["kind", "file", "alt_text", "caption", "order", "file_type", "size"]
    readonly_fields = ["file_type", "size"]

    @admin.display(description=gettext_lazy("file type"))
    def file_type(self, obj: InterpretationMedia) -> str:
        return obj.content_type or "-"

    verbose_name_plural = gettext_lazy(
        "Media: images of a graphic interpretation (in order), audio, video, poster, captions"
    )


class InterpretationEventInline(AuditTrailInline):
    model = InterpretationEvent


class PublishTogetherForm(forms.Form):
    document = forms.ModelChoiceField(
        label=gettext_lazy("Document to publish with it"),
        queryset=Document.objects.none(),
        widget=forms.RadioSelect,
    )


class DocumentPublishForm(forms.Form):
    """The document's publish step: a reason is asked for only when 三同步 needs one."""

    waiver_reason = forms.CharField(
        label=gettext_lazy("Reason for publishing without an interpretation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ComplianceForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agency (with the agencies below it)"),
        queryset=Agency.objects.none(),
        required=False,
    )
    date_from = forms.DateField(
        label=gettext_lazy("Published from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("Published until"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(_("The period ends before it starts."))
        return data


@admin.register(Interpretation)
class InterpretationAdmin(DraftingAdminMixin, RichTextAdminMixin, admin.ModelAdmin):
    form = InterpretationForm
    rich_text_fields = dict(SECTIONS)
    inlines = [MediaInline, InterpretationEventInline]
    list_display = ["title", "form", "agency", "status", "department", "published_at"]
    list_filter = ["status", "form"]
    search_fields = ["title", "department", "interpreter"]
    list_select_related = ["agency"]
    autocomplete_fields = ["documents"]
    readonly_fields = ["status", "published_at", "drafter", "reviewer", "publisher",
                       "review_result", "review_notes"]  # fmt: skip
    change_form_template = "admin/interpretation/interpretation/change_form.html"
    change_list_template = "admin/interpretation/interpretation/change_list.html"
    preview_template = "interpretation/interpretation_detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    def get_fieldsets(self, request: HttpRequest, obj: Interpretation | None = None) -> Fieldsets:
        main: Fieldsets = [
            (None, {"fields": ["agency", "documents", "form", "title", "summary"]}),
            (_("Content (each section optional, shown in this order)"),
             {"fields": ["background", "purpose", "main_content", "scope", "standards",
                         "time_limits", "terms", "attention"]}),
            (_("Who interprets"), {"fields": ["department", "interpreter", "interpreter_title"]}),
            (_("Text of audio and video"), {"fields": ["transcript"]}),
        ]  # fmt: skip
        if obj is not None:
            record = ["status", "published_at", "drafter", "reviewer", "publisher",
                      "review_result", "review_notes"]  # fmt: skip
            main.insert(0, (_("Record"), {"fields": [*record]}))
        return self.rich_text_fieldsets(request, obj, main)

    def rich_text_html(self, name: str, value: str) -> str:
        return bodies.page_html(value, plain=bodies.sections_html)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Any]]:
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None:
            # Images in a section come from the interpretation's own images and poster (shown
            # on its page once it is published), never from another site.
            images = [
                (item.get_absolute_url(), item.alt_text or item.caption or item.original_name)
                for item in obj.media.filter(kind__in=[MediaKind.IMAGE, MediaKind.POSTER])
            ]
            offer_images(form, SECTION_FIELDS, images)
        return form

    def get_queryset(self, request: HttpRequest) -> QuerySet[Interpretation]:
        return interpretation_access.interpretation_queryset_for(request.user).select_related(
            "agency"
        )

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        if db_field.name == "documents":
            kwargs["queryset"] = linkable_documents(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_draft(
        self, request: StaffRequest, obj: Interpretation, form: forms.ModelForm[Interpretation]
    ) -> None:
        drafting.draft_save(obj=obj, user=request.user)

    # The workflow pages (WorkflowAdminMixin).
    def get_workflow_object(self, request: HttpRequest, pk: int) -> Interpretation:
        return interpretation_access.get_interpretation_for(request.user, pk)

    def preview_context(self, request: HttpRequest, obj: Interpretation) -> dict[str, Any]:
        return selectors.interpretation_page(obj)

    def change_extra_context(self, request: HttpRequest, obj: Interpretation) -> dict[str, Any]:
        can_publish_together = (
            obj.status == Status.APPROVED
            and access.can_act(request.user, obj.agency_id, Role.PUBLISHER)
            and obj.documents.filter(status=Status.APPROVED).exists()
        )
        return {"can_publish_together": can_publish_together}

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("three-sync/", wrap(self.three_sync_view), name="interpretation_three_sync"),
            path("compliance/", wrap(self.compliance_view), name="interpretation_compliance"),
            path("<int:pk>/publish-together/", wrap(self.publish_together_view),
                 name="interpretation_publish_together"),
            path("media/<int:pk>/", wrap(self.media_view), name="interpretation_media_staff"),
            *super().get_urls(),
        ]  # fmt: skip

    def _page(self, request: HttpRequest, template: str, **context: Any) -> TemplateResponse:
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, **context}
        return TemplateResponse(request, template, context)

    def publish_together_view(self, request: StaffRequest, pk: int) -> HttpResponse:
        """三同步 in one action: the interpretation and a document it explains, both approved."""
        interpretation = self.get_workflow_object(request, pk)
        candidates = disclosure_access.document_queryset_for(request.user).filter(
            status=Status.APPROVED, interpretations=interpretation
        )
        form = PublishTogetherForm(
            request.POST or None, initial={"document": request.GET.get("document")}
        )
        document_field = form.fields["document"]
        assert isinstance(document_field, ModelChoiceField)
        document_field.queryset = candidates
        change_url = self.change_url(interpretation)
        if request.method == "POST" and form.is_valid():
            document = form.cleaned_data["document"]
            try:
                publishing.publish_with_interpretation(
                    document=document, interpretation=interpretation, user=request.user
                )
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, error_text(error))
            else:
                messages.success(
                    request,
                    _("Published together: “%(document)s” and its interpretation.")
                    % {"document": document.title},
                )
                return HttpResponseRedirect(change_url)
        return self._page(
            request,
            "admin/interpretation/publish_together.html",
            title=_("Publish with its document · %(title)s") % {"title": interpretation.title},
            original=interpretation,
            interpretation=interpretation,
            form=form,
            allowed=interpretation.status == Status.APPROVED
            and access.can_act(request.user, interpretation.agency_id, Role.PUBLISHER),
            change_url=change_url,
        )

    def three_sync_view(self, request: StaffRequest) -> HttpResponse:
        """The user's agencies' unpublished documents that need an interpretation, each with
        its interpretations and what can be done next."""
        visible = interpretation_access.interpretation_queryset_for(request.user)
        documents = (
            disclosure_access.document_queryset_for(request.user)
            .filter(Q(is_normative=True) | Q(needs_interpretation=True))
            .filter(status__in=[Status.DRAFT, Status.IN_REVIEW, Status.APPROVED])
            .select_related("agency")
            .prefetch_related(
                Prefetch(
                    "interpretations",
                    queryset=Interpretation.objects.filter(
                        Q(pk__in=visible.values("pk")) | Q(status=Status.PUBLISHED)
                    ).order_by("id"),
                    to_attr="linked",
                )
            )
            .order_by("publish_due", "pk")
        )
        rows = []
        for document in documents:
            approved = [i for i in document.linked if i.status == Status.APPROVED]
            rows.append(
                {
                    "document": document,
                    "interpretations": document.linked,
                    "published": any(i.status == Status.PUBLISHED for i in document.linked),
                    "together": approved if document.status == Status.APPROVED else [],
                    "may_publish": document.status == Status.APPROVED
                    and access.can_act(request.user, document.agency_id, Role.PUBLISHER),
                }
            )
        return self._page(
            request,
            "admin/interpretation/three_sync.html",
            title=_("Three synchronisations: documents awaiting their interpretation"),
            rows=rows,
            waivers=list(
                InterpretationWaiver.objects.filter(
                    document__in=disclosure_access.document_queryset_for(request.user)
                ).select_related("document", "user")[:20]
            ),
        )

    def compliance_view(self, request: StaffRequest) -> HttpResponse:
        """三同步 compliance per agency and period (documents published in it)."""
        agencies = access.agencies_for(request.user).order_by("path")
        today = timezone.localdate()
        defaults: dict[str, Any] = {
            "agency": None if access.is_superuser(request.user) else agencies.first(),
            "date_from": dt.date(today.year, 1, 1),
            "date_to": today,
        }
        form = ComplianceForm(request.GET or None, initial=defaults)
        agency_field = form.fields["agency"]
        assert isinstance(agency_field, ModelChoiceField)
        agency_field.queryset = agencies
        report = None
        chosen: dict[str, Any] | None = defaults
        if form.is_bound:
            chosen = form.cleaned_data if form.is_valid() else None
        if chosen is not None and (chosen["agency"] or access.is_superuser(request.user)):
            report = compliance.compliance_report(
                agency=chosen["agency"], date_from=chosen["date_from"], date_to=chosen["date_to"]
            )
        return self._page(
            request,
            "admin/interpretation/compliance.html",
            title=_("Three synchronisations: compliance"),
            form=form,
            report=report,
            within=compliance.WITHIN_WORKDAYS,
        )

    def media_view(self, request: StaffRequest, pk: int) -> HttpResponseBase:
        """A media file of an interpretation in any status, for its agency's staff (preview)."""
        item = get_object_or_404(interpretation_access.media_queryset_for(request.user), pk=pk)
        try:
            return ranges.ranged_response(
                request, item.file, content_type=item.content_type, filename=item.original_name
            )
        except FileNotFoundError as error:
            raise Http404 from error


# --- Policy Q&A ---------------------------------------------------------------------------

QA_EDITORS = [Role.DRAFTER, Role.PUBLISHER]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


class PolicyQuestionForm(forms.ModelForm):
    user: Any = None
    answer = RichTextFormField(
        label=PolicyQuestion._meta.get_field("answer").verbose_name,
        # An entry has no files of its own: no images in its answer.
        widget=BodyEditorWidget(attrs={"rows": 10}, extensions=SECTION_EXTENSIONS_WITHOUT_IMAGES),
        help_text=BODY_HELP,
    )
    override_reason = forms.CharField(
        label=gettext_lazy("Reason for publishing despite screening hits"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "A published entry is screened for personal data first. Only if the screening "
            "finds something that must be published anyway, say why."
        ),
    )

    class Meta:
        model = PolicyQuestion
        fields = ["agency", "question", "answer", "documents", "topics", "is_published", "order"]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        agency = data.get("agency")
        if agency is None:
            return data
        if not any(access.can_act(self.user, agency, role) for role in QA_EDITORS):
            self.add_error(
                "agency", _("You can only answer for an agency where you draft or publish.")
            )
        elif data.get("is_published") and not access.can_act(self.user, agency, Role.PUBLISHER):
            # Publishing an answer is a publication: the publisher of the agency decides.
            self.add_error(
                "is_published", _("Only a publisher of the agency can publish an entry.")
            )
        elif data.get("is_published"):
            # The service checks again when saving; here the hits are shown on the form.
            candidate = PolicyQuestion(
                pk=self.instance.pk,
                agency=agency,
                question=data.get("question", ""),
                answer=data.get("answer", ""),
                is_published=True,
            )
            try:
                questions.question_screening_check(
                    question=candidate, override_reason=data.get("override_reason", "")
                )
            except ValidationError as error:
                self.add_error("override_reason", error)
        return data


@admin.register(PolicyQuestion)
class PolicyQuestionAdmin(RichTextAdminMixin, admin.ModelAdmin):
    form = PolicyQuestionForm
    fields = ["agency", "question", "answer", "documents", "topics", "is_published", "order",
              "override_reason", "screening_override"]  # fmt: skip
    rich_text_fields = {"answer": PolicyQuestion._meta.get_field("answer").verbose_name}
    list_display = ["question", "agency", "is_published", "updated_at"]
    list_filter = ["is_published", "topics"]
    search_fields = ["question", "answer"]
    list_select_related = ["agency"]
    autocomplete_fields = ["documents"]
    filter_horizontal = ["topics"]
    readonly_fields = ["screening_override"]

    def rich_text_html(self, name: str, value: str) -> str:
        return bodies.page_html(value, plain=bodies.paragraphs_html)

    def get_queryset(self, request: HttpRequest) -> QuerySet[PolicyQuestion]:
        return interpretation_access.question_queryset_for(request.user).select_related("agency")

    def get_form(
        self,
        request: HttpRequest,
        obj: PolicyQuestion | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm[PolicyQuestion]]:
        form = super().get_form(request, obj, change, **kwargs)
        # A subclass of the form made for this request, which knows the user.
        return cast(
            "type[forms.ModelForm[PolicyQuestion]]",
            type("PolicyQuestionFormForUser", (form,), {"user": request.user}),
        )

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "agency":
            kwargs["queryset"] = access.agencies_for(request.user, QA_EDITORS)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(
        self,
        request: HttpRequest,
        obj: PolicyQuestion,
        form: forms.ModelForm[PolicyQuestion],
        change: bool,
    ) -> None:
        assert isinstance(request.user, User)  # the admin lets only signed-in staff save
        questions.question_save(
            question=obj,
            user=request.user,
            override_reason=form.cleaned_data.get("override_reason", ""),
        )

    def delete_model(self, request: HttpRequest, obj: PolicyQuestion) -> None:
        questions.question_delete(question=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[PolicyQuestion]) -> None:
        for question in queryset:
            questions.question_delete(question=question)

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        if db_field.name == "documents":
            kwargs["queryset"] = linkable_documents(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.is_superuser(request.user) or bool(
            access.agency_ids_for(request.user, QA_EDITORS)
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        return any(access.can_act(request.user, obj.agency_id, role) for role in QA_EDITORS)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is not None and access.can_act(request.user, obj.agency_id, Role.PUBLISHER)


# --- The document's publication, as 三同步 sees it -------------------------------------------


class DocumentAdmin(DisclosureDocumentAdmin):
    """The document admin, with its one publish step going through
    ``interpretation.publishing.document_publish``: the page lists the document's
    interpretations, offers to publish both together, and asks for the reason only when the
    document needs an interpretation and has no published one."""

    workflow_template = "admin/interpretation/document_workflow.html"
    workflow_forms = {**DisclosureDocumentAdmin.workflow_forms, "publish": DocumentPublishForm}
    workflow_services = {"publish": "interpretation.publishing.document_publish"}

    def workflow_extra_context(
        self, request: HttpRequest, obj: Document, action: str
    ) -> dict[str, Any]:
        context = super().workflow_extra_context(request, obj, action)
        if action != "publish":
            return context
        interpretations = list(
            obj.interpretations.filter(
                Q(pk__in=interpretation_access.interpretation_queryset_for(request.user))
                | Q(status=Status.PUBLISHED)
            ).select_related("agency")
        )
        return {
            **context,
            "interpretations": interpretations,
            "needs_interpretation": publishing.needs_interpretation(obj),
            "has_published": any(item.status == Status.PUBLISHED for item in interpretations),
        }


admin.site.unregister(Document)
admin.site.register(Document, DocumentAdmin)
