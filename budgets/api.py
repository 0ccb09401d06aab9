"""The public API of budgets and final accounts (/api/v1/budgets/): published disclosures only,
with their totals and "三公" expenses in 万元, the tables they include, their documents, the
timeliness under 预算法 第十四条 and, on one disclosure, the comparison of final accounts with
the budget of the same year."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field

from django.db.models import QuerySet
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from budgets import comparison, deadlines, selectors
from budgets.filters import BudgetDisclosureFilter
from budgets.models import BudgetAttachment, BudgetDisclosure
from portal.api_cache import PublicListAPIView, api_site, scope_to_site
from publishing.api import ConditionalRetrieveMixin, StandardPagination
from publishing.serializers import AbsoluteUrlField, AgencyRefSerializer

AMOUNT = {"max_digits": 14, "decimal_places": 2}


class BudgetAttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__")
    url = AbsoluteUrlField()

    class Meta:
        model = BudgetAttachment
        fields = ["name", "content_type", "size", "url"]


class ComparisonLineSerializer(serializers.Serializer):
    key = serializers.CharField()
    budget = serializers.DecimalField(**AMOUNT, allow_null=True)  # type: ignore[arg-type]
    final = serializers.DecimalField(**AMOUNT, allow_null=True)  # type: ignore[arg-type]
    difference = serializers.DecimalField(**AMOUNT, allow_null=True)  # type: ignore[arg-type]
    percent = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)


class BudgetDisclosureSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    kind_name = serializers.CharField(
        read_only=True, help_text="部门预算, 部门决算, 政府预算 or 政府决算."
    )
    agency = AgencyRefSerializer()
    table_names = serializers.ListField(child=serializers.CharField(), read_only=True)
    three_public_total = serializers.DecimalField(**AMOUNT, allow_null=True, read_only=True)  # type: ignore[arg-type]
    due_date = serializers.SerializerMethodField()
    published_on = serializers.SerializerMethodField()
    on_time = serializers.SerializerMethodField()
    url = AbsoluteUrlField()

    class Meta:
        model = BudgetDisclosure
        fields = ["id", "title", "kind", "scope", "kind_name", "year", "agency", "region",
                  "approval_date", "approved_by", "due_date", "published_on", "on_time",
                  "tables", "table_names", "total_income", "total_expenditure",
                  "three_public_total", "outbound_travel", "vehicle_purchase",
                  "vehicle_operation", "reception", "url"]  # fmt: skip

    def get_due_date(self, obj: BudgetDisclosure) -> str:
        return deadlines.due_date(obj.approval_date).isoformat()

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_published_on(self, obj: BudgetDisclosure) -> str | None:
        day = deadlines.published_on(obj)
        return day.isoformat() if day else None

    def get_on_time(self, obj: BudgetDisclosure) -> bool:
        return deadlines.timeliness(obj) == deadlines.Timeliness.ON_TIME


class BudgetDisclosureDetailSerializer(BudgetDisclosureSerializer):
    attachments = BudgetAttachmentSerializer(many=True)
    comparison = serializers.SerializerMethodField()

    class Meta(BudgetDisclosureSerializer.Meta):
        fields = [*BudgetDisclosureSerializer.Meta.fields, "description",
                  "variance_explanation", "attachments", "comparison"]  # fmt: skip

    @extend_schema_field(ComparisonLineSerializer(many=True, allow_null=True))
    def get_comparison(self, obj: BudgetDisclosure) -> list[dict[str, Any]] | None:
        found = comparison.compare(obj)
        if found is None:
            return None
        return [
            ComparisonLineSerializer(
                {"key": line.key, "budget": line.budget, "final": line.final,
                 "difference": line.difference, "percent": line.percent}
            ).data
            for line in found.lines
        ]  # fmt: skip


class BudgetDisclosureListAPI(PublicListAPIView):
    serializer_class = BudgetDisclosureSerializer
    filterset_class = BudgetDisclosureFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[BudgetDisclosure]:
        return selectors.published_disclosures()


class BudgetDisclosureDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = BudgetDisclosureDetailSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[BudgetDisclosure]:
        return scope_to_site(
            selectors.with_attachments(selectors.published_disclosures()), api_site(self.request)
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        disclosure = self.get_object()
        data = self.get_serializer(disclosure).data
        return self.conditional(request, disclosure, data)
