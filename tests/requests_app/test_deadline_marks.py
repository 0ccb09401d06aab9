"""The deadline marks of the back office's lists say in words which side of the due date a
request or document is on (a green tick once marked the overdue ones), and people appear by
their names."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from django.utils import timezone

from portal import workdays
from portal.people import full_name
from requests_app.models import InformationRequest, Status
from tests.factories import UserFactory
from tests.requests_app.test_handling_admin import enter

pytestmark = pytest.mark.django_db

LIST = "/admin/requests_app/informationrequest/"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(autouse=True)
def a_wednesday_morning():
    """Working days counted from a working day (from a Saturday the count starts Monday)."""
    with time_machine.travel(dt.datetime(2026, 12, 9, 10, 0, tzinfo=SHANGHAI), tick=False):
        yield


def _row(page: str, number: str) -> str:
    """The list row of one request (its <tr>), as text without tags."""
    row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{re.escape(number)}(?:(?!</tr>).)*</tr>", page, re.S)
    assert row, f"{number} is not in the list"
    return re.sub(r"<[^>]+>", " ", row.group(0))


def _due_in(request: InformationRequest, workdays_from_today: int) -> InformationRequest:
    """The request with its answer due ``workdays_from_today`` working days from today."""
    request.due_date = workdays.add_workdays(timezone.localdate(), workdays_from_today)
    request.status = Status.IN_PROGRESS
    request.save(update_fields=["due_date", "status"])
    return request


@pytest.fixture
def four_requests(agency_a, handler_a):
    received = workdays.add_workdays(timezone.localdate(), -3)
    made = [enter(agency_a, handler_a, received_on=received) for _ in range(4)]
    return {
        "late5": _due_in(made[0], -5),
        "late1": _due_in(made[1], -1),
        "today": _due_in(made[2], 0),
        "ahead": _due_in(made[3], 8),
    }


def test_the_request_list_marks_the_overdue_ones_overdue_in_words(client, handler_a, four_requests):
    client.force_login(handler_a)
    page = client.get(LIST).content.decode()
    rows = {key: _row(page, r.tracking_number) for key, r in four_requests.items()}
    assert "逾期 5 个工作日" in rows["late5"]
    assert "逾期 1 个工作日" in rows["late1"]
    assert "今日到期" in rows["today"] and "逾期" not in rows["today"]
    assert "剩 8 个工作日" in rows["ahead"] and "逾期" not in rows["ahead"]
    # No green tick or red cross for a deadline: Django's boolean icons are gone from the list.
    assert "icon-yes.svg" not in page and "icon-no.svg" not in page
    # The legend explains the marks in words.
    assert "已过期限" in page and "未逾期" in page


def test_the_overdue_filter_lists_only_the_requests_past_their_due_date(
    client, handler_a, four_requests
):
    client.force_login(handler_a)
    listed = client.get(LIST, {"due": "overdue"}).context["cl"].result_list
    assert set(listed) == {four_requests["late5"], four_requests["late1"]}
    soon = client.get(LIST, {"due": "soon"}).context["cl"].result_list
    assert set(soon) == {four_requests["today"]}


def test_a_paused_request_has_no_deadline_mark(client, handler_a, four_requests):
    """Awaiting the applicant's correction, the clock stands still (Art 30): not overdue."""
    closed = four_requests["late5"]
    closed.status = Status.CORRECTION
    closed.save(update_fields=["status"])
    client.force_login(handler_a)
    row = _row(client.get(LIST).content.decode(), closed.tracking_number)
    assert "逾期" not in row


def test_the_document_list_marks_late_publication_in_words(client, drafter_a, agency_a):
    from disclosure.models import Document

    today = timezone.localdate()
    late = Document.objects.create(
        agency=agency_a, title="逾期未公开的文件", date_formed=today - dt.timedelta(days=60),
        publish_due=today - dt.timedelta(days=10),
    )  # fmt: skip
    fresh = Document.objects.create(
        agency=agency_a, title="刚形成的文件", date_formed=today,
        publish_due=today + dt.timedelta(days=28),
    )  # fmt: skip
    client.force_login(drafter_a)
    page = client.get("/admin/disclosure/document/").content.decode()
    assert "逾期" in _row(page, late.title)
    assert "未到期" in _row(page, fresh.title) and "逾期" not in _row(page, fresh.title)
    assert "icon-yes.svg" not in page and "icon-no.svg" not in page


def test_people_are_shown_by_their_full_name_in_chinese_order(client, agency_a, handler_a):
    handler_a.last_name, handler_a.first_name = "王", "芳"
    handler_a.save()
    assert str(handler_a) == full_name(handler_a) == "王芳"
    assert full_name(UserFactory(username="jsmith", first_name="John", last_name="Smith")) == (
        "John Smith"
    )
    assert full_name(UserFactory(username="noname")) == "noname"
    received = workdays.add_workdays(timezone.localdate(), -3)
    request = enter(agency_a, handler_a, received_on=received)
    request.handler = handler_a
    request.save(update_fields=["handler"])
    client.force_login(handler_a)
    row = _row(client.get(LIST).content.decode(), request.tracking_number)
    assert "王芳" in row and "handler_a" not in row


def test_the_due_filter_counts_working_days_ahead(client, handler_a, four_requests):
    """今日到期, within 3/5/10 working days: the request 8 working days ahead is only in the
    10-day choice; none of them lists an overdue request."""
    client.force_login(handler_a)

    def listed(value: str) -> set:
        return set(client.get(LIST, {"due": value}).context["cl"].result_list)

    assert listed("today") == {four_requests["today"]}
    assert listed("within3") == {four_requests["today"]}
    assert listed("within10") == {four_requests["today"], four_requests["ahead"]}
    page = client.get(LIST).content.decode()
    for choice in ("今日到期", "3个工作日内到期", "5个工作日内到期", "10个工作日内到期"):
        assert choice in page


def test_the_handler_filter_lists_ones_own_none_and_colleagues_by_name(
    client, handler_a, four_requests, agency_a
):
    from django.contrib.auth.models import User

    from portal.models import StaffRole

    colleague = User.objects.create_user("colleague-a", first_name="芳", last_name="王")
    StaffRole.objects.create(user=colleague, agency=agency_a, role=StaffRole.Role.HANDLER)
    mine, theirs = four_requests["late5"], four_requests["ahead"]
    unassigned = {four_requests["late1"], four_requests["today"]}
    for request, handler in [(mine, handler_a), (theirs, colleague)] + [
        (r, None) for r in unassigned
    ]:
        request.handler = handler
        request.save(update_fields=["handler"])
    client.force_login(handler_a)

    def listed(value: str) -> set:
        return set(client.get(LIST, {"handler": value}).context["cl"].result_list)

    assert listed("me") == {mine}
    assert listed(str(colleague.pk)) == {theirs}
    assert listed("none") == unassigned
    page = client.get(LIST).content.decode()
    assert "由我经办" in page and "尚未指定经办人" in page and "王芳" in page
