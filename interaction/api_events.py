"""The public API of online interviews and public meetings (/api/v1/interviews/,
/api/v1/meetings/): published announcements with their published transcript or minutes; a
withdrawn one answers 410 Gone with its notice. Applications to attend are never in it — only
their counts."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from disclosure.filters import agency_and_below
from disclosure.models import Document
from interaction import events, selectors_events
from interaction.models.events import (
    Interview,
    InterviewGuest,
    InterviewMedia,
    Meeting,
    MeetingAttachment,
)
from portal.api_cache import PublicListAPIView, api_site, scope_to_site
from publishing.api import ConditionalRetrieveMixin, StandardPagination, withdrawn_response
from publishing.models import Status
from publishing.serializers import AbsoluteUrlField, AgencyRefSerializer, WithdrawnSerializer

GONE = {410: OpenApiResponse(WithdrawnSerializer, description="Withdrawn")}

# --- Filters ------------------------------------------------------------------------------


class _EventFilter(django_filters.FilterSet):
    agency = django_filters.CharFilter(
        method=agency_and_below, label=_("Agency code (includes its sub-agencies)")
    )
    starts_after = django_filters.DateFilter(
        field_name="starts_at__date", lookup_expr="gte", label=_("Takes place on or after")
    )
    starts_before = django_filters.DateFilter(
        field_name="starts_at__date", lookup_expr="lte", label=_("Takes place on or before")
    )


class InterviewFilter(_EventFilter):
    class Meta:
        model = Interview
        fields: list[str] = []


class MeetingFilter(_EventFilter):
    class Meta:
        model = Meeting
        fields: list[str] = []


# --- Shapes -------------------------------------------------------------------------------


class InterviewDocumentSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()

    class Meta:
        model = Document
        fields = ["id", "index_number", "title", "url"]


class InterviewGuestSerializer(serializers.ModelSerializer):
    class Meta:
        model = InterviewGuest
        fields = ["name", "post"]


class InterviewMediaSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()

    class Meta:
        model = InterviewMedia
        fields = ["kind", "title", "alt_text", "content_type", "size", "url"]


class MeetingAttachmentSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()
    title = serializers.CharField(source="__str__")

    class Meta:
        model = MeetingAttachment
        fields = ["title", "content_type", "size", "url"]


class InterviewSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer()
    guests = InterviewGuestSerializer(many=True)
    phase = serializers.CharField()
    url = AbsoluteUrlField()

    class Meta:
        model = Interview
        fields = ["id", "title", "agency", "starts_at", "ends_at", "phase", "guests",
                  "published_at", "url"]  # fmt: skip


class InterviewDetailSerializer(InterviewSerializer):
    documents = InterviewDocumentSerializer(source="published_documents", many=True)
    transcript = serializers.SerializerMethodField()
    media = serializers.SerializerMethodField()

    class Meta(InterviewSerializer.Meta):
        fields = [*InterviewSerializer.Meta.fields, "summary", "documents", "transcript",
                  "media", "updated_at"]  # fmt: skip

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_transcript(self, obj: Interview) -> str | None:
        record = self.context["records"].get(obj.pk)
        return record.transcript if record else None

    @extend_schema_field(InterviewMediaSerializer(many=True))
    def get_media(self, obj: Interview) -> list[dict[str, Any]]:
        record = self.context["records"].get(obj.pk)
        items = record.media.all() if record else []
        return list(InterviewMediaSerializer(items, many=True, context=self.context).data)


class MeetingSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer()
    url = AbsoluteUrlField()

    class Meta:
        model = Meeting
        fields = ["id", "title", "agency", "starts_at", "ends_at", "place", "seats",
                  "applications_open_at", "applications_close_at", "published_at",
                  "url"]  # fmt: skip


class MeetingDetailSerializer(MeetingSerializer):
    applied = serializers.SerializerMethodField()
    accepted = serializers.SerializerMethodField()
    minutes = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "agenda", "contact", "applied", "accepted",
                  "minutes", "attachments", "updated_at"]  # fmt: skip

    def get_applied(self, obj: Meeting) -> int:
        return int(self.context["counts"].applied)

    def get_accepted(self, obj: Meeting) -> int:
        return int(self.context["counts"].accepted)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_minutes(self, obj: Meeting) -> str | None:
        minutes = self.context["minutes"]
        return minutes.text if minutes else None

    @extend_schema_field(MeetingAttachmentSerializer(many=True))
    def get_attachments(self, obj: Meeting) -> list[dict[str, Any]]:
        minutes = self.context["minutes"]
        items = minutes.attachments.all() if minutes else []
        return list(MeetingAttachmentSerializer(items, many=True, context=self.context).data)


# --- Views --------------------------------------------------------------------------------


class InterviewListAPI(PublicListAPIView):
    serializer_class = InterviewSerializer
    filterset_class = InterviewFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[Interview]:
        return selectors_events.published_interviews().order_by("-starts_at", "-id")


class InterviewDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = InterviewDetailSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Interview]:
        # Within the site asked about, as the lists (portal.api_cache).
        interviews = selectors_events.public_interviews().prefetch_related(
            "guests", selectors_events.published_documents_prefetch()
        )
        return scope_to_site(interviews, api_site(self.request))

    @extend_schema(responses={200: InterviewDetailSerializer, **GONE})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        interview = self.get_object()
        if interview.status == Status.WITHDRAWN:
            return withdrawn_response(interview)
        context = {
            **self.get_serializer_context(),
            "records": {interview.pk: selectors_events.published_record(interview)},
        }
        data = InterviewDetailSerializer(interview, context=context).data
        return self.conditional(request, interview, data)


class MeetingListAPI(PublicListAPIView):
    """Published meetings; no applications (their names and numbers stay private)."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[Meeting]:
        return selectors_events.published_meetings().order_by("-starts_at", "-id")


class MeetingDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = MeetingDetailSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Meeting]:
        return scope_to_site(selectors_events.public_meetings(), api_site(self.request))

    @extend_schema(responses={200: MeetingDetailSerializer, **GONE})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = self.get_object()
        if meeting.status == Status.WITHDRAWN:
            return withdrawn_response(meeting)
        context = {
            **self.get_serializer_context(),
            "counts": events.application_counts(meeting),
            "minutes": selectors_events.published_minutes(meeting),
        }
        data = MeetingDetailSerializer(meeting, context=context).data
        return self.conditional(request, meeting, data)
