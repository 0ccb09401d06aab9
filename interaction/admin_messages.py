"""The back office of the message box: the agency inbox (sorted by due date, overdue first),
each message with its handling steps (route, offices, notes, extension, error confirmed, draft
reply), the replies in the shared review-and-publish workflow, and the kinds and desks.

The steps are the services of ``interaction.handling``; this module only collects their input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interaction import clock, handling, intake
from interaction.models import (
    ContactAccess,
    Message,
    MessageDesk,
    MessageEvent,
    MessageFile,
    MessageKind,
    MessageOffice,
    MessageReply,
    ProgressNote,
    ReplyEvent,
)
from portal import access
from portal.models import Agency, StaffRole
from portal.typed import StaffRequest
from publishing.admin import AuditTrailInline, ScreenedReviewForm, WorkflowAdminMixin, error_text
from requests_app import privacy

Role = StaffRole.Role


# --- The forms of the handling steps --------------------------------------------------------


class RouteForm(forms.Form):
    to = forms.ModelChoiceField(label=gettext_lazy("Route to"), queryset=Agency.objects.none())
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )

    def __init__(self, *args: Any, message: Message, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = handling.routing_targets(message)


class AssignForm(forms.Form):
    lead = forms.ModelChoiceField(
        label=gettext_lazy("Lead office (承办)"), queryset=Agency.objects.none()
    )
    assisting = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Assisting offices (协办)"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args: Any, message: Message, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own = message.agency
        lead = self.fields["lead"]
        assisting = self.fields["assisting"]
        assert isinstance(lead, forms.ModelChoiceField)
        assert isinstance(assisting, forms.ModelMultipleChoiceField)
        lead.queryset = Agency.objects.active().filter(path__startswith=own.path).order_by("path")
        assisting.queryset = Agency.objects.active().order_by("path")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        return {"lead": data.get("lead"), "assisting": list(data.get("assisting") or [])}


class NoteForm(forms.Form):
    office = forms.ModelChoiceField(
        label=gettext_lazy("Handling office"), queryset=Agency.objects.none()
    )
    text = forms.CharField(
        label=gettext_lazy("Progress note"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, message: Message, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = [message.agency_id, *message.offices.values_list("agency_id", flat=True)]
        field = self.fields["office"]
        assert isinstance(field, forms.ModelChoiceField)
        queryset = Agency.objects.filter(pk__in=offices)
        if not access.is_superuser(user):
            queryset = queryset.filter(pk__in=access.agency_ids_for(user))
        field.queryset = queryset


class ExtendForm(forms.Form):
    workdays = forms.IntegerField(
        label=gettext_lazy("Extension (working days)"),
        min_value=1,
        max_value=handling.MAX_EXTENSION_WORKDAYS,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (the citizen reads it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConfirmErrorForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("What is wrong and how it will be corrected"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DraftReplyForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Reply"), widget=forms.Textarea(attrs={"rows": 10}))
    show_publicly = forms.BooleanField(
        label=gettext_lazy("Publish question and reply on the site"),
        required=False,
        help_text=gettext_lazy(
            "Only when the citizen agreed. The published question is the one edited on the "
            "message (personal data masked); the citizen's name is never shown."
        ),
    )


def _handling_steps() -> dict[str, tuple[Any, str, Callable[..., Any]]]:
    """step → (form class, label, service)."""
    return {
        "route": (RouteForm, _("Route to another agency (转办)"), handling.message_route),
        "assign": (AssignForm, _("Name the lead and assisting offices"), handling.message_assign),
        "note": (NoteForm, _("Add a progress note"), handling.note_add),
        "extend": (ExtendForm, _("Extend the reply period"), handling.message_extend),
        "confirm_error": (
            ConfirmErrorForm,
            _("Confirm the reported error"),
            handling.correction_confirm,
        ),
        "draft_reply": (DraftReplyForm, _("Draft the reply"), handling.reply_draft),
    }


def _can(user: User, message: Message, step: str) -> bool:
    if step == "note":
        offices = {message.agency_id, *message.offices.values_list("agency_id", flat=True)}
        return any(access.is_staff_of(user, office) for office in offices)
    if not message.is_open and step != "confirm_error":
        return False
    if step == "extend":
        return (
            access.can_act(user, message.agency_id, Role.OFFICE_HEAD)
            and not message.extension_workdays
        )
    if step == "confirm_error":
        return (
            message.document_id is not None
            and message.correction_confirmed_at is None
            and (access.can_act(user, message.agency_id, Role.HANDLER))
        )
    if step == "draft_reply":
        return access.can_act(user, handling.lead_office(message), Role.DRAFTER)
    return access.can_act(user, message.agency_id, Role.HANDLER)


# --- Messages -----------------------------------------------------------------------------


class MessageFileInline(admin.TabularInline):
    model = MessageFile
    readonly_fields = (
        "download",
        "content_type",
        "size",
    )
    fields = readonly_fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("file"))
    def download(self, obj: MessageFile) -> str:
        url = reverse("admin:interaction_message_file", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OfficeInline(_ReadOnlyInline):
    model = MessageOffice

    readonly_fields = (
        "agency",
        "role",
        "assigned_by",
        "assigned_at",
    )
    fields = readonly_fields


class NoteInline(_ReadOnlyInline):
    model = ProgressNote

    readonly_fields = (
        "created_at",
        "office",
        "author",
        "text",
    )
    fields = readonly_fields


class EventInline(_ReadOnlyInline):
    model = MessageEvent

    readonly_fields = (
        "created_at",
        "step",
        "actor",
        "actor_label",
        "note",
        "public_note",
    )
    fields = readonly_fields

    @admin.display(description=gettext_lazy("action"))
    def step(self, obj: MessageEvent) -> str:
        return str(intake.EVENT_LABELS.get(obj.action, obj.action))


class ReplyInline(_ReadOnlyInline):
    model = MessageReply
    readonly_fields = (
        "open_reply",
        "agency",
        "status",
        "show_publicly",
        "published_at",
    )
    fields = readonly_fields

    @admin.display(description=gettext_lazy("reply"))
    def open_reply(self, obj: MessageReply) -> str:
        url = reverse("admin:interaction_messagereply_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.text[:40])


class PublicTextForm(forms.ModelForm):
    class Meta:
        model = Message
        fields = ["public_subject", "public_text"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The inbox: the messages of the user's agencies and offices, the earliest due first."""

    form = PublicTextForm
    list_display = ["tracking_number", "subject_masked", "kind", "agency", "status",
                    "received_on", "due_on", "days_left"]  # fmt: skip
    list_filter = ["status", "kind", "to_leader"]
    search_fields = ["tracking_number", "public_subject"]
    list_select_related = ["kind", "agency"]
    ordering = ["due_on", "id"]
    inlines = [OfficeInline, NoteInline, ReplyInline, MessageFileInline, EventInline]
    change_form_template = "admin/interaction/message/change_form.html"
    readonly_fields = ["tracking_number", "kind", "agency", "first_agency", "to_leader", "subject",
                       "text", "subject_masked", "text_masked", "name", "mobile", "email",
                       "name_display", "mobile_display",
                       "email_display", "publication_consent", "document_link",
                       "correction_type", "correction_confirmed_at", "status", "received_on",
                       "due_on", "extension_workdays", "extension_reason", "replied_on",
                       "reopened_on", "rating", "rating_comment"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["tracking_number", "status", "kind", "agency", "first_agency",
                           "to_leader", "subject_masked", "text_masked", "document_link",
                           "correction_type",
                           "correction_confirmed_at"]}),
        (gettext_lazy("Reply clock"), {"fields": ["received_on", "due_on", "extension_workdays",
                                                  "extension_reason", "replied_on",
                                                  "reopened_on"]}),
        (gettext_lazy("The citizen (never published)"), {"fields": [
            "name_display", "mobile_display", "email_display", "publication_consent"]}),
        (gettext_lazy("As published (personal data masked)"), {"fields": ["public_subject",
                                                                          "public_text"]}),
        (gettext_lazy("Rating"), {"fields": ["rating", "rating_comment"]}),
    ]  # fmt: skip

    def get_queryset(self, request: HttpRequest) -> QuerySet[Message]:
        assert isinstance(request.user, User)
        return handling.visible_messages(request.user).select_related("kind", "agency")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # messages come from the public form

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_view_permission(request)
        # Only the published wording of the question is edited here, before the reply is
        # reviewed (the screening at approval sees what is published).
        return handling.public_text_editable(obj) and (
            access.can_act(request.user, obj.agency_id, Role.HANDLER)
            or access.can_act(request.user, handling.lead_office(obj), Role.DRAFTER)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    # The citizen's contacts and own words: in full for those who answer citizens (handlers,
    # office heads, the privacy officer), masked for drafters, reviewers and publishers
    # (个人信息保护法 Art 6): ``get_fieldsets`` shows the fields or these masks.
    CONTACTS = ("name", "mobile", "email", "subject", "text")
    MASKED_CONTACTS = (
        "name_display", "mobile_display", "email_display", "subject_masked", "text_masked"
    )  # fmt: skip

    def get_fieldsets(self, request: HttpRequest, obj: Message | None = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not handling.sees_contacts(request.user, obj):
            return fieldsets
        swap = dict(zip(self.MASKED_CONTACTS, self.CONTACTS, strict=True))
        return [
            (title, {**options, "fields": [swap.get(str(f), f) for f in options["fields"]]})
            for title, options in fieldsets
        ]

    @admin.display(description=gettext_lazy("subject"))
    def subject_masked(self, obj: Message) -> str:
        return handling.staff_subject(obj)

    @admin.display(description=gettext_lazy("message"))
    def text_masked(self, obj: Message) -> str:
        return obj.public_text or handling.masked_copy(obj, obj.text)

    @admin.display(description=gettext_lazy("name"))
    def name_display(self, obj: Message) -> str:
        return privacy.mask_name(obj.name)

    @admin.display(description=gettext_lazy("mobile"))
    def mobile_display(self, obj: Message) -> str:
        return privacy.mask_phone(obj.mobile)

    @admin.display(description=gettext_lazy("e-mail"))
    def email_display(self, obj: Message) -> str:
        if not obj.email:
            return "—"
        return privacy.mask_email(obj.email)

    @admin.display(description=gettext_lazy("working days left"))
    def days_left(self, obj: Message) -> str:
        if not obj.is_open:
            return "—"
        left = clock.workdays_left(obj)
        return _("overdue by %(days)d") % {"days": -left} if left < 0 else str(left)

    @admin.display(description=gettext_lazy("document"))
    def document_link(self, obj: Message) -> str:
        if obj.document is None:
            return "—"
        url = reverse("admin:disclosure_document_change", args=[obj.document_id])
        return format_html(
            '<a href="{}">{}</a> ({})', url, obj.document.title, _("correct it in the document")
        )

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/step/<str:step>/", wrap(self.step_view), name="interaction_message_step"
            ),
            path("file/<int:pk>/", wrap(self.file_view), name="interaction_message_file"),
            *super().get_urls(),
        ]

    def _message(self, request: HttpRequest, pk: int) -> Message:
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        message = self._message(request, int(object_id))
        assert isinstance(request.user, User)
        steps = [
            (step, label)
            for step, (_form, label, _service) in _handling_steps().items()
            if _can(request.user, message, step)
        ]
        context = {"handling_steps": steps, **(extra_context or {})}
        if request.method == "GET" and handling.sees_contacts(request.user, message):
            handling.contact_access_record(
                user=request.user, message=message, what=ContactAccess.What.DETAILS,
                page=request.get_full_path(),
            )  # fmt: skip
        return super().change_view(request, object_id, form_url, context)

    def _step_form(self, step: str, message: Message, user: User, data: Any) -> forms.Form:
        form_class = _handling_steps()[step][0]
        if step in ("route", "assign"):
            return form_class(data, message=message)
        if step == "note":
            return form_class(data, message=message, user=user)
        if step == "draft_reply":
            return form_class(data, initial={"show_publicly": message.publication_consent})
        return form_class(data)

    def step_view(self, request: StaffRequest, pk: int, step: str) -> HttpResponse:
        if step not in _handling_steps():
            raise Http404
        message = self._message(request, pk)
        user = request.user
        _form_class, label, service = _handling_steps()[step]
        form = self._step_form(
            step, message, user, request.POST if request.method == "POST" else None
        )
        change_url = reverse("admin:interaction_message_change", args=[message.pk])
        if request.method == "POST" and form.is_valid():
            try:
                result = service(message=message, user=user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, _("%(action)s: done.") % {"action": label})
                if isinstance(result, MessageReply):
                    return HttpResponseRedirect(
                        reverse("admin:interaction_messagereply_change", args=[result.pk])
                    )
                if not self.get_queryset(request).filter(pk=message.pk).exists():
                    # Routed out of the user's agencies: back to their inbox.
                    return HttpResponseRedirect(reverse("admin:interaction_message_changelist"))
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": message,
            "subject": (
                message.subject
                if handling.sees_contacts(user, message)
                else handling.staff_subject(message)
            ),
            "title": f"{label} · {message.tracking_number}",
            "action_label": label,
            "form": form,
            "allowed": _can(user, message, step),
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/interaction/message/step.html", context)

    def file_view(self, request: StaffRequest, pk: int) -> FileResponse:
        attached = get_object_or_404(MessageFile, pk=pk)
        message = self._message(request, attached.message_id)  # 404 unless it may be seen
        if not handling.sees_contacts(request.user, message):
            # The citizen's files may hold personal data, as their contacts do.
            raise PermissionDenied
        handling.contact_access_record(
            user=request.user, message=message, what=ContactAccess.What.FILE,
            page=request.get_full_path(),
        )  # fmt: skip
        try:
            handle = attached.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        return FileResponse(
            handle,
            as_attachment=True,
            filename=attached.original_name,
            content_type=attached.content_type or "application/octet-stream",
        )


