"""Saving key tasks and progress reports: who may, one report per task and quarter, no report
ahead of its quarter, commitments frozen once published, results explained, no personal data
in what is public at once."""

from __future__ import annotations

import datetime as dt

import pytest
from time_machine import travel

from django.core.exceptions import ValidationError
from django.db import IntegrityError

from keytasks import drafting
from keytasks.models import ProgressReport, TaskResult
from publishing import workflow
from publishing.models import Status
from tests.keytasks.conftest import add_task, draft_list, publish, report

pytestmark = pytest.mark.django_db
D = dt.date


@travel(dt.datetime(2026, 10, 9, 10, tzinfo=dt.UTC), tick=False)
def test_one_progress_report_per_task_and_quarter(board, lead_drafter):
    _task_list, first, _second = board
    report(first, lead_drafter, quarter=3)
    with pytest.raises(ValidationError) as error:
        report(first, lead_drafter, quarter=3, text="再报一次。")
    assert "already has a report for this quarter" in str(error.value)
    report(first, lead_drafter, quarter=2)  # another quarter is fine
    assert ProgressReport.objects.filter(task=first).count() == 2


def test_the_database_holds_one_report_per_task_and_quarter_too(board, lead):
    _task_list, first, _second = board
    ProgressReport.objects.create(task=first, agency=lead, quarter=1, text="a", percent=1)
    with pytest.raises(IntegrityError):
        ProgressReport.objects.create(task=first, agency=lead, quarter=1, text="b", percent=2)


@travel(dt.datetime(2026, 6, 30, 15, tzinfo=dt.UTC), tick=False)  # 23:00 on 30 June in Beijing
def test_a_quarter_is_not_reported_before_it_begins(board, lead_drafter):
    _task_list, first, _second = board
    with pytest.raises(ValidationError) as error:
        report(first, lead_drafter, quarter=3)
    assert "has not begun" in str(error.value)


@travel(dt.datetime(2026, 6, 30, 16, tzinfo=dt.UTC), tick=False)  # 00:00 on 1 July in Beijing
def test_a_quarter_is_reported_from_its_first_day_in_beijing(board, lead_drafter):
    _task_list, first, _second = board
    assert report(first, lead_drafter, quarter=3).pk


def test_progress_is_reported_by_the_lead_agency_only(board, drafter_a, other_drafter, staff_b):
    _task_list, first, _second = board
    for user in (drafter_a, other_drafter, staff_b):
        with pytest.raises(ValidationError) as error:
            report(first, user)
        assert "drafters of the lead agency" in str(error.value)


def test_the_report_belongs_to_the_lead_agency(board, lead_drafter, lead):
    _task_list, first, _second = board
    assert report(first, lead_drafter).agency == lead


def test_no_progress_report_on_a_draft_list(agency_a, lead, drafter_a, lead_drafter):
    task_list = draft_list(agency_a, drafter_a)
    task = add_task(task_list, drafter_a, number=1, lead=lead, text="任务",
                    milestones=[("节点", D(2026, 6, 30))])  # fmt: skip
    with pytest.raises(ValidationError) as error:
        report(task, lead_drafter)
    assert "published list" in str(error.value)


def test_a_report_gives_a_percent_or_an_assessment(board, lead_drafter):
    _task_list, first, _second = board
    with pytest.raises(ValidationError) as error:
        report(first, lead_drafter, percent=None)
    assert "percent complete or an assessment" in str(error.value)


def test_a_list_is_submitted_with_tasks_that_have_milestones(agency_a, lead, drafter_a):
    task_list = draft_list(agency_a, drafter_a)
    with pytest.raises(ValidationError):
        workflow.submit(obj=task_list, user=drafter_a)
    add_task(task_list, drafter_a, number=1, lead=lead, text="任务", milestones=[])
    with pytest.raises(ValidationError) as error:
        workflow.submit(obj=task_list, user=drafter_a)
    assert "at least one milestone" in str(error.value)


def test_a_list_belongs_to_a_government(lead, lead_drafter):
    with pytest.raises(ValidationError) as error:
        draft_list(lead, lead_drafter)
    assert "people's government" in str(error.value)


def test_only_drafters_of_the_government_keep_its_tasks(board, lead_drafter, staff_b):
    _task_list, first, _second = board
    for user in (lead_drafter, staff_b):
        first.result = TaskResult.COMPLETED
        with pytest.raises(ValidationError):
            drafting.task_save(task=first, user=user)


def test_published_commitments_stay_as_published(board, drafter_a):
    _task_list, first, _second = board
    first.text = "改写后的任务"
    with pytest.raises(ValidationError) as error:
        drafting.task_save(task=first, user=drafter_a)
    assert "commitments" in str(error.value)


def test_no_task_is_added_to_a_published_list(board, drafter_a, lead):
    task_list, _first, _second = board
    with pytest.raises(ValidationError):
        add_task(task_list, drafter_a, number=9, lead=lead, text="新增", milestones=[])


def test_a_result_short_of_completion_is_explained(board, drafter_a):
    _task_list, first, _second = board
    first.result = TaskResult.BASICALLY_COMPLETED
    with pytest.raises(ValidationError) as error:
        drafting.task_save(task=first, user=drafter_a)
    assert "Explain what is missing" in str(error.value)
    first.result_explanation = "松阳段12月开工，年度投资完成90%。"
    saved = drafting.task_save(task=first, user=drafter_a)
    assert saved.result_date is not None


def test_no_result_on_a_draft_list(agency_a, lead, drafter_a):
    task_list = draft_list(agency_a, drafter_a)
    task = add_task(task_list, drafter_a, number=1, lead=lead, text="任务", milestones=[])
    task.result = TaskResult.COMPLETED
    with pytest.raises(ValidationError):
        drafting.task_save(task=task, user=drafter_a)


def test_findings_are_screened_for_personal_data():
    with pytest.raises(ValidationError) as error:
        drafting.check_finding(
            found_on=D(2026, 10, 1), finding="联系人手机13812345678未接听。", rectification="",
            rectification_due=D(2026, 11, 1), rectified_on=None, today=D(2026, 10, 2),
        )  # fmt: skip
    assert "personal data" in str(error.value)


def test_milestones_are_not_done_in_the_future_nor_on_a_draft(board):
    task_list, _first, _second = board
    with pytest.raises(ValidationError):
        drafting.check_milestone(task_list=task_list, title="节点", due_date=D(2026, 9, 30),
                                 done_date=D(2026, 10, 2), today=D(2026, 10, 1))  # fmt: skip
    task_list.status = Status.DRAFT
    with pytest.raises(ValidationError):
        drafting.check_milestone(task_list=task_list, title="节点", due_date=D(2026, 9, 30),
                                 done_date=D(2026, 9, 30), today=D(2026, 10, 1))  # fmt: skip


def test_a_report_goes_through_the_lead_agencys_workflow(board, lead_drafter, lead_reviewer):
    _task_list, first, _second = board
    published = publish(report(first, lead_drafter), lead_drafter, lead_reviewer, lead_reviewer)
    assert published.status == Status.PUBLISHED
    assert published.events.filter(action="publish").exists()
