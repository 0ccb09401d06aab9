"""The public API of power items (/api/v1/power-items/): published items with their basis,
responsibilities and (on one item) change history. A withdrawn item answers 410 Gone with its
notice; drafts and revisions are never reachable."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema

from django.db.models import QuerySet
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from disclosure.models import Document
from portal.api_cache import PublicListAPIView, api_site, scope_to_site
from powers import selectors, versions
from powers.filters import PowerItemFilter
from powers.models import PowerItem, PowerItemVersion, Responsibility
from publishing.api import ConditionalRetrieveMixin, StandardPagination, withdrawn_response
from publishing.models import Status
from publishing.serializers import AbsoluteUrlField, AgencyRefSerializer, WithdrawnSerializer


class PowerResponsibilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Responsibility
        fields = ["duty", "accountability_basis"]


class PowerBasisDocumentSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()

    class Meta:
        model = Document
        fields = ["id", "title", "url"]


class PowerItemVersionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    changes = serializers.SerializerMethodField(help_text="What changed, one line each.")

    class Meta:
        model = PowerItemVersion
        fields = ["number", "kind", "kind_label", "recorded_at", "reason", "changes"]

    def get_changes(self, version: PowerItemVersion) -> list[str]:
        return [line.text() for line in versions.describe(version.changes)]


class PowerItemSerializer(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display")
    sub_items = serializers.ListField(child=serializers.CharField(), source="sub_item_list")
    basis_documents = PowerBasisDocumentSerializer(
        many=True, source="published_basis_documents", help_text="Published documents only."
    )
    responsibilities = PowerResponsibilitySerializer(many=True)
    agency = AgencyRefSerializer()
    url = AbsoluteUrlField()

    class Meta:
        model = PowerItem
        fields = ["id", "code", "name", "category", "category_label", "sub_items", "basis",
                  "basis_documents", "agency", "office", "responsibilities",
                  "accountability_cases", "contact_phone", "supervision_phone", "notes",
                  "version", "published_at", "updated_at", "url"]  # fmt: skip


class PowerItemDetailSerializer(PowerItemSerializer):
    history = PowerItemVersionSerializer(many=True, source="versions")

    class Meta(PowerItemSerializer.Meta):
        fields = [*PowerItemSerializer.Meta.fields, "history"]


class PowerItemListAPI(PublicListAPIView):
    serializer_class = PowerItemSerializer
    filterset_class = PowerItemFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[PowerItem]:
        return selectors.published()


class PowerItemDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    """One item, with its change history. A withdrawn item answers 410 Gone with its notice."""

    serializer_class = PowerItemDetailSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[PowerItem]:
        return scope_to_site(selectors.public_items(), api_site(self.request))

    @extend_schema(
        responses={
            200: PowerItemDetailSerializer,
            410: OpenApiResponse(WithdrawnSerializer, description="Withdrawn"),
        }
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        if item.status == Status.WITHDRAWN:
            return withdrawn_response(item)
        return self.conditional(request, item, self.get_serializer(item).data)
