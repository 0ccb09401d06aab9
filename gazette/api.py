"""The public API of the gazettes (/api/v1/gazette-issues/): published issues, with their
tables of contents in the detail (each line with its document's public page and API address
when it prints one) and the PDF's address and size."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field

from django.db.models import QuerySet
from django.urls import reverse
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from gazette import selectors
from gazette.filters import IssueFilter
from gazette.models import Entry, Gazette, Issue
from portal.api_cache import PublicListAPIView, api_site, scope_to_site
from publishing.api import ConditionalRetrieveMixin, StandardPagination
from publishing.serializers import AbsoluteUrlField, AgencyRefSerializer


def _absolute(serializer: serializers.Field, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class GazetteRefSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer()

    class Meta:
        model = Gazette
        fields = ["slug", "title", "agency"]


class GazetteIssueSerializer(serializers.ModelSerializer):
    gazette = GazetteRefSerializer()
    title = serializers.CharField(source="citation")
    pdf_url = serializers.SerializerMethodField()
    pdf_size = serializers.SerializerMethodField()
    url = AbsoluteUrlField()

    class Meta:
        model = Issue
        fields = ["id", "gazette", "year", "number", "total_number", "title",
                  "publication_date", "summary", "pdf_url", "pdf_size", "pdf_pages",
                  "published_at", "url"]  # fmt: skip

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf_url(self, obj: Issue) -> str | None:
        return _absolute(self, obj.get_pdf_url()) if obj.pdf else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_pdf_size(self, obj: Issue) -> int | None:
        return obj.pdf_size if obj.pdf else None


class GazetteEntrySerializer(serializers.ModelSerializer):
    section = serializers.CharField(source="section.name")
    title = serializers.CharField()
    doc_number = serializers.CharField()
    document_url = serializers.SerializerMethodField()
    document_api_url = serializers.SerializerMethodField()

    class Meta:
        model = Entry
        fields = ["section", "order", "title", "doc_number", "page", "document_url",
                  "document_api_url"]  # fmt: skip

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_document_url(self, obj: Entry) -> str | None:
        if obj.document is None:
            return None
        return _absolute(self, obj.document.get_absolute_url())

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_document_api_url(self, obj: Entry) -> str | None:
        if obj.document_id is None:
            return None
        return _absolute(self, reverse("api:document-detail", kwargs={"pk": obj.document_id}))


class GazetteIssueDetailSerializer(GazetteIssueSerializer):
    contents = GazetteEntrySerializer(source="entries", many=True)

    class Meta(GazetteIssueSerializer.Meta):
        fields = [*GazetteIssueSerializer.Meta.fields, "contents"]


class IssueListAPI(PublicListAPIView):
    serializer_class = GazetteIssueSerializer
    filterset_class = IssueFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[Issue]:
        return selectors.published_issues().select_related("gazette__agency")


class IssueDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = GazetteIssueDetailSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Issue]:
        issues = selectors.with_entries(selectors.published_issues()).select_related(
            "gazette__agency"
        )
        return scope_to_site(issues, api_site(self.request))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        issue = self.get_object()
        return self.conditional(request, issue, self.get_serializer(issue).data)
