"""Key tasks (重点工作) of a government (issue 24, 执行公开/结果公开): the tasks of the year's
政府工作报告, of a 重点工作 list or of the 民生实事 projects, each with its lead and assisting
agencies, its target and its milestones; the quarterly progress the lead agency reports; the
findings of supervision (督查) and their rectification (整改); and the result at the year's end.

A task list goes through the shared review-and-publish workflow with its tasks, their targets
and milestones (what the government commits to). Once the list is published its commitments
are frozen; what happens afterwards is recorded on it by the government office (督查室) — the
dates milestones were reached, supervision findings, rectification, the year-end result —
and each lead agency reports its progress every quarter, a report going through the workflow
of its own. Whether a milestone is overdue and where a task stands are derived, never stored
(``keytasks.progress``).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Agency
from publishing.models import Publishable, Status, WorkflowEvent


class ListKind(models.TextChoices):
    WORK_REPORT = "work_report", _("Government work report")
    KEY_WORK = "key_work", _("Key work")
    LIVELIHOOD = "livelihood", _("Livelihood projects")


class TaskResult(models.TextChoices):
    """The result at the year's end (年终结果)."""

    COMPLETED = "completed", _("Completed")
    BASICALLY_COMPLETED = "basically", _("Basically completed")
    NOT_COMPLETED = "not_completed", _("Not completed")


class Assessment(models.TextChoices):
    """How the lead agency rates its progress in a quarterly report."""

    AHEAD = "ahead", _("Ahead of schedule")
    ON_SCHEDULE = "on_schedule", _("On schedule")
    BEHIND = "behind", _("Behind schedule")
    COMPLETED = "completed", _("Completed")


QUARTERS = [(1, _("Q1")), (2, _("Q2")), (3, _("Q3")), (4, _("Q4"))]


class TaskListQuerySet(models.QuerySet):
    def published(self) -> TaskListQuerySet:
        return self.filter(status=Status.PUBLISHED)


