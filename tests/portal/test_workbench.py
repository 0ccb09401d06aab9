"""The back office's home page is a workbench: each member of staff sees what waits for them,
by role and only in their agencies, each count linking to the list where the work is done."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from django.utils import timezone

from disclosure.models import Document
from portal import workdays
from publishing.models import Status
from tests.requests_app.test_handling_admin import enter

pytestmark = pytest.mark.django_db

INDEX = "/admin/"


def _document(agency, title: str, status: str, **fields) -> Document:
    today = timezone.localdate()
    return Document.objects.create(
        agency=agency, title=title, status=status, date_formed=today,
        publish_due=today + dt.timedelta(days=28), **fields,
    )  # fmt: skip


def _tasks(page: str) -> dict[str, tuple[int, str]]:
    """{label: (count, link)} of the workbench's task list."""
    found = {}
    for link, count, label in re.findall(
        r'<a href="([^"]+)"><span class="workbench-count">(\d+)</span> ([^<]+)</a>', page
    ):
        found[label.strip()] = (int(count), link.replace("&amp;", "&"))
    return found


def test_each_role_sees_its_own_work_with_links_to_the_filtered_lists(
    client, agency_a, agency_b, drafter_a, reviewer_a, publisher_a
):
    _document(agency_a, "草稿一", Status.DRAFT)
    _document(agency_a, "草稿二", Status.DRAFT)
    waiting = _document(agency_a, "待审核文件", Status.IN_REVIEW)
    _document(agency_a, "待发布文件", Status.APPROVED)
    _document(agency_b, "别的机关的草稿", Status.DRAFT)

    client.force_login(drafter_a)
    page = client.get(INDEX).content.decode()
    assert "我的待办" in page
    drafts = [v for k, v in _tasks(page).items() if k.endswith("：草稿")]
    assert [count for count, _link in drafts if count == 2], _tasks(page)
    assert not any("待审核" in k for k in _tasks(page)), "a drafter has nothing to review"

    client.force_login(reviewer_a)
    tasks = _tasks(client.get(INDEX).content.decode())
    (count, link), = [v for k, v in tasks.items() if k.endswith("已提交待审核")]  # fmt: skip
    assert count == 1
    listed = client.get(link).context["cl"].result_list
    assert list(listed) == [waiting]

    client.force_login(publisher_a)
    tasks = _tasks(client.get(INDEX).content.decode())
    assert [v[0] for k, v in tasks.items() if k.endswith("已审核待发布")] == [1]


def test_staff_of_another_agency_see_none_of_its_work(client, agency_a, staff_b):
    _document(agency_a, "草稿一", Status.DRAFT)
    client.force_login(staff_b)
    page = client.get(INDEX).content.decode()
    assert "目前没有待办事项" in page
    assert "草稿一" not in page


def test_handlers_see_requests_by_urgency(client, agency_a, handler_a):
    received = workdays.add_workdays(timezone.localdate(), -3)
    late = enter(agency_a, handler_a, received_on=received)
    late.due_date = workdays.add_workdays(timezone.localdate(), -2)
    late.save(update_fields=["due_date"])
    client.force_login(handler_a)
    tasks = _tasks(client.get(INDEX).content.decode())
    count, link = tasks["已超过答复期限"]
    assert count == 1
    assert list(client.get(link).context["cl"].result_list) == [late]


def test_office_heads_see_the_on_time_rates(client, agency_a, head_a):
    today = timezone.localdate()
    for day, due in [(today, today), (today, today - dt.timedelta(days=3))]:
        document = _document(agency_a, f"已公开{due}", Status.PUBLISHED)
        Document.objects.filter(pk=document.pk).update(
            date_published=day, publish_due=due, published_at=timezone.now()
        )
    client.force_login(head_a)
    page = client.get(INDEX).content.decode()
    assert "本机关办理时效" in page
    row = re.search(r"<th scope=\"row\">本年度按时公开的文件</th>(.*?)</tr>", page, re.S)
    assert row and re.sub(r"<[^>]+>", " ", row.group(1)).split() == ["1", "2", "50%"]


def test_recent_activity_names_the_person_and_the_step(client, agency_a, agency_b, drafter_a):
    from disclosure.models import DocumentEvent

    drafter_a.last_name, drafter_a.first_name = "李", "娜"
    drafter_a.save()
    document = _document(agency_a, "提交审核的文件", Status.IN_REVIEW)
    DocumentEvent.objects.create(
        document=document, actor=drafter_a, action="submit",
        from_status=Status.DRAFT, to_status=Status.IN_REVIEW,
    )  # fmt: skip
    other = _document(agency_b, "别的机关的文件", Status.IN_REVIEW)
    DocumentEvent.objects.create(document=other, action="submit", to_status=Status.IN_REVIEW)
    client.force_login(drafter_a)
    page = client.get(INDEX).content.decode()
    assert "本机关最近动态" in page
    assert "李娜" in page and "提交审核的文件" in page and "草稿 → 已提交审核" in page
    assert "别的机关的文件" not in page