# --- Replies --------------------------------------------------------------------------------


class ReplyEventInline(AuditTrailInline):
    model = ReplyEvent


class ReplyForm(forms.ModelForm):
    class Meta:
        model = MessageReply
        fields = ["text", "show_publicly"]


@admin.register(MessageReply)
class MessageReplyAdmin(WorkflowAdminMixin[MessageReply], admin.ModelAdmin):
    """Replies in review and publication. Publishing sends the reply to the citizen."""

    form = ReplyForm
    list_display = ["message", "agency", "status", "show_publicly", "published_at"]
    list_filter = ["status", "show_publicly"]
    search_fields = ["message__tracking_number"]
    list_select_related = ["message", "agency"]
    inlines = [ReplyEventInline]
    readonly_fields = ["message_link", "agency", "status", "drafter", "reviewer", "publisher",
                       "review_result", "review_notes", "published_at",
                       "public_question"]  # fmt: skip
    fields = ["message_link", "agency", "status", "public_question", "text", "show_publicly",
              "drafter", "reviewer", "publisher", "review_result", "review_notes",
              "published_at"]  # fmt: skip
    change_form_template = "admin/interpretation/interpretation/change_form.html"
    preview_template = "interaction/message_detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}

    def get_queryset(self, request: HttpRequest) -> QuerySet[MessageReply]:
        assert isinstance(request.user, User)
        visible = handling.visible_messages(request.user).values("pk")
        return MessageReply.objects.filter(message__in=visible).select_related("message", "agency")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # drafted from the message (“Draft the reply”)

    def get_workflow_object(self, request: HttpRequest, pk: int) -> MessageReply:
        reply: MessageReply = get_object_or_404(self.get_queryset(request), pk=pk)
        return reply

    def preview_context(self, request: HttpRequest, obj: MessageReply) -> dict[str, Any]:
        message = obj.message
        message.public_replies = [obj]
        if message.replied_on is None:
            message.replied_on = timezone.localdate()
        return {"message": message}

    @admin.display(description=gettext_lazy("message"))
    def message_link(self, obj: MessageReply) -> str:
        url = reverse("admin:interaction_message_change", args=[obj.message_id])
        return format_html('<a href="{}">{}</a>', url, obj.message)

    @admin.display(description=gettext_lazy("question as published"))
    def public_question(self, obj: MessageReply) -> str:
        return f"{obj.message.public_subject}\n{obj.message.public_text}"

    def save_model(
        self,
        request: HttpRequest,
        obj: MessageReply,
        form: forms.ModelForm[MessageReply],
        change: bool,
    ) -> None:
        if obj.show_publicly and not obj.message.publication_consent:
            obj.show_publicly = False
            messages.warning(
                request,
                _("The citizen did not agree to publication: the reply will only be sent to them."),
            )
        super().save_model(request, obj, form, change)


