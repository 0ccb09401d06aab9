"""The back office of online interviews and public meetings: announcements, transcripts and
minutes through the shared workflow pages (``publishing.admin``), and the decisions on
applications to attend. Every list and page is scoped to the user's agencies through
``interaction.access_events``; applicants' data only to the roles that handle the public's data.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import ForeignKey, ManyToManyField, Q, QuerySet
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosure import access as disclosure_access
from disclosure import attachments
from disclosure.models import Document
from interaction import access_events, events, selectors_events
from interaction.models.events import (
    ApplicationAccess,
    Decision,
    Interview,
    InterviewEvent,
    InterviewGuest,
    InterviewMedia,
    InterviewRecord,
    InterviewRecordEvent,
    MediaKind,
    Meeting,
    MeetingApplication,
    MeetingAttachment,
    MeetingEvent,
    MeetingMinutes,
    MeetingMinutesEvent,
)
from portal import access
from portal.models import StaffRole
from portal.typed import StaffRequest
from publishing import admin_events
from publishing import media as publishing_media
from publishing.admin import (
    AuditTrailInline,
    DraftingAdminMixin,
    DraftOnlyInline,
    ScreenedReviewForm,
    error_text,
)
from publishing.admin_events import (
    EventMediaForm,
    EventMediaInline,
    OfficialInline,
    staff_media_response,
)
from publishing.events import EventRecord
from publishing.models import Status

Role = StaffRole.Role


def _file(item: Any, *, as_attachment: bool) -> FileResponse:
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=item.original_name,
        content_type=item.content_type,
    )


class DraftForm(forms.ModelForm):
    """Checks that the user drafts for the item's agency (shown on the form)."""

    user: Any = None  # set per request by DraftingAdminMixin.get_form

    # _post_clean and _update_errors: Django's private form API, not in the stubs.
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        instance = self.instance
        if isinstance(instance, EventRecord):
            instance.take_agency()
        try:
            events.check_drafter(instance, user=self.user)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class _EventAdmin(DraftingAdminMixin, admin.ModelAdmin):
    """What the four publishable admins share: drafts saved by ``events.draft_save`` and the
    shared workflow pages (the form knowing its user and the agency choices come from
    ``DraftingAdminMixin``)."""

    change_form_template = admin_events.CHANGE_FORM_TEMPLATE
    workflow_forms = {"approve": ScreenedReviewForm}
    readonly_fields = ["status", "published_at", "drafter", "reviewer", "publisher",
                       "review_result", "review_notes"]  # fmt: skip

    def save_draft(self, request: StaffRequest, obj: Any, form: forms.ModelForm[Any]) -> None:
        events.draft_save(obj=obj, user=request.user)

    def get_workflow_object(self, request: HttpRequest, pk: int) -> Any:
        found = self.get_queryset(request).filter(pk=pk).first()
        if found is None:
            raise Http404
        return found

    def preview_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        return {"preview_status": obj.get_status_display()}


# --- Interviews ---------------------------------------------------------------------------


