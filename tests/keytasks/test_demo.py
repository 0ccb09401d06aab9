"""The demo's 2026 政府工作报告 list of 丽水市人民政府: published with its tasks, one overdue
milestone, published progress for Q1–Q3 and a supervision finding; loading twice adds nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from time_machine import travel

from keytasks import demo, progress
from keytasks.models import KeyTask, ProgressReport, SupervisionFinding, TaskList
from portal import demo as portal_demo
from publishing.models import Status

pytestmark = pytest.mark.django_db


@travel(dt.datetime(2026, 12, 4, 2, tzinfo=dt.UTC), tick=False)
def test_the_demo_publishes_the_citys_list_once(client):
    portal_demo.load(StringIO())
    demo.load(StringIO())
    demo.load(StringIO())
    task_list = TaskList.objects.get()
    assert task_list.status == Status.PUBLISHED and task_list.agency.name == "丽水市人民政府"
    assert 6 <= KeyTask.objects.count() <= 8
    today = progress.local_today()
    overdue = [t for t in KeyTask.objects.all() if progress.state_of(t, today) == "overdue"]
    assert [t.number for t in overdue] == [2]
    reports = ProgressReport.objects.filter(status=Status.PUBLISHED)
    assert sorted(set(reports.values_list("quarter", flat=True))) == [1, 2, 3]
    assert SupervisionFinding.objects.count() == 1
    page = client.get(task_list.get_absolute_url()).content.decode()
    assert "逾期未完成" in page and "丽水市交通运输局" in page
