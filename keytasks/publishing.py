"""Key task lists and quarterly progress reports in the shared review-and-publish workflow
(``publishing.workflow``). Both are screened for personal data at approval (Art 15). A list
goes to review with at least one task, each with a milestone; a progress report is published
only on a task of a published list."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from disclosure.workflow import ScreenedTextPolicy
from keytasks.models import KeyTask, Milestone, ProgressReport, TaskList
from portal.search import indexing as search_indexing
from publishing.models import Status


class TaskListPolicy(ScreenedTextPolicy[TaskList]):
    def check_submit(self, obj: TaskList) -> None:
        tasks = list(obj.tasks.order_by("number"))
        if not tasks:
            raise ValidationError(_("Add the list's tasks before submitting it."))
        with_milestones = set(
            Milestone.objects.filter(task__task_list=obj).values_list("task_id", flat=True)
        )
        missing = [str(task.number) for task in tasks if task.pk not in with_milestones]
        if missing:
            raise ValidationError(
                _("Give every task at least one milestone with its due date (tasks %(numbers)s).")
                % {"numbers": "、".join(missing)}
            )

    def screened_texts(self, obj: TaskList) -> list[tuple[str, str]]:
        texts = [(_("title"), obj.title), (_("summary"), obj.summary)]
        for task in KeyTask.objects.filter(task_list=obj).prefetch_related("milestones"):
            where = _("task %(number)d") % {"number": task.number}
            milestones = "\n".join(m.title for m in task.milestones.all())
            texts.append((where, "\n".join([task.text, task.target, milestones])))
        return texts

    def after_change(self, obj: TaskList) -> None:
        search_indexing.queue(obj)


class ProgressReportPolicy(ScreenedTextPolicy[ProgressReport]):
    def screened_texts(self, obj: ProgressReport) -> list[tuple[str, str]]:
        return [(_("progress"), obj.text)]

    def before_publish(self, obj: ProgressReport, user: User, options: dict[str, Any]) -> None:
        if obj.task.task_list.status != Status.PUBLISHED:
            raise ValidationError(
                _("The task's list is not published: its progress cannot be published either.")
            )
