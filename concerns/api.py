"""The public API of responses to public concerns (/api/v1/concern-responses/): published
responses with their own fields and links only; the register of concerns is not in the API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer

from django.db.models import QuerySet
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response as APIResponse

from concerns import selectors
from concerns.filters import ResponseFilter
from concerns.models import Response
from disclosure.models import Document
from interpretation.models import Interpretation
from portal.api_cache import PublicListAPIView, api_site, scope_to_site
from publishing.api import ConditionalRetrieveMixin, StandardPagination
from publishing.serializers import AbsoluteUrlField, AgencyRefSerializer


@extend_schema_serializer(component_name="ConcernResponseInterpretation")
class LinkedInterpretationSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()

    class Meta:
        model = Interpretation
        fields = ["id", "title", "url"]


@extend_schema_serializer(component_name="ConcernResponseDocument")
class LinkedDocumentSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()

    class Meta:
        model = Document
        fields = ["id", "title", "url"]


class ResponseSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    agency = AgencyRefSerializer()
    interpretations = LinkedInterpretationSerializer(many=True)
    documents = LinkedDocumentSerializer(many=True)
    url = AbsoluteUrlField()

    class Meta:
        model = Response
        fields = ["id", "title", "kind", "kind_label", "at_press_conference", "text", "agency",
                  "interpretations", "documents", "published_at", "url"]  # fmt: skip


class ResponseListAPI(PublicListAPIView):
    serializer_class = ResponseSerializer
    filterset_class = ResponseFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[Response]:
        return selectors.published()


class ResponseDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = ResponseSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Response]:
        # Within the site asked about, as the list (portal.api_cache).
        return scope_to_site(selectors.published(), api_site(self.request))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> APIResponse:
        response = self.get_object()
        data = self.get_serializer(response).data
        return self.conditional(request, response, data)
