"""The back office of consultations (重大决策预公开): drafts through the shared workflow pages,
then, once published, the comments (moderation and adoption decisions) and the adoption report.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosure import attachments
from interpretation import access as interpretation_access
from interpretation import bodies, consultations, drafting
from interpretation.models import (
    BODY_HELP,
    Adoption,
    Consultation,
    ConsultationAttachment,
    ConsultationEvent,
    Moderation,
    Phase,
)
from portal.models import StaffRole
from portal.richtext import (
    SECTION_EXTENSIONS,
    SECTION_EXTENSIONS_WITHOUT_IMAGES,
    BodyEditorWidget,
    RichTextAdminMixin,
    RichTextFormField,
    offer_images,
    with_csp_nonce,
)
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

# The texts of the draft written in the body editor (the adoption report is written on its own
# page, ReportForm).
EDITED_TEXTS = ("draft_text", "basis", "explanation")
# The attachments a browser shows as images (not TIFF, which attachments may also be).
WEB_IMAGES = ["image/jpeg", "image/png", "image/gif", "image/webp"]


class ConsultationForm(forms.ModelForm):
    user: Any = None  # set per request by DraftingAdminMixin.get_form

    class Meta:
        model = Consultation
        fields = ["agency", "title", "draft_text", "basis", "explanation", "opens_on",
                  "closes_on", "short_period_reason", "contact"]  # fmt: skip
        # The texts in the body editor; images from the consultation's own attachments
        # (ConsultationAdmin.get_form).
        widgets = {
            "draft_text": BodyEditorWidget(attrs={"rows": 16}, extensions=SECTION_EXTENSIONS),
            "basis": BodyEditorWidget(attrs={"rows": 6}, extensions=SECTION_EXTENSIONS),
            "explanation": BodyEditorWidget(attrs={"rows": 8}, extensions=SECTION_EXTENSIONS),
            "short_period_reason": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
        }
        field_classes = dict.fromkeys(EDITED_TEXTS, RichTextFormField)
        help_texts = dict.fromkeys(EDITED_TEXTS, BODY_HELP)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The last day for comments is before the first."))
        return data

    # _post_clean and _update_errors: Django's private form API, not in the stubs.
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        try:
            drafting.check_drafter(self.instance, user=self.user)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class ConsultationAttachmentForm(forms.ModelForm):
    class Meta:
        model = ConsultationAttachment
        fields = ["file", "title", "order"]

    info: attachments.UploadInfo | None = None

    def clean_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("file")
        if upload is not None and "file" in self.changed_data:
            # The same checks as documents' attachments: by content, not by name.
            self.info = attachments.inspect_upload(upload)
        return upload

    def save(self, commit: bool = True) -> ConsultationAttachment:
        instance = super().save(commit=False)
        if self.info is not None:
            instance.original_name = self.info.original_name
            instance.content_type = self.info.content_type
            instance.size = self.info.size
        if commit:
            instance.save()
        return instance


class ConsultationAttachmentInline(DraftOnlyInline):
    model = ConsultationAttachment
    form = ConsultationAttachmentForm
    fields = ["file", "title", "order", "size"]
    readonly_fields = ["size"]


class ConsultationEventInline(AuditTrailInline):
    model = ConsultationEvent


class ReportForm(forms.Form):
    report = RichTextFormField(
        label=gettext_lazy("How the comments were considered"),
        widget=BodyEditorWidget(attrs={"rows": 12}, extensions=SECTION_EXTENSIONS_WITHOUT_IMAGES),
        help_text=BODY_HELP,
    )
    override_reason = ScreenedReviewForm.base_fields["override_reason"]


@admin.register(Consultation)
class ConsultationAdmin(DraftingAdminMixin, RichTextAdminMixin, admin.ModelAdmin):
    form = ConsultationForm
    rich_text_fields = {
        "draft_text": Consultation._meta.get_field("draft_text").verbose_name,
        "basis": Consultation._meta.get_field("basis").verbose_name,
        "explanation": Consultation._meta.get_field("explanation").verbose_name,
    }
    inlines = [ConsultationAttachmentInline, ConsultationEventInline]
    list_display = ["title", "agency", "status", "opens_on", "closes_on", "phase_label",
                    "pending_comments", "report_published_at"]  # fmt: skip
    list_filter = ["status"]
    search_fields = ["title"]
    date_hierarchy = "opens_on"
    readonly_fields = ["status", "closed_at", "report_published_at", "drafter", "reviewer",
                       "publisher", "review_result", "review_notes"]  # fmt: skip
    change_form_template = "admin/interpretation/consultation/change_form.html"
    preview_template = "interpretation/consultation_detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    def get_fieldsets(self, request: HttpRequest, obj: Consultation | None = None) -> Fieldsets:
        main: Fieldsets = [
            (None, {"fields": ["agency", "title", "contact"]}),
            (_("The draft"), {"fields": ["draft_text", "basis", "explanation"]}),
            (_("Comment period"), {"fields": ["opens_on", "closes_on", "short_period_reason"]}),
        ]
        if obj is not None:
            record = ["status", "closed_at", "report_published_at", "drafter", "reviewer",
                      "publisher", "review_result", "review_notes"]  # fmt: skip
            main.insert(0, (_("Record"), {"fields": [*record]}))
        return self.rich_text_fieldsets(request, obj, main)

    def rich_text_html(self, name: str, value: str) -> str:
        return bodies.page_html(value, plain=bodies.paragraphs_html)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Any]]:
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None:
            # Images in the texts come from the consultation's own attachments (published with
            # it), never from another site.
            images = [
                (attachment.get_absolute_url(), attachment.title or attachment.original_name)
                for attachment in obj.attachments.filter(content_type__in=WEB_IMAGES)
            ]
            offer_images(form, EDITED_TEXTS, images)
        return form

    def get_queryset(self, request: HttpRequest) -> QuerySet[Consultation]:
        return (
            interpretation_access.consultation_queryset_for(request.user)
            .select_related("agency")
            .annotate(
                pending_count=Count("comments", filter=Q(comments__moderation=Moderation.PENDING))
            )
        )

    @admin.display(description=gettext_lazy("phase"))
    def phase_label(self, obj: Consultation) -> str:
        if obj.status != Status.PUBLISHED:
            return "—"
        return str(Phase(obj.phase()).label)

    @admin.display(description=gettext_lazy("awaiting moderation"))
    def pending_comments(self, obj: Consultation) -> int:
        return obj.pending_count  # type: ignore[attr-defined]  # annotated by get_queryset

    def save_draft(
        self, request: StaffRequest, obj: Consultation, form: forms.ModelForm[Consultation]
    ) -> None:
        drafting.draft_save(obj=obj, user=request.user)

    # The workflow pages (WorkflowAdminMixin).
    def get_workflow_object(self, request: HttpRequest, pk: int) -> Consultation:
        return interpretation_access.get_consultation_for(request.user, pk)

    def preview_context(self, request: HttpRequest, obj: Consultation) -> dict[str, Any]:
        return {
            "consultation": obj,
            "phase": obj.phase(),
            "attachments": list(obj.attachments.all()),
            "comments": [],
            "summary": consultations.adoption_summary(obj),
        }

    def change_extra_context(self, request: HttpRequest, obj: Consultation) -> dict[str, Any]:
        return {"phase": obj.phase(), "summary": consultations.adoption_summary(obj)}

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/comments/", wrap(self.comments_view),
                 name="interpretation_consultation_comments"),
            path("<int:pk>/report/", wrap(self.report_view),
                 name="interpretation_consultation_report"),
            path("attachment/<int:pk>/", wrap(self.attachment_view),
                 name="interpretation_consultation_attachment"),
            *super().get_urls(),
        ]  # fmt: skip

    def _page(self, request: HttpRequest, template: str, **context: Any) -> TemplateResponse:
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, **context}
        return TemplateResponse(request, template, context)

    def comments_view(self, request: StaffRequest, pk: int) -> HttpResponse:
        """Moderation (approve, or reject with a reason) and adoption decisions."""
        consultation = self.get_workflow_object(request, pk)
        comments = interpretation_access.comment_queryset_for(request.user).filter(
            consultation=consultation
        )
        if request.method == "POST":
            comment = get_object_or_404(comments, pk=request.POST.get("comment"))
            operation = request.POST.get("operation")
            try:
                if operation in {"approve", "reject"}:
                    consultations.comment_moderate(
                        comment=comment,
                        user=request.user,
                        approve=operation == "approve",
                        reason=request.POST.get("reason", ""),
                        override_reason=request.POST.get("override_reason", ""),
                    )
                elif operation == "adoption":
                    consultations.comment_set_adoption(
                        comment=comment,
                        user=request.user,
                        adoption=request.POST.get("adoption", ""),
                        reason=request.POST.get("reason", ""),
                    )
                else:
                    raise Http404
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, f"#{comment.pk}: {error_text(error)}")
            else:
                messages.success(
                    request, _("Comment #%(number)d updated.") % {"number": comment.pk}
                )
            return HttpResponseRedirect(f"{request.path}#comment-{comment.pk}")
        wanted = request.GET.get("moderation", "")
        shown = comments.filter(moderation=wanted) if wanted in Moderation.values else comments
        return self._page(
            request,
            "admin/interpretation/consultation/comments.html",
            title=_("Comments · %(title)s") % {"title": consultation.title},
            original=consultation,
            consultation=consultation,
            comments=list(shown.select_related("moderated_by")),
            moderation_filter=wanted,
            moderations=Moderation.choices,
            adoptions=Adoption.choices,
            summary=consultations.adoption_summary(consultation),
            change_url=self.change_url(consultation),
        )

    def report_view(self, request: StaffRequest, pk: int) -> HttpResponse:
        """Publish the adoption report (意见采纳情况) once comments are closed and decided."""
        consultation = self.get_workflow_object(request, pk)
        form = ReportForm(request.POST or None, initial={"report": consultation.report})
        if request.method == "POST" and form.is_valid():
            try:
                consultations.report_publish(
                    consultation=consultation,
                    user=request.user,
                    report=form.cleaned_data["report"],
                    override_reason=form.cleaned_data["override_reason"],
                )
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, _("The adoption report was published."))
                return HttpResponseRedirect(self.change_url(consultation))
        return self._page(
            request,
            "admin/interpretation/consultation/report.html",
            title=_("Adoption report · %(title)s") % {"title": consultation.title},
            original=consultation,
            consultation=consultation,
            form=form,
            media=with_csp_nonce(self.media + form.media, request),
            summary=consultations.adoption_summary(consultation),
            comments_url=reverse("admin:interpretation_consultation_comments", args=[pk]),
            change_url=self.change_url(consultation),
        )

    def attachment_view(self, request: StaffRequest, pk: int) -> FileResponse:
        attachment = get_object_or_404(ConsultationAttachment, pk=pk)
        self.get_workflow_object(request, attachment.consultation_id)
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
