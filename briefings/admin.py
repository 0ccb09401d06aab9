"""The back office of press conferences: announcements (with their speakers) and, after the
conference, its transcript and media, both through the shared workflow pages
(``publishing.admin.DraftingAdminMixin``). Every list and page is scoped to the user's agencies
through ``briefings.access``; uploads are checked by their content (``briefings.media``)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import ForeignKey, ManyToManyField, Q, QuerySet
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from briefings import access as briefing_access
from briefings import drafting, media, selectors
from briefings.models import (
    SINGLE_MEDIA,
    Conference,
    ConferenceEvent,
    ConferenceMedia,
    ConferenceRecord,
    ConferenceRecordEvent,
    MediaKind,
    Speaker,
)
from disclosure import access as disclosure_access
from disclosure.models import Document
from interpretation import access as interpretation_access
from interpretation.models import Interpretation
from portal import access
from portal.models import StaffRole
from portal.typed import Fieldsets, StaffRequest
from publishing import admin_events
from publishing import media as publishing_media
from publishing.admin import (
    AuditTrailInline,
    DraftingAdminMixin,
    ScreenedReviewForm,
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
RECORD_FIELDS = ["status", "published_at", "drafter", "reviewer", "publisher", "review_result",
                 "review_notes"]  # fmt: skip


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
            drafting.check_drafter(instance, user=self.user)
        except forms.ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class _BriefingAdmin(DraftingAdminMixin, admin.ModelAdmin):
    change_form_template = admin_events.CHANGE_FORM_TEMPLATE
    preview_template = "briefings/conference_detail.html"
    workflow_forms = {"approve": ScreenedReviewForm}
    readonly_fields = RECORD_FIELDS

    def save_draft(self, request: StaffRequest, obj: Any, form: forms.ModelForm[Any]) -> None:
        drafting.draft_save(obj=obj, user=request.user)


# --- Conferences (the announcement) -------------------------------------------------------


class ConferenceForm(DraftForm):
    class Meta:
        model = Conference
        fields = ["agency", "kind", "title", "starts_at", "place", "announcement", "documents",
                  "interpretations"]  # fmt: skip
        widgets = {
            "announcement": forms.Textarea(attrs={"rows": 8, "class": "vLargeTextField"}),
        }


class SpeakerInline(OfficialInline):
    model = Speaker
    verbose_name_plural = gettext_lazy(
        "Speakers: officials speaking in office (department heads, the spokesperson), published"
    )


class ConferenceEventInline(AuditTrailInline):
    model = ConferenceEvent


@admin.register(Conference)
class ConferenceAdmin(_BriefingAdmin):
    form = ConferenceForm
    inlines = [SpeakerInline, ConferenceEventInline]
    list_display = ["title", "kind", "agency", "starts_at", "status", "published_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "place"]
    list_select_related = ["agency"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["documents", "interpretations"]

    def get_fieldsets(self, request: HttpRequest, obj: Conference | None = None) -> Fieldsets:
        main: Fieldsets = [
            (None, {"fields": ["agency", "kind", "title", "starts_at", "place", "announcement"]}),
            (gettext_lazy("What it presents"), {"fields": ["documents", "interpretations"]}),
        ]
        if obj is not None:
            main.insert(0, (gettext_lazy("Record"), {"fields": [*RECORD_FIELDS]}))
        return main

    def get_queryset(self, request: HttpRequest) -> QuerySet[Conference]:
        return briefing_access.conference_queryset_for(request.user).select_related("agency")

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        # The user's agencies' items that are not withdrawn, and anything published.
        if db_field.name == "documents":
            own = disclosure_access.document_queryset_for(request.user)
            kwargs["queryset"] = Document.objects.filter(
                Q(pk__in=own.exclude(status=Status.WITHDRAWN).values("pk"))
                | Q(status=Status.PUBLISHED)
            )
        elif db_field.name == "interpretations":
            own_interpretations = interpretation_access.interpretation_queryset_for(request.user)
            kwargs["queryset"] = Interpretation.objects.filter(
                Q(pk__in=own_interpretations.exclude(status=Status.WITHDRAWN).values("pk"))
                | Q(status=Status.PUBLISHED)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_workflow_object(self, request: HttpRequest, pk: int) -> Conference:
        return briefing_access.get_conference_for(request.user, pk)

    def preview_context(self, request: HttpRequest, obj: Conference) -> dict[str, Any]:
        return {**selectors.conference_page(obj), "preview_status": obj.get_status_display()}

    def change_extra_context(self, request: HttpRequest, obj: Conference) -> dict[str, Any]:
        return {
            "follow_up": ("briefings_conferencerecord", "conference", _("Transcript and media"))
        }


# --- The record: transcript and media ---------------------------------------------------


class RecordForm(DraftForm):
    class Meta:
        model = ConferenceRecord
        fields = ["conference", "transcript"]
        widgets = {"transcript": forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"})}


class MediaForm(EventMediaForm):
    class Meta(EventMediaForm.Meta):
        model = ConferenceMedia

    inspect = staticmethod(media.inspect_media)


def _one_file_of(kind: str) -> str:
    return _("A conference has at most one %(kind)s file.") % {"kind": MediaKind(kind).label}


class MediaFormSet(publishing_media.OnePerKindFormSet):
    single_kinds = {kind: partial(_one_file_of, kind) for kind in SINGLE_MEDIA}


class MediaInline(EventMediaInline):
    model = ConferenceMedia
    form = MediaForm
    formset = MediaFormSet
    verbose_name_plural = gettext_lazy(
        "Media: pictures (in order), the video, its poster image and its captions (WebVTT)"
    )


class RecordEventInline(AuditTrailInline):
    model = ConferenceRecordEvent


@admin.register(ConferenceRecord)
class ConferenceRecordAdmin(_BriefingAdmin):
    form = RecordForm
    inlines = [MediaInline, RecordEventInline]
    # The record takes its conference's agency: no agency field on the form.
    drafter_agency_fields = ()
    list_display = ["conference", "agency", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["conference__title"]
    list_select_related = ["conference", "agency"]

    def get_fieldsets(self, request: HttpRequest, obj: ConferenceRecord | None = None) -> Fieldsets:
        main: Fieldsets = [(None, {"fields": ["conference", "transcript"]})]
        if obj is not None:
            main.insert(0, (gettext_lazy("Record"), {"fields": [*RECORD_FIELDS]}))
        return main

    def get_queryset(self, request: HttpRequest) -> QuerySet[ConferenceRecord]:
        return briefing_access.record_queryset_for(request.user).select_related(
            "conference", "agency"
        )

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "conference":
            # Records of the conferences of the agencies where the user drafts.
            kwargs["queryset"] = access.scope_queryset(
                Conference.objects.exclude(status=Status.WITHDRAWN),
                request.user,
                roles=[Role.DRAFTER],
            ).order_by("-starts_at")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"conference": request.GET.get("conference")}

    def get_workflow_object(self, request: HttpRequest, pk: int) -> ConferenceRecord:
        return briefing_access.get_record_for(request.user, pk)

    def preview_context(self, request: HttpRequest, obj: ConferenceRecord) -> dict[str, Any]:
        return {
            **selectors.conference_page(obj.conference, record=obj),
            "preview_status": obj.get_status_display(),
        }

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("media/<int:pk>/", wrap(self.media_view), name="briefings_media_staff"),
            *super().get_urls(),
        ]

    def media_view(self, request: StaffRequest, pk: int) -> HttpResponseBase:
        """A media file in any status, for its agency's staff (the preview)."""
        return staff_media_response(request, briefing_access.media_queryset_for(request.user), pk)
