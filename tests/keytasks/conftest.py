"""Personas and a published list of key tasks, built through the services as staff do: the
city government's office drafts and publishes the list; the lead department (丽水市发展和改革
委员会) reports progress through its own workflow."""

from __future__ import annotations

import datetime as dt

import pytest

from keytasks import drafting
from keytasks.models import KeyTask, ListKind, Milestone, ProgressReport, TaskList
from portal.models import StaffRole
from publishing import workflow
from publishing.models import ReviewResult
from tests.factories import AgencyFactory, staff

Role = StaffRole.Role
D = dt.date


@pytest.fixture
def lead(agency_a):
    return AgencyFactory(parent=agency_a, name="丽水市发展和改革委员会", code="331100011")


@pytest.fixture
def other_dept(agency_a):
    return AgencyFactory(parent=agency_a, name="丽水市交通运输局", code="331100012")


@pytest.fixture
def lead_drafter(lead):
    return staff("lead_drafter", lead, Role.DRAFTER)


@pytest.fixture
def lead_reviewer(lead):
    return staff("lead_reviewer", lead, Role.REVIEWER, Role.PUBLISHER)


@pytest.fixture
def other_drafter(other_dept):
    return staff("other_drafter", other_dept, Role.DRAFTER)


def publish(obj, drafter, reviewer, publisher):
    workflow.submit(obj=obj, user=drafter)
    workflow.approve(obj=obj, user=reviewer, review_result=ReviewResult.CLEAR)
    workflow.publish(obj=obj, user=publisher)
    obj.refresh_from_db()
    return obj


def draft_list(agency, drafter, *, year: int = 2026, title: str = "2026年政府工作报告重点工作"):
    return drafting.list_save(
        task_list=TaskList(agency=agency, year=year, kind=ListKind.WORK_REPORT, title=title),
        user=drafter,
    )


def add_task(task_list, drafter, *, number, lead, text, milestones, assisting=()):
    task = drafting.task_save(
        task=KeyTask(task_list=task_list, number=number, text=text, lead_agency=lead,
                     target="目标"),
        user=drafter,
    )  # fmt: skip
    task.assisting_agencies.set(assisting)
    for title, due in milestones:
        Milestone.objects.create(task=task, title=title, due_date=due)
    return task


@pytest.fixture
def board(agency_a, lead, other_dept, drafter_a, reviewer_a, publisher_a):
    """A published list: task 1 led by 发改委 (a milestone due 2026-09-30), task 2 led by
    交通运输局 (due 2099)."""
    task_list = draft_list(agency_a, drafter_a)
    first = add_task(task_list, drafter_a, number=1, lead=lead, assisting=[other_dept],
                     text="扩大有效投资，推进省市县长项目建设。",
                     milestones=[("松阳段主体工程开工", D(2026, 9, 30))])  # fmt: skip
    second = add_task(task_list, drafter_a, number=2, lead=other_dept,
                      text="加快衢丽铁路丽水段建设。",
                      milestones=[("完成年度投资", D(2099, 12, 31))])  # fmt: skip
    publish(task_list, drafter_a, reviewer_a, publisher_a)
    return task_list, first, second


def report(task, drafter, *, quarter=1, text="一季度开工项目31个。", percent=25):
    return drafting.report_save(
        report=ProgressReport(task=task, quarter=quarter, text=text, percent=percent),
        user=drafter,
    )
