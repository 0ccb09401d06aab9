"""The public board, task pages, API, feed and export: published lists only, published
progress only, filters by lead agency and state, overdue milestones said in words."""

from __future__ import annotations

import datetime as dt

import pytest
from time_machine import travel

from django.test import override_settings
from django.urls import reverse

from keytasks import drafting
from keytasks.models import SupervisionFinding, TaskResult
from tests.keytasks.conftest import add_task, draft_list, publish, report

pytestmark = pytest.mark.django_db
D = dt.date
# 10:00 on 1 October 2026 in Beijing: task 1's milestone (due 30 September) is overdue.
AFTER_DUE = dt.datetime(2026, 10, 1, 2, tzinfo=dt.UTC)


def board_url(agency, year=2026):
    return reverse("keytasks:board", kwargs={"code": agency.code, "year": year})


@travel(AFTER_DUE, tick=False)
def test_the_board_flags_an_overdue_milestone_in_words(client, board, agency_a):
    page = client.get(board_url(agency_a)).content.decode()
    assert "扩大有效投资" in page and "加快衢丽铁路丽水段建设" in page
    assert "丽水市发展和改革委员会" in page and "丽水市交通运输局" in page
    assert "逾期未完成" in page  # the milestone's state, in words
    assert "1个节点逾期" in page


@travel(dt.datetime(2026, 9, 30, 15, tzinfo=dt.UTC), tick=False)  # 23:00 on the due date
def test_on_its_due_date_the_milestone_is_not_overdue(client, board, agency_a):
    page = client.get(board_url(agency_a)).content.decode()
    assert "逾期未完成" not in page


@travel(AFTER_DUE, tick=False)
def test_the_board_filters_by_lead_agency(client, board, agency_a, other_dept):
    page = client.get(board_url(agency_a), {"lead": other_dept.code}).content.decode()
    assert "加快衢丽铁路丽水段建设" in page
    assert "扩大有效投资" not in page


@travel(AFTER_DUE, tick=False)
def test_the_board_filters_by_state(client, board, agency_a):
    overdue = client.get(board_url(agency_a), {"status": "overdue"}).content.decode()
    assert "扩大有效投资" in overdue and "加快衢丽铁路丽水段建设" not in overdue
    on_track = client.get(board_url(agency_a), {"status": "on_track"}).content.decode()
    assert "扩大有效投资" not in on_track and "加快衢丽铁路丽水段建设" in on_track


def test_a_draft_list_is_not_public(client, agency_a, lead, drafter_a):
    task_list = draft_list(agency_a, drafter_a)
    task = add_task(task_list, drafter_a, number=1, lead=lead, text="未公开的任务",
                    milestones=[("节点", D(2026, 6, 30))])  # fmt: skip
    assert client.get(board_url(agency_a)).status_code == 404
    assert client.get(task.get_absolute_url()).status_code == 404
    assert "未公开的任务" not in client.get(reverse("keytasks:index")).content.decode()
    assert client.get(reverse("api:key-task-detail", kwargs={"pk": task.pk})).status_code == 404


@travel(dt.datetime(2026, 10, 9, 2, tzinfo=dt.UTC), tick=False)
def test_only_published_progress_is_shown(client, board, lead_drafter, lead_reviewer):
    _task_list, first, _second = board
    published = report(first, lead_drafter, quarter=2, text="上半年投资增长5.2%。", percent=48)
    publish(published, lead_drafter, lead_reviewer, lead_reviewer)
    report(first, lead_drafter, quarter=3, text="三季度草稿尚未审核。", percent=70)
    page = client.get(first.get_absolute_url()).content.decode()
    assert "上半年投资增长5.2%。" in page and "48%" in page
    assert "三季度草稿尚未审核" not in page
    api = client.get(reverse("api:key-task-detail", kwargs={"pk": first.pk})).json()
    assert [r["quarter"] for r in api["progress_reports"]] == [2]
    feed = client.get(reverse("feed_keytasks_atom")).content.decode()
    assert "上半年投资增长5.2%" in feed and "三季度草稿尚未审核" not in feed


@travel(dt.datetime(2026, 11, 5, 2, tzinfo=dt.UTC), tick=False)
def test_the_task_page_shows_supervision_and_rectification(client, board):
    _task_list, first, _second = board
    SupervisionFinding.objects.create(
        task=first, source="市政府督查室第三季度专项督查", found_on=D(2026, 10, 12),
        finding="主体工程未按期开工。", rectification="建立周协调机制。",
        rectification_due=D(2026, 11, 4),
    )  # fmt: skip
    page = client.get(first.get_absolute_url()).content.decode()
    assert "市政府督查室第三季度专项督查" in page and "建立周协调机制。" in page
    assert "整改逾期" in page


@travel(AFTER_DUE, tick=False)
def test_the_api_filters_by_state_and_lead(client, board, lead):
    url = reverse("api:key-task-list")
    found = client.get(url, {"state": "overdue"}).json()["results"]
    assert [task["number"] for task in found] == [1]
    assert found[0]["milestones"][0]["overdue"] is True
    assert found[0]["state_label"]
    led = client.get(url, {"lead": lead.code}).json()["results"]
    assert [task["lead_agency"]["code"] for task in led] == [lead.code]


@travel(AFTER_DUE, tick=False)
def test_the_board_export_lists_the_filtered_tasks(client, board, agency_a):
    url = reverse(
        "keytasks:board_export", kwargs={"code": agency_a.code, "year": 2026, "fmt": "csv"}
    )
    body = b"".join(client.get(url, {"status": "overdue"}).streaming_content).decode("utf-8-sig")
    assert "扩大有效投资" in body and "松阳段主体工程开工（2026-09-30）" in body
    assert "加快衢丽铁路丽水段建设" not in body


@travel(AFTER_DUE, tick=False)
def test_the_board_reads_a_constant_number_of_queries(client, board, agency_a, drafter_a,
                                                      django_assert_max_num_queries):  # fmt: skip
    client.get(board_url(agency_a))  # warm caches (site identity, menus)
    with django_assert_max_num_queries(20) as few:
        client.get(board_url(agency_a))
    _task_list, first, _second = board
    for number in range(3, 8):
        first.pk = None
        first.number = number
        first._state.adding = True
        first.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(board_url(agency_a))


@override_settings(PAGE_CACHE_SECONDS=300)
def test_a_result_recorded_on_a_published_task_shows_at_once(
    client, board, drafter_a, django_capture_on_commit_callbacks
):
    _task_list, first, _second = board
    url = first.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    first.result = TaskResult.NOT_COMPLETED
    first.result_explanation = "施工招标投诉处理延后，主体工程顺延至明年一季度开工。"
    with django_capture_on_commit_callbacks(execute=True):
        drafting.task_save(task=first, user=drafter_a)
    assert "顺延至明年一季度开工" in client.get(url).content.decode()
