"""The back office is scoped: the government's staff keep its lists and tasks; a lead
department sees the tasks it leads (read-only) and drafts their progress; another agency's
records are 404."""

from __future__ import annotations

import datetime as dt

import pytest
from time_machine import travel

from django.urls import reverse

from keytasks.models import ProgressReport
from tests.keytasks.conftest import report

pytestmark = pytest.mark.django_db


def test_another_government_cannot_open_the_list(client, board, staff_b):
    task_list, first, _second = board
    client.force_login(staff_b)
    assert (
        client.get(reverse("admin:keytasks_tasklist_change", args=[task_list.pk])).status_code
        == 404
    )
    assert client.get(reverse("admin:keytasks_keytask_change", args=[first.pk])).status_code == 404
    listing = client.get(reverse("admin:keytasks_keytask_changelist")).content.decode()
    assert "扩大有效投资" not in listing


def test_a_lead_department_sees_only_the_tasks_it_leads(client, board, lead_drafter):
    _task_list, first, second = board
    client.force_login(lead_drafter)
    listing = client.get(reverse("admin:keytasks_keytask_changelist")).content.decode()
    assert "扩大有效投资" in listing and "加快衢丽铁路丽水段建设" not in listing
    assert client.get(reverse("admin:keytasks_keytask_change", args=[second.pk])).status_code == 404
    # Its own task is read-only to it: the government office keeps the 台账.
    url = reverse("admin:keytasks_keytask_change", args=[first.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"result": "completed"}).status_code == 403


@travel(dt.datetime(2026, 10, 9, 2, tzinfo=dt.UTC), tick=False)
def test_the_lead_drafter_adds_a_report_in_the_back_office(client, board, lead_drafter, lead):
    _task_list, first, _second = board
    client.force_login(lead_drafter)
    response = client.post(
        reverse("admin:keytasks_progressreport_add"),
        {"task": first.pk, "quarter": 3, "text": "三季度完成投资76%。", "percent": 76,
         "assessment": "on_schedule", "events-TOTAL_FORMS": 0, "events-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = ProgressReport.objects.get()
    assert saved.agency == lead and saved.drafter == lead_drafter


def test_reports_of_another_agency_are_404(client, board, lead_drafter, other_drafter):
    _task_list, first, _second = board
    draft = report(first, lead_drafter)
    client.force_login(other_drafter)
    url = reverse("admin:keytasks_progressreport_change", args=[draft.pk])
    assert client.get(url).status_code == 404
    preview = reverse("admin:keytasks_progressreport_preview", args=[draft.pk])
    assert client.get(preview).status_code == 404


def test_the_government_office_previews_its_list(client, board, drafter_a):
    task_list, _first, _second = board
    client.force_login(drafter_a)
    page = client.get(reverse("admin:keytasks_tasklist_preview", args=[task_list.pk]))
    assert page.status_code == 200 and "扩大有效投资" in page.content.decode()


def test_the_lead_drafter_previews_its_report_with_the_task(client, board, lead_drafter):
    _task_list, first, _second = board
    draft = report(first, lead_drafter, text="草稿进展。")
    client.force_login(lead_drafter)
    page = client.get(reverse("admin:keytasks_progressreport_preview", args=[draft.pk]))
    assert page.status_code == 200 and "草稿进展。" in page.content.decode()


def _task_form(task, **fields):
    milestone = task.milestones.get()
    data = {
        "result": "", "result_explanation": "", "result_date": "",
        "milestones-TOTAL_FORMS": 1, "milestones-INITIAL_FORMS": 1,
        "milestones-MIN_NUM_FORMS": 0, "milestones-MAX_NUM_FORMS": 1000,
        "milestones-0-id": milestone.pk, "milestones-0-task": task.pk,
        "milestones-0-done_date": "",
        "findings-TOTAL_FORMS": 0, "findings-INITIAL_FORMS": 0,
        "findings-MIN_NUM_FORMS": 0, "findings-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    return data | fields


@travel(dt.datetime(2026, 10, 9, 2, tzinfo=dt.UTC), tick=False)
def test_the_office_records_a_milestone_reached_on_a_published_task(client, board, drafter_a):
    _task_list, first, _second = board
    client.force_login(drafter_a)
    url = reverse("admin:keytasks_keytask_change", args=[first.pk])
    response = client.post(url, _task_form(first, **{"milestones-0-done_date": "2026-10-08"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert first.milestones.get().done_date == dt.date(2026, 10, 8)
    # A date to come is refused, in the form.
    response = client.post(url, _task_form(first, **{"milestones-0-done_date": "2026-10-10"}))
    assert response.status_code == 200
    assert first.milestones.get().done_date == dt.date(2026, 10, 8)
