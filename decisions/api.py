"""The public API of major decisions (/api/v1/major-decisions/): the items of published catalogs,
each with its current stage and its published steps only, in the procedure's order."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer

from django.db.models import QuerySet
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from decisions import lifecycle, selectors
from decisions.filters import DecisionFilter
from decisions.models import Decision, DecisionStep
from portal.api_cache import PublicListAPIView, view_site
from publishing.api import ConditionalRetrieveMixin, StandardPagination
from publishing.serializers import AbsoluteUrlField, AgencyRefSerializer


class LinkSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = AbsoluteUrlField()


class StepSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    conclusion = serializers.SerializerMethodField(
        help_text="The conclusion, where it is published (a legality review's may not be)."
    )
    consultation = LinkSerializer(allow_null=True)
    document = LinkSerializer(allow_null=True)
    interpretation = LinkSerializer(allow_null=True)

    class Meta:
        model = DecisionStep
        fields = ["kind", "kind_label", "not_applicable", "not_applicable_reason", "held_on",
                  "meeting", "venue", "public_attendance", "summary", "conclusion",
                  "consultation", "document", "interpretation", "published_at"]  # fmt: skip

    def get_conclusion(self, obj: DecisionStep) -> str | None:
        return obj.conclusion if obj.conclusion_public else None


@extend_schema_serializer(component_name="MajorDecision")
class DecisionSerializer(serializers.ModelSerializer):
    government = AgencyRefSerializer(source="catalog.agency")
    year = serializers.IntegerField(source="catalog.year")
    stage = serializers.SerializerMethodField(help_text="The furthest step published (null: none).")
    complete = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()
    url = AbsoluteUrlField()

    class Meta:
        model = Decision
        fields = ["id", "government", "year", "number", "title", "lead_agency", "legal_basis",
                  "summary", "planned_start", "planned_end", "hearing_required", "stage",
                  "complete", "steps", "url"]  # fmt: skip

    def _kinds(self, obj: Decision) -> list[str]:
        return [step.kind for step in obj.published_steps]

    def get_stage(self, obj: Decision) -> str | None:
        stage = lifecycle.current_stage(self._kinds(obj))
        return stage.value if stage else None

    def get_complete(self, obj: Decision) -> bool:
        return lifecycle.is_complete(self._kinds(obj))

    def get_steps(self, obj: Decision) -> list[dict[str, Any]]:
        steps = sorted(obj.published_steps, key=lambda s: lifecycle.POSITION[s.kind])
        return StepSerializer(steps, many=True, context=self.context).data  # type: ignore[return-value]


class DecisionListAPI(PublicListAPIView):
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[Decision]:
        # A decision has no agency of its own (PublicListAPIView's scope would keep them all):
        # the site's are its governments' (portal.sites).
        return selectors.decisions_in(selectors.decisions(), view_site(self))


class DecisionDetailAPI(ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = DecisionSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Decision]:
        return selectors.decisions_in(selectors.decisions(), view_site(self))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        decision = self.get_object()
        data = self.get_serializer(decision).data
        return self.conditional(request, decision, data)