# --- Who saw citizens' contacts -------------------------------------------------------------


_LOG_FIELDS = ("at", "user", "message_link", "what", "page")


@admin.register(ContactAccess)
class ContactAccessAdmin(admin.ModelAdmin):
    """Read-only, for the office head and the privacy officer of the message's agency."""

    list_display = list(_LOG_FIELDS)
    list_filter = ["what"]
    # By message number or staff user name: never by the citizen's data.
    search_fields = ["message__tracking_number", "user__username"]
    date_hierarchy = "at"
    list_select_related = ["user", "message"]
    fields = _LOG_FIELDS
    readonly_fields = _LOG_FIELDS
    list_per_page = 100

    def get_queryset(self, request: HttpRequest) -> QuerySet[ContactAccess]:
        return handling.contact_log_for(request.user).select_related("user", "message")

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> ContactAccess:
        found = super().get_object(request, object_id, from_field)
        if found is None:
            raise Http404  # another agency's record: as if it did not exist
        return found

    @admin.display(description=gettext_lazy("message"), ordering="message")
    def message_link(self, obj: ContactAccess) -> str:
        url = reverse("admin:interaction_message_change", args=[obj.message_id])
        return format_html('<a href="{}">{}</a>', url, obj.message.tracking_number)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return handling.can_read_contact_log(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return handling.can_read_contact_log(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- Kinds and desks (site operators) ------------------------------------------------------


class _SiteSettingsAdmin(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.is_superuser(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.is_superuser(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.is_superuser(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.is_superuser(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # kinds and desks are switched off, so that old messages keep them


@admin.register(MessageKind)
class MessageKindAdmin(_SiteSettingsAdmin):
    list_display = [
        "name",
        "code",
        "reply_workdays",
        "on_form",
        "is_correction",
        "is_active",
        "order",
    ]
    list_editable = ["reply_workdays", "is_active", "order"]


@admin.register(MessageDesk)
class MessageDeskAdmin(_SiteSettingsAdmin):
    list_display = ["agency", "is_open", "leader_box"]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency"]
