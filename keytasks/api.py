"""The public API of key tasks (/api/v1/key-tasks/): the tasks of published lists with their
state of the day (Beijing time), milestones (overdue ones flagged), published quarterly
progress only, and supervision findings with their rectification."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from keytasks import progress, selectors
from keytasks.filters import KeyTaskFilter
from keytasks.models import KeyTask, Milestone, ProgressReport, SupervisionFinding, TaskList
from portal.api_cache import PublicListAPIView, view_site
from publishing.api import ConditionalRetrieveMixin, StandardPagination
from publishing.serializers import AbsoluteUrlField, AgencyRefSerializer


class TaskListRefSerializer(serializers.ModelSerializer):
    government = AgencyRefSerializer(source="agency")
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = TaskList
        fields = ["id", "title", "year", "kind", "kind_label", "government"]


class MilestoneSerializer(serializers.ModelSerializer):
    overdue = serializers.SerializerMethodField(
        help_text="Due date passed (Beijing time) and not done."
    )

    class Meta:
        model = Milestone
        fields = ["title", "due_date", "done_date", "overdue"]

    def get_overdue(self, obj: Milestone) -> bool:
        return progress.milestone_is_overdue(
            due_date=obj.due_date, done_date=obj.done_date, today=self.context["today"]
        )


class ProgressReportSerializer(serializers.ModelSerializer):
    assessment_label = serializers.CharField(source="get_assessment_display")

    class Meta:
        model = ProgressReport
        fields = ["quarter", "text", "percent", "assessment", "assessment_label", "published_at"]


class FindingSerializer(serializers.ModelSerializer):
    rectification_overdue = serializers.SerializerMethodField()

    class Meta:
        model = SupervisionFinding
        fields = ["source", "found_on", "finding", "rectification", "rectification_due",
                  "rectified_on", "rectification_overdue"]  # fmt: skip

    def get_rectification_overdue(self, obj: SupervisionFinding) -> bool:
        return progress.finding_is_overdue(
            due_date=obj.rectification_due, rectified_on=obj.rectified_on,
            today=self.context["today"],
        )  # fmt: skip


class KeyTaskSerializer(serializers.ModelSerializer):
    task_list = TaskListRefSerializer()
    lead_agency = AgencyRefSerializer()
    assisting_agencies = AgencyRefSerializer(many=True)
    state = serializers.ChoiceField(choices=progress.TaskState.choices)
    state_label = serializers.SerializerMethodField()
    result_label = serializers.CharField(source="get_result_display")
    milestones = MilestoneSerializer(many=True)
    progress_reports = ProgressReportSerializer(many=True, source="published_reports")
    findings = FindingSerializer(many=True)
    url = AbsoluteUrlField()

    class Meta:
        model = KeyTask
        fields = ["id", "task_list", "number", "text", "lead_agency", "assisting_agencies",
                  "target", "state", "state_label", "milestones", "progress_reports",
                  "findings", "result", "result_label", "result_explanation", "result_date",
                  "url"]  # fmt: skip

    def get_state_label(self, obj: KeyTask) -> str:
        return str(progress.TaskState(obj.state).label)  # type: ignore[attr-defined]


class _TodayMixin:
    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()  # type: ignore[misc]
        context["today"] = progress.local_today()
        return context


class KeyTaskListAPI(_TodayMixin, PublicListAPIView):
    serializer_class = KeyTaskSerializer
    filterset_class = KeyTaskFilter
    pagination_class = StandardPagination

    def get_queryset(self) -> QuerySet[KeyTask]:
        # A task has no agency of its own (PublicListAPIView's scope would keep them all): the
        # site's are its lists' governments' (portal.sites).
        tasks = selectors.tasks_in(selectors.public_tasks(), view_site(self))
        return tasks.order_by(
            "-task_list__year", "task_list__agency__path", "task_list_id", "number"
        )


class KeyTaskDetailAPI(_TodayMixin, ConditionalRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = KeyTaskSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[KeyTask]:
        return selectors.tasks_in(selectors.public_tasks(), view_site(self))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        task = self.get_object()
        data = self.get_serializer(task).data
        return self.conditional(request, task, data)