class InterviewForm(DraftForm):
    class Meta:
        model = Interview
        fields = ["agency", "title", "summary", "starts_at", "ends_at", "documents"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The interview ends before it starts."))
        return data


class GuestInline(OfficialInline):
    model = InterviewGuest


class InterviewEventInline(AuditTrailInline):
    model = InterviewEvent


@admin.register(Interview)
class InterviewAdmin(_EventAdmin):
    form = InterviewForm
    inlines = [GuestInline, InterviewEventInline]
    list_display = ["title", "agency", "starts_at", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    list_select_related = ["agency"]
    autocomplete_fields = ["documents"]
    preview_template = "interaction/events/interview_detail.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Interview]:
        return access_events.interview_queryset_for(request.user).select_related("agency")

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        if db_field.name == "documents":
            own = disclosure_access.document_queryset_for(request.user)
            kwargs["queryset"] = Document.objects.filter(
                Q(pk__in=own.exclude(status=Status.WITHDRAWN).values("pk"))
                | Q(status=Status.PUBLISHED)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def preview_context(self, request: HttpRequest, obj: Interview) -> dict[str, Any]:
        return {**selectors_events.interview_page(obj), **super().preview_context(request, obj)}

    def change_extra_context(self, request: HttpRequest, obj: Interview) -> dict[str, Any]:
        return {
            "follow_up": ("interaction_interviewrecord", "interview", _("Transcript and media"))
        }


# --- Interview transcripts and media ------------------------------------------------------


class InterviewRecordForm(DraftForm):
    class Meta:
        model = InterviewRecord
        fields = ["interview", "transcript"]
        widgets = {"transcript": forms.Textarea(attrs={"rows": 20, "class": "vLargeTextField"})}


class MediaForm(EventMediaForm):
    class Meta(EventMediaForm.Meta):
        model = InterviewMedia

    inspect = staticmethod(events.inspect_media)


class MediaFormSet(publishing_media.OnePerKindFormSet):
    single_kinds = {MediaKind.VIDEO: lambda: _("An interview has at most one video.")}


class MediaInline(EventMediaInline):
    model = InterviewMedia
    form = MediaForm
    formset = MediaFormSet


class InterviewRecordEventInline(AuditTrailInline):
    model = InterviewRecordEvent


@admin.register(InterviewRecord)
class InterviewRecordAdmin(_EventAdmin):
    form = InterviewRecordForm
    inlines = [MediaInline, InterviewRecordEventInline]
    list_display = ["interview", "agency", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["interview__title"]
    list_select_related = ["interview", "agency"]
    preview_template = "interaction/events/interview_detail.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[InterviewRecord]:
        return access_events.record_queryset_for(request.user).select_related("interview", "agency")

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "interview":
            # Transcripts of the user's agencies' announced interviews.
            kwargs["queryset"] = access.scope_queryset(
                Interview.objects.published(), request.user, roles=[Role.DRAFTER]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"interview": request.GET.get("interview")}

    def preview_context(self, request: HttpRequest, obj: InterviewRecord) -> dict[str, Any]:
        media = list(obj.media.all())
        return {
            **selectors_events.interview_page(obj.interview),
            "record": obj,
            "pictures": [item for item in media if item.kind == MediaKind.IMAGE],
            "video": next((item for item in media if item.kind == MediaKind.VIDEO), None),
            **super().preview_context(request, obj),
        }

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "media/<int:pk>/", wrap(self.media_view), name="interaction_interviewrecord_media"
            ),
            *super().get_urls(),
        ]

    def media_view(self, request: StaffRequest, pk: int) -> HttpResponseBase:
        """A picture or video in any status, for its agency's staff (the preview)."""
        return staff_media_response(request, access_events.media_queryset_for(request.user), pk)


# --- Meetings -----------------------------------------------------------------------------


class MeetingForm(DraftForm):
    class Meta:
        model = Meeting
        fields = ["agency", "title", "starts_at", "ends_at", "place", "agenda", "seats",
                  "applications_open_at", "applications_close_at", "contact"]  # fmt: skip
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 10, "class": "vLargeTextField"}),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_at"), data.get("ends_at")
        opens, closes = data.get("applications_open_at"), data.get("applications_close_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting ends before it starts."))
        if opens and closes and closes <= opens:
            self.add_error("applications_close_at", _("Applications close before they open."))
        if closes and starts and closes > starts:
            self.add_error(
                "applications_close_at", _("Applications must close before the meeting starts.")
            )
        return data


class MeetingEventInline(AuditTrailInline):
    model = MeetingEvent


@admin.register(Meeting)
class MeetingAdmin(_EventAdmin):
    form = MeetingForm
    inlines = [MeetingEventInline]
    list_display = ["title", "agency", "starts_at", "seats", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "place"]
    list_select_related = ["agency"]
    preview_template = "interaction/events/meeting_detail.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Meeting]:
        return access_events.meeting_queryset_for(request.user).select_related("agency")

    def preview_context(self, request: HttpRequest, obj: Meeting) -> dict[str, Any]:
        return {
            "meeting": obj,
            "minutes": None,
            "attachments": [],
            **super().preview_context(request, obj),
        }

    def change_extra_context(self, request: HttpRequest, obj: Meeting) -> dict[str, Any]:
        return {
            "follow_up": ("interaction_meetingminutes", "meeting", _("Minutes and decisions")),
            "applications_url": "admin:interaction_meetingapplication_changelist",
        }


class MinutesForm(DraftForm):
    class Meta:
        model = MeetingMinutes
        fields = ["meeting", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 16, "class": "vLargeTextField"})}


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = MeetingAttachment
        fields = ["file", "title", "order"]

    info: attachments.UploadInfo | None = None

    def clean_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("file")
        if upload is not None and "file" in self.changed_data:
            # The same checks as documents' attachments: by content, not by name.
            self.info = attachments.inspect_upload(upload)
        return upload

    def save(self, commit: bool = True) -> MeetingAttachment:
        instance = super().save(commit=False)
        if self.info is not None:
            instance.original_name = self.info.original_name
            instance.content_type = self.info.content_type
            instance.size = self.info.size
        if commit:
            instance.save()
        return instance


class AttachmentInline(DraftOnlyInline):
    model = MeetingAttachment
    form = AttachmentForm
    fields = ["file", "title", "order", "size"]
    readonly_fields = ["size"]


class MinutesEventInline(AuditTrailInline):
    model = MeetingMinutesEvent


@admin.register(MeetingMinutes)
class MeetingMinutesAdmin(_EventAdmin):
    form = MinutesForm
    inlines = [AttachmentInline, MinutesEventInline]
    list_display = ["meeting", "agency", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["meeting__title"]
    list_select_related = ["meeting", "agency"]
    preview_template = "interaction/events/meeting_detail.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[MeetingMinutes]:
        return access_events.minutes_queryset_for(request.user).select_related("meeting", "agency")

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "meeting":
            kwargs["queryset"] = access.scope_queryset(
                Meeting.objects.published(), request.user, roles=[Role.DRAFTER]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"meeting": request.GET.get("meeting")}

    def preview_context(self, request: HttpRequest, obj: MeetingMinutes) -> dict[str, Any]:
        return {
            "meeting": obj.meeting,
            "minutes": obj,
            "attachments": list(obj.attachments.all()),
            **super().preview_context(request, obj),
        }

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("attachment/<int:pk>/", wrap(self.attachment_view),
                 name="interaction_meetingminutes_attachment"),
            *super().get_urls(),
        ]  # fmt: skip

    def attachment_view(self, request: StaffRequest, pk: int) -> FileResponse:
        item = get_object_or_404(access_events.attachment_queryset_for(request.user), pk=pk)
        return _file(item, as_attachment=True)


