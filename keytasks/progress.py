"""Where a key task stands, derived from its milestones and its year-end result, never stored.

The rules, in the local date of the portal's users (Asia/Shanghai, whatever the server's clock
zone): a milestone is overdue from the day after its due date while it is not done (on the due
date itself it is still on time); a task with a result is done (完成, 基本完成) or not done
(未完成); without a result it has an overdue milestone or is on track. The same rule is written
once in Python (``task_state``, for one task) and once in SQL (``with_state``, to filter a
board), and the tests hold the two to each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Case, Exists, OuterRef, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keytasks.models import KeyTask, KeyTaskQuerySet, Milestone, TaskResult

SHANGHAI = ZoneInfo("Asia/Shanghai")


class TaskState(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    OVERDUE = "overdue", _("Milestone overdue")
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")


class MilestoneState(models.TextChoices):
    PENDING = "pending", _("Not yet due")
    OVERDUE = "overdue", _("Overdue, not done")
    DONE = "done", _("Done")
    DONE_LATE = "done_late", _("Done late")


DONE_RESULTS = (TaskResult.COMPLETED, TaskResult.BASICALLY_COMPLETED)


def local_today(now: dt.datetime | None = None) -> dt.date:
    """Today in China: a milestone due on the 30th is overdue from 00:00 on the 31st Beijing
    time, also at 16:00 UTC on the 30th."""
    return timezone.localtime(now or timezone.now(), SHANGHAI).date()


def milestone_is_overdue(*, due_date: dt.date, done_date: dt.date | None, today: dt.date) -> bool:
    return done_date is None and due_date < today


def milestone_state(
    *, due_date: dt.date, done_date: dt.date | None, today: dt.date
) -> MilestoneState:
    if done_date is not None:
        return MilestoneState.DONE_LATE if done_date > due_date else MilestoneState.DONE
    if milestone_is_overdue(due_date=due_date, done_date=done_date, today=today):
        return MilestoneState.OVERDUE
    return MilestoneState.PENDING


def task_state(
    *, result: str, milestones: Iterable[tuple[dt.date, dt.date | None]], today: dt.date
) -> TaskState:
    """``milestones``: (due date, done date) pairs."""
    if result in DONE_RESULTS:
        return TaskState.DONE
    if result == TaskResult.NOT_COMPLETED:
        return TaskState.NOT_DONE
    if any(
        milestone_is_overdue(due_date=due, done_date=done, today=today) for due, done in milestones
    ):
        return TaskState.OVERDUE
    return TaskState.ON_TRACK


def state_of(task: KeyTask, today: dt.date | None = None) -> TaskState:
    """One task's state (its milestones prefetched or read)."""
    return task_state(
        result=task.result,
        milestones=[(m.due_date, m.done_date) for m in task.milestones.all()],
        today=today or local_today(),
    )


def with_state(tasks: KeyTaskQuerySet, today: dt.date | None = None) -> KeyTaskQuerySet:
    """``tasks`` annotated with ``state`` (a ``TaskState`` value), in
    SQL, so that a board filters by state in the database."""
    today = today or local_today()
    overdue = Milestone.objects.filter(
        task=OuterRef("pk"), done_date__isnull=True, due_date__lt=today
    )
    return tasks.annotate(has_overdue=Exists(overdue)).annotate(
        state=Case(
            When(result__in=DONE_RESULTS, then=Value(TaskState.DONE.value)),
            When(result=TaskResult.NOT_COMPLETED, then=Value(TaskState.NOT_DONE.value)),
            When(has_overdue=True, then=Value(TaskState.OVERDUE.value)),
            default=Value(TaskState.ON_TRACK.value),
            output_field=models.CharField(),
        )
    )


def finding_is_overdue(*, due_date: dt.date, rectified_on: dt.date | None, today: dt.date) -> bool:
    """A rectification is overdue on the same terms as a milestone."""
    return milestone_is_overdue(due_date=due_date, done_date=rectified_on, today=today)


def quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * (quarter - 1) + 1, 1)


def quarter_has_begun(*, year: int, quarter: int, today: dt.date) -> bool:
    """A quarter's progress is reported from its first day on, never ahead."""
    return quarter_start(year, quarter) <= today
