"""Key tasks in the site group (portal.sites): each site shows its own governments' boards,
tasks, downloads, feed and API; another site's board or task answers with a 301 to the site
that shows it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from django.utils import timezone

from keytasks.feeds import ProgressReportFeed
from keytasks.models import KeyTask, ProgressReport, TaskList
from portal.models import StaffRole
from publishing.models import ReviewResult, Status
from tests.factories import staff
from tests.keytasks.conftest import add_task, draft_list, report
from tests.site_group import CITY_HOST, COUNTY_HOST, SIBLING_HOST, body, page

pytestmark = pytest.mark.django_db

CITY_TASK = "推进丽水市区域协调发展。"
COUNTY_TASK = "推进缙云县仙都景区提升工程。"
SIBLING_TASK = "推进青田县侨乡进口商品城建设。"


def _public(obj: TaskList | ProgressReport) -> None:
    type(obj).objects.filter(pk=obj.pk).update(
        status=Status.PUBLISHED, review_result=ReviewResult.CLEAR, published_at=timezone.now()
    )


def _task(agency, text: str) -> KeyTask:
    drafter = staff(f"drafter_{agency.code}", agency, StaffRole.Role.DRAFTER)
    task_list = draft_list(agency, drafter, title=f"{agency.name}2026年政府工作报告重点工作")
    task = add_task(task_list, drafter, number=1, lead=agency, text=text,
                    milestones=[("完成年度投资", dt.date(2099, 12, 31))])  # fmt: skip
    _public(task_list)
    _public(report(KeyTask.objects.get(pk=task.pk), drafter, text=f"{text}一季度进展"))
    return task


@pytest.fixture
def tasks(group_sites, agency_a, jinyun, qingtian) -> dict[str, KeyTask]:
    return {
        "city": _task(agency_a, CITY_TASK),
        "county": _task(jinyun, COUNTY_TASK),
        "sibling": _task(qingtian, SIBLING_TASK),
    }


def test_the_county_lists_its_own_boards_only(client, tasks):
    text = page(client, "/keytasks/", COUNTY_HOST)
    assert "/keytasks/331122000/2026/" in text
    assert "/keytasks/331121000/2026/" not in text and "/keytasks/331100000/2026/" not in text


def test_the_city_lists_its_counties_boards(client, tasks):
    text = page(client, "/keytasks/", CITY_HOST)
    assert "/keytasks/331122000/2026/" in text and "/keytasks/331100000/2026/" in text


def test_another_sites_board_moves_to_its_site(client, tasks, agency_a):
    for path in (f"/keytasks/{agency_a.code}/2026/", f"/keytasks/{agency_a.code}/2026/tasks.csv"):
        response = client.get(path, HTTP_HOST=COUNTY_HOST)
        assert response.status_code == 301
        assert response["Location"] == f"http://{CITY_HOST}{path}"
    assert COUNTY_TASK in page(client, "/keytasks/331122000/2026/", CITY_HOST)


def test_another_sites_task_moves_to_its_site(client, tasks):
    path = f"/keytasks/tasks/{tasks['sibling'].pk}/"
    response = client.get(path, HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{SIBLING_HOST}{path}"
    assert COUNTY_TASK in page(client, f"/keytasks/tasks/{tasks['county'].pk}/", CITY_HOST)


def test_the_downloads_hold_the_sites_tasks(client, tasks):
    csv_text = body(client.get("/data/key-tasks.csv", HTTP_HOST=COUNTY_HOST))
    assert COUNTY_TASK in csv_text
    assert SIBLING_TASK not in csv_text and CITY_TASK not in csv_text
    rows = json.loads(body(client.get("/data/key-tasks.json", HTTP_HOST=CITY_HOST)))
    assert {row["task"] for row in rows} == {CITY_TASK, COUNTY_TASK, SIBLING_TASK}


def test_the_feed_holds_the_sites_progress(client, tasks, monkeypatch):
    # One item: the sibling's newer report must not crowd out the county's.
    monkeypatch.setattr(ProgressReportFeed, "length", 1)
    feed = page(client, "/feeds/keytasks.atom", COUNTY_HOST)
    assert f"{COUNTY_TASK}一季度进展" in feed
    assert SIBLING_TASK not in feed and CITY_TASK not in feed


def test_the_api_lists_the_sites_tasks(client, tasks):
    found = client.get("/api/v1/key-tasks/", HTTP_HOST=COUNTY_HOST).json()["results"]
    assert [item["text"] for item in found] == [COUNTY_TASK]
    asked = client.get(f"/api/v1/key-tasks/?site={SIBLING_HOST}", HTTP_HOST=CITY_HOST)
    assert [item["text"] for item in asked.json()["results"]] == [SIBLING_TASK]
    city = tasks["city"].pk
    assert client.get(f"/api/v1/key-tasks/{city}/", HTTP_HOST=COUNTY_HOST).status_code == 404


def test_the_sitemap_lists_the_sites_boards_and_tasks(client, tasks):
    text = page(client, "/sitemap-keytask-boards.xml", COUNTY_HOST)
    assert "/keytasks/331122000/2026/" in text and "/keytasks/331100000/2026/" not in text
    text = page(client, "/sitemap-keytasks.xml", COUNTY_HOST)
    assert f"/keytasks/tasks/{tasks['county'].pk}/" in text
    assert f"/keytasks/tasks/{tasks['city'].pk}/" not in text
