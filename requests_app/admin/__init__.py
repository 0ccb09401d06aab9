"""The staff back office for information requests (依申请公开).

Every page fetches through ``requests_app.access``: another agency's requests answer 404 and are
absent from lists. Nothing about a request is edited directly, so its page is read-only (no
save button): the applicant's request at the top, the state and the deadline, the actions the
state machine allows (one page per move of ``handling.TRANSITIONS``, each a small form calling
the matching service; registration (Art 31) and the offline entry form (Art 29) call
``intake``), the append-only timeline, and only the sections that have rows. Reviews
(行政复议/行政诉讼) are recorded on their own page (``ReviewAdmin``), linked from the request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ForeignKey, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters

from portal import access, admin_marks
from portal.models import StaffRole
from portal.typed import StaffRequest, StrOrPromise
from requests_app import access as request_access
from requests_app import deadlines, handling, inbox, intake, letters, privacy, releases, timeline
from requests_app.admin import page
from requests_app.admin.forms import (
    OFFLINE_APPLICANT_FIELDS,
    OFFLINE_REQUEST_FIELDS,
    OfflineEntryForm,
    RegisterForm,
    ReleasedFileForm,
)
from requests_app.admin.inlines import (
    CorrectionInline,
    DeadlineFilter,
    ExtensionInline,
    FeeNoticeInline,
    HandlerFilter,
    PauseInline,
    ReadOnlyInline,
    RequestFileInline,
    ReviewInline,
    SplitRequestInline,
    ThirdPartyNoticeInline,
    VolumeInquiryInline,
)
from requests_app.models import (
    Answer,
    InformationRequest,
    PersonalDataAccess,
    ReleasedFile,
    RequestFile,
    Review,
    Status,
    ThirdPartyNotice,
)

if TYPE_CHECKING:
    from django.contrib.admin.options import InlineModelAdmin, _FieldsetSpec
    from django.forms import ModelChoiceField

Role = StaffRole.Role
RUNNING = [Status.RECEIVED, Status.IN_PROGRESS]


def _error_text(error: ValidationError | PermissionDenied) -> str:
    return "; ".join(getattr(error, "messages", None) or [str(error)])


def _consultation_closed_late(info_request: InformationRequest, action: str) -> str:
    """Domain-spec §8: a consultation closed after its reply due date paused the answer period
    only until then; say so, since the due date moved less than the pause lasted."""
    kinds = {"third_party_replied": "third_party", "agency_replied": "agency"}
    if action not in kinds:
        return ""
    pause = info_request.pauses.filter(kind=kinds[action]).order_by("-id").first()
    if pause is None or not pause.reply_due or not pause.ended_on:
        return ""
    if pause.ended_on <= pause.reply_due:
        return ""
    return _(
        "The consultation was closed after its reply due date %(date)s: the answer period "
        "stopped only until that day."
    ) % {"date": pause.reply_due.isoformat()}


def _has_value(model_admin: Any, obj: InformationRequest, name: str) -> bool:
    value = getattr(model_admin, name)(obj) if hasattr(model_admin, name) else getattr(obj, name)
    return value not in (None, "", "-")


# --- The request admin ----------------------------------------------------------------------

RECORD_FIELDS = ["tracking_number", "kind", "split_from", "agency", "status", "channel",
                 "submitted_at", "received_on", "due_display", "handler", "corrected_on",
                 "outcome", "answered_on", "closed_on", "pseudonymised_on"]  # fmt: skip
PERSONAL_FIELDS = ["name", "id_type", "id_number_display", "legal_representative",
                   "contact_person", "phone", "email", "address", "postcode"]  # fmt: skip
MASKED_FIELDS = ["masked_name", "id_type", "masked_id_number", "masked_phone", "masked_email"]
REQUEST_FIELDS = ["description", "document_title", "document_number", "purpose",
                  "delivery_method", "delivery_form", "fee_waiver"]  # fmt: skip


@admin.register(InformationRequest)
class InformationRequestAdmin(admin.ModelAdmin):
    list_display = ["tracking_number", "masked_name", "applicant_type", "agency", "status",
                    "received_on", "due_display", "deadline_mark", "handler"]  # fmt: skip
    list_filter = ["status", DeadlineFilter, HandlerFilter, "channel", "applicant_type", "outcome"]
    # By tracking number only: personal data are encrypted and are never a search key.
    search_fields = ["tracking_number"]
    list_select_related = ["agency", "handler"]
    list_per_page = 50
    inlines = [CorrectionInline, PauseInline, ExtensionInline, FeeNoticeInline,
               VolumeInquiryInline, ThirdPartyNoticeInline, SplitRequestInline,
               RequestFileInline, ReviewInline]  # fmt: skip
    change_form_template = "admin/requests_app/informationrequest/change_form.html"
    change_list_template = "admin/requests_app/informationrequest/change_list.html"

    # Access: scoped lists; 404 for another agency's request on every page.
    def get_queryset(self, request: HttpRequest) -> QuerySet[InformationRequest]:
        return request_access.request_queryset_for(request.user).select_related("agency", "handler")

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> InformationRequest:
        if not str(object_id).isdigit():
            raise Http404
        return request_access.get_request_for(request.user, int(object_id))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.is_superuser(request.user) or bool(
            access.agency_ids_for(request.user, [Role.HANDLER])
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Never: the request moves only through its workflow pages, so its page is the admin's
        # read-only view (no save button, no inputs; a POST to it is refused).
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # requests are records (annual report, reviews): closed, never deleted

    def _sections(
        self, request: HttpRequest, obj: InformationRequest | None
    ) -> list[tuple[StrOrPromise, list[str]]]:
        personal = obj is not None and request_access.can_see_personal_data(request.user, obj)
        applicant = ["applicant_type", "organisation_type",
                     *(PERSONAL_FIELDS if personal else MASKED_FIELDS), "credit_code"]  # fmt: skip
        sections: list[tuple[StrOrPromise, list[str]]] = [
            (_("Information requested"), REQUEST_FIELDS),
            (_("Applicant (Art 29)"), applicant),
            (_("Record"), RECORD_FIELDS),
        ]
        if obj is None:
            return sections
        # Only what there is: an empty field is a line of "-" to read past.
        return [
            (title, [f for f in fields if _has_value(self, obj, f)]) for title, fields in sections
        ]

    def get_fieldsets(
        self, request: HttpRequest, obj: InformationRequest | None = None
    ) -> _FieldsetSpec:
        return [
            (title, {"fields": tuple(fields)}) for title, fields in self._sections(request, obj)
        ]

    def get_readonly_fields(
        self, request: HttpRequest, obj: InformationRequest | None = None
    ) -> list[str]:
        return [field for _title, fields in self._sections(request, obj) for field in fields]

    def get_inline_instances(
        self, request: HttpRequest, obj: InformationRequest | None = None
    ) -> list[InlineModelAdmin[Any, Any]]:
        instances = super().get_inline_instances(request, obj)
        if obj is None or not request_access.can_see_personal_data(request.user, obj):
            instances = [i for i in instances if not isinstance(i, RequestFileInline)]
        # A read-only record with no rows (no correction, no fee...) is an empty table: leave
        # it out, so the page shows only what happened.
        return [
            inline for inline in instances
            if not isinstance(inline, ReadOnlyInline) or obj is None
            or inline.get_queryset(request).filter(**{inline.fk_name or "request": obj}).exists()
        ]  # fmt: skip

    def save_model(
        self, request: HttpRequest, obj: InformationRequest, form: Any, change: bool
    ) -> None:
        """Nothing of the request itself is saved here (only the reviews inline)."""

    # Columns and read-only displays.
    @admin.display(description=gettext_lazy("applicant"))
    def masked_name(self, obj: InformationRequest) -> str:
        return privacy.mask_name(obj.name)

    @admin.display(description=gettext_lazy("ID number"))
    def masked_id_number(self, obj: InformationRequest) -> str:
        return privacy.mask_id(obj.id_number)

    @admin.display(description=gettext_lazy("phone"))
    def masked_phone(self, obj: InformationRequest) -> str:
        return privacy.mask_phone(obj.phone)

    @admin.display(description=gettext_lazy("e-mail"))
    def masked_email(self, obj: InformationRequest) -> str:
        return privacy.mask_email(obj.email)

    @admin.display(description=gettext_lazy("fee waiver requested"))
    def fee_waiver(self, obj: InformationRequest) -> str:
        """In words (not the admin's ✓/✗ icon, whose text is English); empty when not asked."""
        if not obj.fee_waiver_requested:
            return ""
        return obj.fee_waiver_reason or _("Yes")

    @admin.display(description=gettext_lazy("ID number"))
    def id_number_display(self, obj: InformationRequest) -> str:
        """Masked until staff click to show it (so it is not on screen by default)."""
        if not obj.id_number:
            return "-"
        return format_html(
            "<details><summary>{} ({})</summary><code>{}</code></details>",
            privacy.mask_id(obj.id_number), _("show"), obj.id_number,
        )  # fmt: skip

    @admin.display(description=gettext_lazy("answer due"), ordering="due_date")
    def due_display(self, obj: InformationRequest) -> str:
        if obj.due_date is None:
            return "-"
        if obj.due_provisional:
            return format_html(
                '{} <span title="{}">({})</span>',
                obj.due_date.isoformat(),
                _("The working-day arrangement for this year is not official yet."),
                _("provisional"),
            )
        return obj.due_date.isoformat()

    @admin.display(description=gettext_lazy("deadline"), ordering="due_date")
    def deadline_mark(self, obj: InformationRequest) -> str:
        """In words: overdue by N working days, due today, N working days left."""
        if obj.status not in RUNNING or obj.due_date is None:
            return admin_marks.request_deadline(None)
        return admin_marks.request_deadline(
            deadlines.workdays_left(obj.due_date, timezone.localdate())
        )

    # Pages.
    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("inbox/", wrap(self.inbox_view), name="requests_app_inbox"),
            path("<int:pk>/register/", wrap(self.register_view), name="requests_app_register"),
            path("<int:pk>/workflow/<str:action>/", wrap(self.workflow_view),
                 name="requests_app_workflow"),
            path("<int:pk>/letter.pdf", wrap(self.letter_pdf_view),
                 name="requests_app_letter_pdf"),
            path("<int:pk>/released-files/", wrap(self.released_files_view),
                 name="requests_app_released_files"),
            path("<int:pk>/publish/", wrap(self.publish_view), name="requests_app_publish"),
            path("released-file/<int:pk>/", wrap(self.released_file_view),
                 name="requests_app_released_file"),
            path("applicant-file/<int:pk>/", wrap(self.applicant_file_view),
                 name="requests_app_applicant_file"),
            path("third-party-notice/<int:pk>/", wrap(self.third_party_notice_view),
                 name="requests_app_third_party_notice"),
            *super().get_urls(),
        ]  # fmt: skip

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if not str(object_id).isdigit():
            raise Http404
        info_request = request_access.get_request_for(request.user, int(object_id))
        if request.method == "POST":
            raise PermissionDenied  # read-only: every change is a step of the workflow
        personal = request_access.can_see_personal_data(request.user, info_request)
        if personal:
            assert isinstance(request.user, User)  # the admin is behind the staff login
            request_access.personal_data_access_record(
                user=request.user,
                info_request=info_request,
                what=PersonalDataAccess.What.DETAILS,
                page=request.path,
            )
        answer = getattr(info_request, "answer", None)
        extra_context = {
            **(extra_context or {}),
            "title": _("Request %(number)s") % {"number": info_request.tracking_number},
            "actions": page.actions_for(request.user, info_request),
            "deadline": page.deadline_for(info_request, timezone.localdate()),
            "timeline": timeline.timeline_for(
                info_request,
                move_labels={name: move.label for name, move in handling.TRANSITIONS.items()},
            ),
            "show_letter": personal,
            "answer": answer,
            "released_files": list(answer.files.all()) if answer else [],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _context(
        self, request: HttpRequest, info_request: InformationRequest, **extra: Any
    ) -> dict[str, Any]:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": info_request,
            "info_request": info_request,
            "change_url": reverse(
                "admin:requests_app_informationrequest_change", args=[info_request.pk]
            ),
            **extra,
        }

    def _render_step(
        self, request: HttpRequest, info_request: InformationRequest, **extra: Any
    ) -> TemplateResponse:
        # Every step shows the applicant's request beside its form (masked as the role needs).
        context = self._context(
            request,
            info_request,
            request_items=page.request_summary(info_request),
            applicant_items=page.applicant_summary(request.user, info_request),
            deadline=page.deadline_for(info_request, timezone.localdate()),
            **extra,
        )
        return TemplateResponse(request, "admin/requests_app/informationrequest/step.html", context)

    def workflow_view(self, request: StaffRequest, pk: int, action: str) -> HttpResponse:
        if action not in handling.TRANSITIONS:
            raise Http404
        info_request = request_access.get_request_for(request.user, pk)
        form_class = handling.TRANSITIONS[action].form_class
        data = request.POST if request.method == "POST" else None
        form = form_class(data, info_request=info_request) if form_class else None
        label = handling.TRANSITIONS[action].label
        personal = request_access.can_see_personal_data(request.user, info_request)
        preview = ""
        if (
            action == "answer"
            and request.method == "POST"
            and "_preview" in request.POST
            and form is not None
            and form.is_valid()
        ):
            # What the applicant will read, from the service that sends it; nothing is saved.
            try:
                preview = handling.answer_preview(
                    info_request=info_request, user=request.user, **form.cleaned_data
                )
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, _error_text(error))
                by_field = getattr(error, "error_dict", None)
                if (
                    isinstance(error, ValidationError)
                    and by_field
                    and set(by_field) <= set(form.fields)
                ):
                    form.add_error(None, error)
        elif request.method == "POST" and (form is None or form.is_valid()):
            values = form.cleaned_data if form else {}
            try:
                # The service is one transaction: on an error nothing of the move is saved.
                handling.TRANSITIONS.perform(action, info_request, request.user, values)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, _error_text(error))
                # Field errors of the answer rules (check_answer) go next to their fields.
                by_field = getattr(error, "error_dict", None)
                if (
                    form is not None
                    and isinstance(error, ValidationError)
                    and by_field
                    and set(by_field) <= set(form.fields)
                ):
                    form.add_error(None, error)
            else:
                messages.success(request, _("%(action)s: done.") % {"action": label})
                late = _consultation_closed_late(info_request, action)
                if late:
                    messages.warning(request, late)
                return HttpResponseRedirect(
                    reverse("admin:requests_app_informationrequest_change", args=[pk])
                )
        return self._render_step(
            request,
            info_request,
            title=f"{label} · {info_request.tracking_number}",
            action_label=label,
            action=action,
            consequence=page.CONSEQUENCES[action],
            form=form,
            allowed=handling.can_perform(info_request, request.user, action),
            # The letter names the applicant: only for those who may see their data.
            can_preview=action == "answer" and personal,
            preview=preview if personal else "",
        )

    def register_view(self, request: StaffRequest, pk: int) -> HttpResponse:
        """Art 31: an online request counts from the day both sides confirm; the proposed date
        is the day it was submitted, or the next working day."""
        info_request = request_access.get_request_for(request.user, pk)
        proposed = intake.proposed_receipt_date(info_request)
        form = RegisterForm(
            request.POST if request.method == "POST" else None,
            info_request=info_request,
            # Registered on the weekend or holiday it came in: both sides confirm today, and
            # the proposal (the next working day) would be refused as a future date.
            initial={"received_on": min(proposed, timezone.localdate())},
        )
        if request.method == "POST" and form.is_valid():
            try:
                intake.request_register(
                    info_request=info_request,
                    user=request.user,
                    received_on=form.cleaned_data["received_on"],
                )
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(request, _("The request was registered."))
                return HttpResponseRedirect(
                    reverse("admin:requests_app_informationrequest_change", args=[pk])
                )
        allowed = info_request.status == Status.SUBMITTED and access.can_act(
            request.user, info_request.agency_id, Role.HANDLER
        )
        return self._render_step(
            request,
            info_request,
            title=_("Register · %(number)s") % {"number": info_request.tracking_number},
            action_label=_("Register"),
            consequence=page.CONSEQUENCES["register"],
            form=form,
            allowed=allowed,
            help=_("Proposed receipt date: %(date)s (submitted %(submitted)s).")
            % {
                "date": proposed.isoformat(),
                "submitted": timezone.localtime(info_request.submitted_at).strftime(
                    "%Y-%m-%d %H:%M"
                ),
            },
        )

    @method_decorator(sensitive_post_parameters())  # applicants' data stays out of error reports
    def add_view(
        self,
        request: HttpRequest,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """Offline entry (Art 29) instead of the generic add form."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        assert isinstance(request.user, User)  # the admin is behind the staff login
        form = OfflineEntryForm(
            request.POST if request.method == "POST" else None, user=request.user
        )
        if request.method == "POST" and form.is_valid():
            try:
                submission = intake.request_enter_offline(
                    info_request=form.save(commit=False),
                    user=request.user,
                    channel=form.cleaned_data["channel"],
                    received_on=form.cleaned_data["received_on"],
                    note=form.cleaned_data["note"],
                )
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, _error_text(error))
            else:
                created = submission.request
                assert created.due_date is not None  # received: the answer clock runs
                # Shown once: only a hash of the access code is stored.
                messages.success(
                    request,
                    _("Request %(number)s was entered; answer due %(due)s. Access code for the "
                      "applicant (shown only this once): %(code)s")
                    % {"number": created.tracking_number, "due": created.due_date.isoformat(),
                       "code": intake.format_access_code(submission.access_code)},
                )  # fmt: skip
                return HttpResponseRedirect(
                    reverse("admin:requests_app_informationrequest_change", args=[created.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Enter a request received offline (Art 29)"),
            "form": form,
            "sections": [
                (_("Receipt"), ["agency", "channel", "received_on", "note"]),
                (_("Applicant (Art 29)"), OFFLINE_APPLICANT_FIELDS),
                (_("Information requested"), OFFLINE_REQUEST_FIELDS),
            ],
        }
        return TemplateResponse(
            request, "admin/requests_app/informationrequest/offline_entry.html", context
        )

    # The answer: letter PDF, released files, Art 44 publication.
    def _answer_of(self, request: StaffRequest, pk: int) -> tuple[InformationRequest, Answer]:
        info_request = request_access.get_request_for(request.user, pk)
        answer = getattr(info_request, "answer", None)
        if answer is None:
            raise Http404
        return info_request, answer

    def letter_pdf_view(self, request: StaffRequest, pk: int) -> HttpResponse:
        info_request, answer = self._answer_of(request, pk)
        render_pdf = letters.render_letter_pdf
        if not request_access.can_see_personal_data(request.user, info_request):
            raise Http404
        try:
            pdf = render_pdf(answer)
        except RuntimeError as error:  # letters.PdfUnavailable: WeasyPrint or Pango missing
            messages.error(request, str(error))
            return HttpResponseRedirect(
                reverse("admin:requests_app_informationrequest_change", args=[pk])
            )
        request_access.personal_data_access_record(
            user=request.user,
            info_request=info_request,
            what=PersonalDataAccess.What.LETTER,
            page=request.path,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{info_request.tracking_number}.pdf"'
        )
        return response

    def released_files_view(self, request: StaffRequest, pk: int) -> HttpResponse:
        info_request, answer = self._answer_of(request, pk)
        add_file = releases.released_file_add
        form = ReleasedFileForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
        )
        if request.method == "POST" and form.is_valid():
            try:
                add_file(answer=answer, upload=form.cleaned_data["file"], user=request.user)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(request, _("The file was added."))
                return HttpResponseRedirect(request.path)
        return self._render_step(
            request,
            info_request,
            title=_("Released files · %(number)s") % {"number": info_request.tracking_number},
            action_label=_("Upload"),
            consequence=page.RELEASED_FILES,
            form=form,
            multipart=True,
            allowed=access.can_act(request.user, info_request.agency_id, Role.HANDLER),
            released_files=list(answer.files.all()),
        )

    def publish_view(self, request: StaffRequest, pk: int) -> HttpResponse:
        """Art 44: information asked for by several applicants may be published proactively."""
        info_request, answer = self._answer_of(request, pk)
        publish = releases.answer_publish_proactively
        if request.method == "POST":
            try:
                document = publish(answer=answer, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(
                    request,
                    _("Draft for proactive disclosure created: %(title)s. It is published "
                      "after the usual review.") % {"title": document.title},
                )  # fmt: skip
                return HttpResponseRedirect(
                    reverse("admin:disclosure_document_change", args=[document.pk])
                )
        return self._render_step(
            request,
            info_request,
            title=_("Publish as proactive disclosure (Art 44) · %(number)s")
            % {"number": info_request.tracking_number},
            action_label=_("Publish as proactive disclosure (Art 44)"),
            consequence=page.PUBLISH,
            form=None,
            allowed=access.can_act(request.user, info_request.agency_id, Role.DRAFTER),
            help=_("The information released by this answer becomes a draft document for "
                   "proactive disclosure, without the applicant's personal data; it is published "
                   "after the usual review."),
        )  # fmt: skip

    def released_file_view(self, request: StaffRequest, pk: int) -> FileResponse:
        released = get_object_or_404(ReleasedFile.objects.select_related("answer"), pk=pk)
        request_access.get_request_for(request.user, released.answer.request_id)
        return FileResponse(
            released.file.open("rb"),
            as_attachment=True,
            filename=released.original_name,
            content_type=released.content_type,
        )

    def applicant_file_view(self, request: StaffRequest, pk: int) -> FileResponse:
        upload = get_object_or_404(RequestFile, pk=pk)
        info_request = request_access.get_request_for(request.user, upload.request_id)
        if not request_access.can_see_personal_data(request.user, info_request):
            raise PermissionDenied
        request_access.personal_data_access_record(
            user=request.user,
            info_request=info_request,
            what=PersonalDataAccess.What.FILE,
            page=request.path,
            file=upload,
        )
        return FileResponse(
            upload.file.open("rb"),
            as_attachment=True,
            filename=upload.original_name,
            content_type=upload.content_type,
        )

    def third_party_notice_view(self, request: StaffRequest, pk: int) -> HttpResponse:
        """Art 32: the written notice to the third party, as kept (HTML) or as a PDF."""
        notice = get_object_or_404(ThirdPartyNotice.objects.select_related("request"), pk=pk)
        info_request = request_access.get_request_for(request.user, notice.request_id)
        if request.GET.get("format") == "pdf":
            try:
                pdf = letters.render_third_party_notice_pdf(notice)
            except RuntimeError as error:  # letters.PdfUnavailable
                messages.error(request, str(error))
                return HttpResponseRedirect(
                    reverse("admin:requests_app_informationrequest_change", args=[info_request.pk])
                )
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = (
                f'attachment; filename="{info_request.tracking_number}-third-party.pdf"'
            )
            return response
        context = self._context(
            request, info_request, title=_("Notice to a third party (Art 32)"), notice=notice
        )
        return TemplateResponse(
            request, "admin/requests_app/informationrequest/third_party_notice.html", context
        )

    def inbox_view(self, request: StaffRequest) -> HttpResponse:
        tab = request.GET.get("tab", inbox.TAB_AGENCY)
        if tab not in inbox.TABS:
            tab = inbox.TAB_AGENCY
        today = timezone.localdate()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Inbox"),
            "tab": tab,
            "tabs": list(inbox.TABS.items()),
            "rows": inbox.inbox_rows(request.user, tab, today),
            "limit": inbox.INBOX_LIMIT,
            "repeated_subjects": inbox.repeated_subjects_for(request.user),
            "today": today,
        }
        return TemplateResponse(
            request, "admin/requests_app/informationrequest/inbox.html", context
        )


# --- Reviews --------------------------------------------------------------------------------


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["request", "kind", "filed_on", "body", "case_number", "result", "decided_on"]
    list_filter = ["kind", "result"]
    search_fields = ["case_number", "request__tracking_number"]
    list_select_related = ["request"]
    autocomplete_fields = ["request"]
    fields = ["request", "kind", "filed_on", "body", "case_number", "result", "decided_on", "note"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Review]:
        return request_access.review_queryset_for(request.user).select_related("request")

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Review:
        review = super().get_object(request, object_id, from_field)
        if review is None:
            raise Http404  # another agency's review: as if it did not exist
        return review

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "request":
            kwargs["queryset"] = access.scope_queryset(
                InformationRequest.objects.all(), request.user, roles=request_access.REQUEST_ROLES
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.is_superuser(request.user) or bool(
            access.agency_ids_for(request.user, request_access.REQUEST_ROLES)
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        return request_access.can_work_on(request.user, obj.request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # counted in the annual report (table 四)

    # Recorded from the request's page ("Record a review"): back to that page afterwards.
    def _back_to_request(self, obj: Review) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse("admin:requests_app_informationrequest_change", args=[obj.request_id])
        )

    def response_post_save_add(self, request: HttpRequest, obj: Review) -> HttpResponseRedirect:
        return self._back_to_request(obj)

    def response_post_save_change(self, request: HttpRequest, obj: Review) -> HttpResponseRedirect:
        return self._back_to_request(obj)


from requests_app.admin import access_log  # noqa: E402, F401