class TaskList(Publishable):
    """One list of key tasks of a government for a year (e.g. 2026年政府工作报告重点工作)."""

    workflow_policy = "keytasks.publishing.TaskListPolicy"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="key_task_lists",
        verbose_name=_("government"),
        help_text=_("The people's government whose list this is."),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("kind of list"), max_length=12, choices=ListKind.choices)
    title = models.CharField(
        _("title"), max_length=200, help_text=_("e.g. 2026年政府工作报告重点工作.")
    )
    summary = models.TextField(
        _("summary"), blank=True,
        help_text=_("Shown above the tasks: where the list comes from and how it is tracked."),
    )  # fmt: skip

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = TaskListQuerySet.as_manager()

    class Meta:
        verbose_name = _("key task list")
        verbose_name_plural = _("key task lists")
        ordering = ["-year", "kind", "id"]
        indexes = [models.Index(fields=["status", "agency", "year"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        url = reverse("keytasks:board", kwargs={"code": self.agency.code, "year": self.year})
        return f"{url}?list={self.pk}"

    @property
    def event_model(self) -> type[models.Model]:
        return TaskListEvent

    event_field = "task_list"


class TaskListEvent(WorkflowEvent):
    task_list = models.ForeignKey(
        TaskList, on_delete=models.CASCADE, related_name="events", verbose_name=_("task list")
    )

    class Meta(WorkflowEvent.Meta):
        pass


class KeyTaskQuerySet(models.QuerySet):
    def public(self) -> KeyTaskQuerySet:
        """Tasks of published lists."""
        return self.filter(task_list__status=Status.PUBLISHED)


class KeyTask(models.Model):
    """One task of a list: what is to be done, by whom, to what target, by which milestones."""

    task_list = models.ForeignKey(
        TaskList, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("task list")
    )
    number = models.PositiveSmallIntegerField(_("no."))
    text = models.TextField(_("task"))
    lead_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="key_tasks_led",
        verbose_name=_("lead agency"),
    )  # fmt: skip
    assisting_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="key_tasks_assisted",
        verbose_name=_("assisting agencies"),
    )  # fmt: skip
    target = models.TextField(
        _("target"), blank=True, help_text=_("What counts as done, with figures where there are.")
    )
    result = models.CharField(
        _("result at the year's end"), max_length=14, choices=TaskResult.choices, blank=True
    )
    result_explanation = models.TextField(
        _("explanation of the result"), blank=True,
        help_text=_("Needed when the task is basically completed or not completed: what is "
                    "missing, why, and what follows."),
    )  # fmt: skip
    result_date = models.DateField(_("result recorded on"), null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = KeyTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("key task")
        verbose_name_plural = _("key tasks")
        ordering = ["task_list", "number"]
        constraints = [
            models.UniqueConstraint(fields=["task_list", "number"], name="keytask_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("keytasks:task", kwargs={"pk": self.pk})


class Milestone(models.Model):
    """A step of a task with the date it is due; ``done_date`` is when it was reached."""

    task = models.ForeignKey(
        KeyTask, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("task")
    )
    title = models.CharField(_("milestone"), max_length=300)
    due_date = models.DateField(_("due"))
    done_date = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["task", "due_date", "id"]
        indexes = [models.Index(fields=["due_date", "done_date"])]

    def __str__(self) -> str:
        return self.title


class ProgressReportQuerySet(models.QuerySet):
    def published(self) -> ProgressReportQuerySet:
        return self.filter(status=Status.PUBLISHED, task__task_list__status=Status.PUBLISHED)


class ProgressReport(Publishable):
    """The lead agency's report on a task for one quarter of the list's year; one per task and
    quarter. ``agency`` is the task's lead agency: its staff draft, review and publish."""

    workflow_policy = "keytasks.publishing.ProgressReportPolicy"

    task = models.ForeignKey(
        KeyTask, on_delete=models.PROTECT, related_name="progress_reports",
        verbose_name=_("task"),
    )  # fmt: skip
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="key_task_reports",
        verbose_name=_("reporting agency"), editable=False,
    )  # fmt: skip
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=QUARTERS)
    text = models.TextField(_("progress"), help_text=_("What was done this quarter."))
    percent = models.PositiveSmallIntegerField(
        _("percent complete"), null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    assessment = models.CharField(
        _("assessment"), max_length=12, choices=Assessment.choices, blank=True
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("quarterly progress report")
        verbose_name_plural = _("quarterly progress reports")
        ordering = ["task", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "quarter"], name="progressreport_one_per_task_and_quarter"
            ),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100),
                name="progressreport_percent_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.get_quarter_display()}"

    def get_absolute_url(self) -> str:
        return f"{self.task.get_absolute_url()}#progress-q{self.quarter}"

    @property
    def event_model(self) -> type[models.Model]:
        return ProgressReportEvent

    event_field = "report"


class ProgressReportEvent(WorkflowEvent):
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("progress report"),
    )  # fmt: skip

    class Meta(WorkflowEvent.Meta):
        pass


class SupervisionFinding(models.Model):
    """A finding of supervision (督查) on a task and its rectification (整改)."""

    task = models.ForeignKey(
        KeyTask, on_delete=models.CASCADE, related_name="findings", verbose_name=_("task")
    )
    source = models.CharField(
        _("supervision"), max_length=200, help_text=_("e.g. 市政府督查室2026年第二季度专项督查.")
    )
    found_on = models.DateField(_("found on"))
    finding = models.TextField(_("finding"))
    rectification = models.TextField(_("rectification measures"), blank=True)
    rectification_due = models.DateField(_("rectification due"))
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervision finding")
        verbose_name_plural = _("supervision findings")
        ordering = ["task", "found_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rectification_due__gte=F("found_on")),
                name="supervisionfinding_due_after_found",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} · {self.finding[:40]}"
