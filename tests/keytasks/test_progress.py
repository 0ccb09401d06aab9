"""The rules of where a key task stands: overdue milestones (Beijing date, boundary days), the
state from milestones and result, in Python and in SQL alike."""

from __future__ import annotations

import datetime as dt

import pytest

from keytasks import drafting, progress
from keytasks.models import KeyTask, Milestone, TaskResult
from keytasks.progress import MilestoneState, TaskState

D = dt.date
DUE = D(2026, 9, 30)


def test_a_milestone_is_not_overdue_on_its_due_date():
    assert not progress.milestone_is_overdue(due_date=DUE, done_date=None, today=DUE)


def test_a_milestone_is_overdue_the_day_after_its_due_date():
    assert progress.milestone_is_overdue(due_date=DUE, done_date=None, today=D(2026, 10, 1))


def test_a_milestone_done_late_is_not_overdue_but_says_late():
    late = D(2026, 10, 8)
    assert not progress.milestone_is_overdue(due_date=DUE, done_date=late, today=D(2026, 12, 1))
    state = progress.milestone_state(due_date=DUE, done_date=late, today=D(2026, 12, 1))
    assert state == MilestoneState.DONE_LATE
    on_time = progress.milestone_state(due_date=DUE, done_date=DUE, today=D(2026, 12, 1))
    assert on_time == MilestoneState.DONE


def test_today_is_the_date_in_beijing_not_utc():
    # 16:30 UTC on 30 September is 00:30 on 1 October in Beijing.
    now = dt.datetime(2026, 9, 30, 16, 30, tzinfo=dt.UTC)
    assert progress.local_today(now) == D(2026, 10, 1)
    assert progress.local_today(dt.datetime(2026, 9, 30, 15, 59, tzinfo=dt.UTC)) == DUE


@pytest.mark.parametrize(
    ("result", "milestones", "expected"),
    [
        ("", [(DUE, None)], TaskState.ON_TRACK),  # today is the due date
        ("", [(D(2026, 9, 29), None), (DUE, None)], TaskState.OVERDUE),
        ("", [(D(2026, 9, 1), D(2026, 9, 20))], TaskState.ON_TRACK),
        (TaskResult.COMPLETED, [(D(2026, 9, 1), None)], TaskState.DONE),
        (TaskResult.BASICALLY_COMPLETED, [], TaskState.DONE),
        (TaskResult.NOT_COMPLETED, [(D(2026, 12, 31), None)], TaskState.NOT_DONE),
    ],
)
def test_task_state_from_milestones_and_result(result, milestones, expected):
    assert progress.task_state(result=result, milestones=milestones, today=DUE) == expected


def test_a_quarter_is_reported_from_its_first_day():
    assert not progress.quarter_has_begun(year=2026, quarter=3, today=D(2026, 6, 30))
    assert progress.quarter_has_begun(year=2026, quarter=3, today=D(2026, 7, 1))


@pytest.mark.django_db
def test_the_sql_state_agrees_with_the_rule(board, drafter_a):
    _task_list, first, second = board
    second.result = TaskResult.NOT_COMPLETED
    second.result_explanation = "征迁滞后，顺延至明年。"
    drafting.task_save(task=second, user=drafter_a)
    third = KeyTask.objects.create(
        task_list=first.task_list, number=3, text="三", lead_agency=first.lead_agency
    )
    Milestone.objects.create(
        task=third, title="done", due_date=D(2026, 1, 1), done_date=D(2026, 1, 1)
    )
    for today in (D(2026, 9, 30), D(2026, 10, 1)):
        annotated = progress.with_state(KeyTask.objects.all(), today)
        for task in annotated:
            assert task.state == progress.state_of(task, today), (task.number, today)
    states = dict(
        progress.with_state(KeyTask.objects.all(), D(2026, 10, 1)).values_list("number", "state")
    )
    assert states == {1: TaskState.OVERDUE, 2: TaskState.NOT_DONE, 3: TaskState.ON_TRACK}
