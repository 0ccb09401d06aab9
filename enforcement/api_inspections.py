"""The public API of 双随机、一公开: published plans (/api/v1/inspection-plans/, a plan's detail
with its items, pools, draw and published results) and the published results
(/api/v1/inspection-results/). Market subjects with their names and credit codes and officers
with their names and 执法证号 are public; drafts and withdrawn plans are not found.

Serializer names carry "Inspection" or "Plan": the OpenAPI schema names its components after
them, and they must not collide with another app's."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field

from django.db.models import QuerySet
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from enforcement import inspections
from enforcement import selectors_inspections as selectors
from enforcement.filters import InspectionPlanFilter, InspectionResultFilter
from enforcement.models import (
    DrawnSubject,
    InspectionDraw,
    InspectionItem,
    InspectionPlan,
    InspectionResult,
    PlanInspector,
    PlanSubject,
)
from portal.api_cache import PublicListAPIView, api_site, scope_to_site
from publishing.api import ConditionalRetrieveMixin, StandardPagination
from publishing.serializers import AbsoluteUrlField, AgencyRefSerializer


class InspectionItemEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionItem
        fields = ["name", "basis"]


class PlanSubjectEntrySerializer(serializers.ModelSerializer):
    subject_type_label = serializers.CharField(source="get_subject_type_display")

    class Meta:
        model = PlanSubject
        fields = ["name", "credit_code", "subject_type", "subject_type_label"]


class PlanInspectorEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanInspector
        fields = ["name", "certificate_number"]


class InspectionResultBriefSerializer(serializers.ModelSerializer):
    outcome_label = serializers.CharField(source="get_outcome_display")

    class Meta:
        model = InspectionResult
        fields = ["id", "outcome", "outcome_label", "summary", "inspected_on", "published_at"]


class DrawnSubjectEntrySerializer(serializers.ModelSerializer):
    subject = PlanSubjectEntrySerializer()
    inspectors = PlanInspectorEntrySerializer(many=True)
    result = serializers.SerializerMethodField()

    class Meta:
        model = DrawnSubject
        fields = ["position", "subject", "inspectors", "result"]

    @extend_schema_field(InspectionResultBriefSerializer(allow_null=True))
    def get_result(self, obj: DrawnSubject) -> dict[str, Any] | None:
        result = selectors.published_result(obj)
        if result is None:
            return None
        return dict(InspectionResultBriefSerializer(result).data)


class InspectionDrawRecordSerializer(serializers.ModelSerializer):
    drawn = DrawnSubjectEntrySerializer(many=True)
    verified = serializers.SerializerMethodField(
        help_text="The seed and the pools, drawn again, give this draw."
    )

    class Meta:
        model = InspectionDraw
        fields = ["seed", "algorithm", "pool_digest", "drawn_at", "verified", "drawn"]

    def get_verified(self, obj: InspectionDraw) -> bool:
        return inspections.draw_verify(obj)


class InspectionPlanSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer()
    drawn = serializers.SerializerMethodField(help_text="Whether the draw has been made.")
    url = AbsoluteUrlField()

    class Meta:
        model = InspectionPlan
        fields = ["id", "title", "year", "agency", "subject_ratio", "subject_count",
                  "inspectors_per_subject", "planned_start", "planned_end", "drawn",
                  "published_at", "url"]  # fmt: skip

    def get_drawn(self, obj: InspectionPlan) -> bool:
        return hasattr(obj, "draw")


class InspectionPlanDetailSerializer(InspectionPlanSerializer):
    items = InspectionItemEntrySerializer(many=True)
    subjects = PlanSubjectEntrySerializer(many=True)
    inspectors = PlanInspectorEntrySerializer(many=True)
    draw = serializers.SerializerMethodField()
    previous_round = serializers.SerializerMethodField()

    class Meta(InspectionPlanSerializer.Meta):
        fields = [*InspectionPlanSerializer.Meta.fields, "description", "items", "subjects",
                  "inspectors", "draw", "previous_round"]  # fmt: skip

    @extend_schema_field(InspectionDrawRecordSerializer(allow_null=True))
    def get_draw(self, obj: InspectionPlan) -> dict[str, Any] | None:
        if not hasattr(obj, "draw"):
            return None
        return dict(InspectionDrawRecordSerializer(obj.draw, context=self.context).data)

    def get_previous_round(self, obj: InspectionPlan) -> int | None:
        earlier = obj.previous_round
        return earlier.pk if earlier is not None and earlier.status == "published" else None


class InspectionResultEntrySerializer(serializers.ModelSerializer):
    outcome_label = serializers.CharField(source="get_outcome_display")
    subject_name = serializers.CharField(source="drawn_subject.subject.name")
    credit_code = serializers.CharField(source="drawn_subject.subject.credit_code")
    inspectors = PlanInspectorEntrySerializer(source="drawn_subject.inspectors", many=True)
    plan = serializers.IntegerField(source="drawn_subject.draw.plan_id")
    plan_title = serializers.CharField(source="drawn_subject.draw.plan.title")
    agency = AgencyRefSerializer()
    url = AbsoluteUrlField()

    class Meta:
        model = InspectionResult
        fields = ["id", "plan", "plan_title", "agency", "subject_name", "credit_code",
                  "inspectors", "outcome", "outcome_label", "summary", "inspected_on",
                  "published_at", "url"]  # fmt: skip


class InspectionPlanListAPI(PublicListAPIView):
    serializer_class = InspectionPlanSerializer
    filterset_class = InspectionPlanFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[InspectionPlan]:
        return selectors.published_plans()


class InspectionPlanDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = InspectionPlanDetailSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[InspectionPlan]:
        return scope_to_site(
            selectors.with_page_data(selectors.published_plans()), api_site(self.request)
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = self.get_object()
        return self.conditional(request, plan, self.get_serializer(plan).data)


class InspectionResultListAPI(PublicListAPIView):
    serializer_class = InspectionResultEntrySerializer
    filterset_class = InspectionResultFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[InspectionResult]:
        return selectors.published_results()