# --- Applications to attend ---------------------------------------------------------------


class DecisionForm(forms.ModelForm):
    user: Any = None  # set per request by MeetingApplicationAdmin.get_form

    class Meta:
        model = MeetingApplication
        fields = ["decision", "decline_reason", "decision_note"]
        widgets = {"decision_note": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") in {Decision.ACCEPTED, Decision.DECLINED}:
            # The errors on the form; the service checks again under the lock when saving.
            try:
                events.check_decision(
                    application=MeetingApplication.objects.select_related("meeting").get(
                        pk=self.instance.pk
                    ),
                    user=self.user,
                    decision=data["decision"],
                    decline_reason=data.get("decline_reason") or "",
                )
            except (ValidationError, PermissionDenied) as error:
                raise ValidationError(error_text(error)) from error
        return data


@admin.register(MeetingApplication)
class MeetingApplicationAdmin(admin.ModelAdmin):
    """Applications, with the applicants' data, to the roles that handle the public's data;
    the only change is the decision (``events.application_decide``)."""

    form = DecisionForm
    list_display = ["meeting", "number", "submitted_at", "decision", "decided_at"]
    list_filter = ["decision"]
    list_select_related = ["meeting"]
    search_fields = ["meeting__title"]
    readonly_fields = ["meeting", "number", "submitted_at", "name", "id_type", "id_number",
                       "mobile", "email", "reason", "decided_by", "decided_at",
                       "anonymised_at"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["meeting", "number", "submitted_at"]}),
        (gettext_lazy("Applicant (never published)"),
         {"fields": ["name", "id_type", "id_number", "mobile", "email", "reason"]}),
        (gettext_lazy("Decision"),
         {"fields": ["decision", "decline_reason", "decision_note", "decided_by", "decided_at",
                     "anonymised_at"]}),
    ]  # fmt: skip

    def get_queryset(self, request: HttpRequest) -> QuerySet[MeetingApplication]:
        return access_events.application_queryset_for(request.user).select_related("meeting")

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        application = self.get_queryset(request).filter(pk=object_id).first()
        if (
            request.method == "GET"
            and response.status_code == 200
            and application is not None
            and application.anonymised_at is None
        ):
            assert isinstance(request.user, User)
            events.application_access_record(
                user=request.user, application=application, page=request.get_full_path()
            )
        return response

    def get_form(
        self,
        request: HttpRequest,
        obj: MeetingApplication | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm[MeetingApplication]]:
        form = super().get_form(request, obj, change, **kwargs)
        return cast(
            "type[forms.ModelForm[MeetingApplication]]",
            type("DecisionFormForUser", (form,), {"user": request.user}),
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # applications come from the public form only

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_view_permission(request)
        return obj.anonymised_at is None and events.can_handle_applications(
            request.user, obj.meeting.agency_id
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # erased by the retention sweep, with the decision kept

    def save_model(
        self,
        request: HttpRequest,
        obj: MeetingApplication,
        form: forms.ModelForm[MeetingApplication],
        change: bool,
    ) -> None:
        assert isinstance(request.user, User)
        data = form.cleaned_data
        if data["decision"] == Decision.PENDING:
            return
        try:
            events.application_decide(
                application=obj,
                user=request.user,
                decision=data["decision"],
                decline_reason=data.get("decline_reason", ""),
                note=data.get("decision_note", ""),
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, error_text(error))


@admin.register(ApplicationAccess)
class ApplicationAccessAdmin(admin.ModelAdmin):
    """Who saw meeting applicants' data: read-only, for the office head and the privacy officer
    of the meeting's agency."""

    fields = ("at", "user", "application_link", "page")
    list_display = list(fields)
    readonly_fields = fields
    # By meeting title or staff user name: never by the applicant's data.
    search_fields = ["application__meeting__title", "user__username"]
    date_hierarchy = "at"
    list_select_related = ["user", "application__meeting"]
    list_per_page = 100

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApplicationAccess]:
        return events.application_access_log_for(request.user).select_related(
            "user", "application__meeting"
        )

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> ApplicationAccess:
        found = super().get_object(request, object_id, from_field)
        if found is None:
            raise Http404  # another agency's record: as if it did not exist
        return found

    @admin.display(description=gettext_lazy("application to attend"))
    def application_link(self, obj: ApplicationAccess) -> str:
        url = reverse("admin:interaction_meetingapplication_change", args=[obj.application_id])
        return format_html('<a href="{}">{}</a>', url, str(obj.application))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return events.can_read_application_access_log(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return events.can_read_application_access_log(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
