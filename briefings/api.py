"""The public API of press conferences (/api/v1/conferences/): published conferences only,
announced ones included, with their speakers, the published documents and interpretations they
present, and the latest published record (the sanitised transcript and its media files).

Each list and conference is the site's asked about (``api_site``: the host's, or
``?site=<host>``), with the documents and interpretations it shows; another site's conference
is a 404."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer

from django.db.models import QuerySet
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from briefings import selectors
from briefings.filters import ConferenceFilter
from briefings.models import Conference, ConferenceMedia, ConferenceRecord, Speaker
from briefings.transcripts import sanitize_transcript
from disclosure.models import Document
from interpretation.models import Interpretation
from portal.api_cache import PublicListAPIView, view_site
from publishing.api import ConditionalRetrieveMixin, StandardPagination
from publishing.serializers import AbsoluteUrlField, AgencyRefSerializer


class SpeakerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["name", "post"]


@extend_schema_serializer(component_name="ConferenceDocument")
class LinkedDocumentSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()

    class Meta:
        model = Document
        fields = ["id", "title", "doc_number", "url"]


@extend_schema_serializer(component_name="ConferenceInterpretation")
class LinkedInterpretationSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()

    class Meta:
        model = Interpretation
        fields = ["id", "title", "url"]


class MediaSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()

    class Meta:
        model = ConferenceMedia
        fields = ["kind", "title", "alt_text", "content_type", "size", "url"]


class RecordSerializer(serializers.ModelSerializer):
    transcript = serializers.SerializerMethodField(
        help_text="HTML, sanitised (headings, paragraphs, lists, tables, links)."
    )
    media = MediaSerializer(many=True)

    class Meta:
        model = ConferenceRecord
        fields = ["transcript", "published_at", "media"]

    def get_transcript(self, obj: ConferenceRecord) -> str:
        return sanitize_transcript(obj.transcript)


class ConferenceSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    phase = serializers.CharField(help_text="upcoming (an announcement) or held.")
    agency = AgencyRefSerializer()
    speakers = SpeakerSerializer(many=True)
    documents = LinkedDocumentSerializer(many=True, source="published_documents")
    interpretations = LinkedInterpretationSerializer(many=True, source="published_interpretations")
    record = serializers.SerializerMethodField()
    url = AbsoluteUrlField()

    class Meta:
        model = Conference
        fields = ["id", "kind", "kind_label", "phase", "title", "agency", "starts_at", "place",
                  "announcement", "speakers", "documents", "interpretations", "record",
                  "published_at", "url"]  # fmt: skip

    @extend_schema_field(RecordSerializer(allow_null=True))
    def get_record(self, obj: Conference) -> dict[str, Any] | None:
        records = getattr(obj, "published_records", [])
        if not records:
            return None
        return dict(RecordSerializer(records[0], context=self.context).data)


class ConferenceListAPI(PublicListAPIView):
    serializer_class = ConferenceSerializer
    filterset_class = ConferenceFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[Conference]:
        return selectors.for_api(view_site(self))


class ConferenceDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = ConferenceSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Conference]:
        return selectors.for_api(view_site(self))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        conference = self.get_object()
        data = self.get_serializer(conference).data
        return self.conditional(request, conference, data)
