"""The public API of enforcement decisions (/api/v1/enforcement-decisions/): decisions on
display only (published, within their 公示期), with the party's published name (a natural
person masked as 张*); never the full name of a person or any ID number, not even masked."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from enforcement import selectors
from enforcement.filters import DecisionFilter
from enforcement.models import Decision
from portal.api_cache import PublicListAPIView, api_site, scope_to_site
from powers.models import PowerItem
from publishing.api import ConditionalRetrieveMixin, StandardPagination
from publishing.serializers import AbsoluteUrlField, AgencyRefSerializer


class DecisionPowerItemSerializer(serializers.ModelSerializer):
    """The power item (权力清单) a decision was made under."""

    url = AbsoluteUrlField()

    class Meta:
        model = PowerItem
        fields = ["id", "code", "name", "url"]


class DecisionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    subject_type_label = serializers.CharField(source="get_subject_type_display")
    subject_name = serializers.CharField(source="public_subject_name")
    credit_code = serializers.CharField(source="public_credit_code")
    legal_representative = serializers.CharField(source="public_legal_representative")
    decision = serializers.CharField(source="decision_text")
    public_until = serializers.DateField()
    agency = AgencyRefSerializer()
    power_item = DecisionPowerItemSerializer(allow_null=True)
    url = AbsoluteUrlField()

    class Meta:
        model = Decision
        fields = ["id", "kind", "kind_label", "number", "subject_type", "subject_type_label",
                  "subject_name", "credit_code", "legal_representative", "summary",
                  "legal_basis", "decision", "amount", "decision_date", "public_until",
                  "agency", "power_item", "published_at", "url"]  # fmt: skip


class DecisionListAPI(PublicListAPIView):
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[Decision]:
        return selectors.on_display()


class DecisionDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = DecisionSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Decision]:
        return scope_to_site(selectors.on_display(), api_site(self.request))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        decision = self.get_object()
        return self.conditional(request, decision, self.get_serializer(decision).data)
