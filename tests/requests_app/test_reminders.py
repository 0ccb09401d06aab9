"""Daily sweeps: reminders 5, 3 and 1 working days before an answer is due, escalation of
overdue requests, and closing requests whose correction or fee period expired.

Dates are around 2026's National Day (1-7 October off, Saturday 10 October worked): an answer
due on Tuesday 13 October is 5 working days away on Wednesday 30 September.
"""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest

from celery.exceptions import Retry
from django.core import mail
from django.db import connection
from django.db.models import CharField, Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal import workdays
from portal.models import StaffRole
from requests_app import clock, handling, reminders, tasks
from requests_app.models import (
    Channel,
    InformationRequest,
    Outcome,
    ReminderSent,
    Status,
)
from tests.factories import staff
from tests.requests_app.test_handling_admin import FAKE_ID, PHONE, applicant, enter

pytestmark = pytest.mark.django_db

D = dt.date
DUE = D(2026, 10, 13)
FIVE_BEFORE, THREE_BEFORE, ONE_BEFORE = D(2026, 9, 30), D(2026, 10, 9), D(2026, 10, 12)

Role = StaffRole.Role


@pytest.fixture
def handler(agency_a):
    user = staff("handler_mail", agency_a, Role.HANDLER)
    user.email = "handler@lishui.example.gov.cn"
    user.save()
    return user


@pytest.fixture
def head(agency_a):
    user = staff("head_mail", agency_a, Role.OFFICE_HEAD)
    user.email = "head@lishui.example.gov.cn"
    user.save()
    return user


_numbers = iter(range(1, 10_000))


def running_request(agency, *, due: dt.date, handler=None) -> InformationRequest:
    """An in-progress request whose stored due date (Art 33) is ``due``."""
    request = InformationRequest(
        agency=agency,
        tracking_number=f"2026-{800000 + next(_numbers)}",
        access_code_hash="-",
        channel=Channel.IN_PERSON,
        status=Status.IN_PROGRESS,
        received_on=D(2026, 9, 9),
        due_date=due,
        handler=handler,
        **applicant(),
    )
    request.save()
    return request


def test_received_on_gives_the_due_date_used_here(agency_a, handler):
    # The shortcut matches the real clock: 20 working days from 9 September, counting the
    # worked Sunday 20 September, skipping Mid-Autumn (25 September) and National Day.
    request = running_request(agency_a, due=DUE, handler=handler)
    request.received_on = D(2026, 9, 9)
    clock.refresh_due_date(request)
    assert request.due_date == DUE


def test_handler_is_reminded_five_working_days_before_across_national_day(agency_a, handler):
    request = running_request(agency_a, due=DUE, handler=handler)
    assert reminders.send_deadline_reminders(FIVE_BEFORE) == 1
    (message,) = mail.outbox
    assert message.to == [handler.email]
    assert request.tracking_number in message.subject
    assert ReminderSent.objects.get().kind == "reminder-5"


def test_handler_is_reminded_three_and_one_working_days_before(agency_a, handler):
    running_request(agency_a, due=DUE, handler=handler)
    assert reminders.send_deadline_reminders(THREE_BEFORE) == 1
    assert reminders.send_deadline_reminders(ONE_BEFORE) == 1
    assert sorted(ReminderSent.objects.values_list("kind", flat=True)) == [
        "reminder-1",
        "reminder-3",
    ]


def test_no_reminder_on_other_days(agency_a, handler):
    running_request(agency_a, due=DUE, handler=handler)
    for day in (D(2026, 9, 29), D(2026, 10, 8), D(2026, 10, 13)):
        assert reminders.send_deadline_reminders(day) == 0
    assert mail.outbox == []


def test_running_the_reminder_sweep_twice_sends_nothing_twice(agency_a, handler):
    running_request(agency_a, due=DUE, handler=handler)
    running_request(agency_a, due=DUE, handler=handler)
    assert reminders.send_deadline_reminders(FIVE_BEFORE) == 2
    assert reminders.send_deadline_reminders(FIVE_BEFORE) == 0
    assert len(mail.outbox) == 2


def test_the_sweep_decides_records_and_sends_in_a_fixed_number_of_queries(agency_a, handler):
    def queries(day: dt.date) -> int:
        with CaptureQueriesContext(connection) as captured:
            reminders.send_deadline_reminders(day)
        return len(captured)

    running_request(agency_a, due=DUE, handler=handler)
    workdays.is_workday(FIVE_BEFORE)  # the calendar loads once per process
    one = queries(FIVE_BEFORE)
    for _ in range(40):
        running_request(agency_a, due=DUE, handler=handler)
    many = queries(THREE_BEFORE)
    assert many == one <= 10
    assert len(mail.outbox) == 42


def test_a_reminder_sent_by_a_concurrent_run_is_not_sent_again(agency_a, handler):
    # Another worker recorded and sent it after our statement's snapshot: our selection still
    # has the request, and the insert meets the other worker's row.
    info_request = running_request(agency_a, due=DUE, handler=handler)
    ReminderSent.objects.create(
        request=info_request, kind="reminder-5", due_date=DUE, sent_at=timezone.now()
    )
    stale = InformationRequest.objects.filter(pk=info_request.pk).annotate(
        reminder_kind=Value("reminder-5", CharField())
    )
    with mock.patch.object(reminders, "due_for_reminder", return_value=stale):
        assert reminders.send_deadline_reminders(FIVE_BEFORE) == 0
    assert mail.outbox == []
    assert ReminderSent.objects.count() == 1


def test_a_reminder_recorded_but_not_sent_by_a_concurrent_run_is_sent_once(agency_a, handler):
    info_request = running_request(agency_a, due=DUE, handler=handler)
    ReminderSent.objects.create(request=info_request, kind="reminder-5", due_date=DUE)
    reminders.send_deadline_reminders(FIVE_BEFORE)
    reminders.send_deadline_reminders(FIVE_BEFORE)
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.get().sent_at is not None


def test_a_failed_send_is_retried_and_nothing_is_lost(agency_a, handler):
    running_request(agency_a, due=DUE, handler=handler)
    running_request(agency_a, due=DUE, handler=handler)
    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=ConnectionRefusedError("SMTP server down"),
        ),
        # The delivery task raises for a retry (run eagerly here: Celery's Retry).
        pytest.raises((reminders.ReminderDeliveryError, Retry)),
    ):
        reminders.send_deadline_reminders(FIVE_BEFORE)
    assert ReminderSent.objects.filter(sent_at=None).count() == 2  # recorded, not sent
    reminders.send_deadline_reminders(FIVE_BEFORE)  # the next run sends what is unsent
    assert len(mail.outbox) == 2
    assert not ReminderSent.objects.filter(sent_at=None).exists()


def test_a_batch_is_sent_over_one_connection(agency_a, handler):
    for _ in range(3):
        running_request(agency_a, due=DUE, handler=handler)
    with mock.patch("django.core.mail.get_connection", wraps=mail.get_connection) as opened:
        reminders.send_deadline_reminders(FIVE_BEFORE)
    assert opened.call_count == 1 and len(mail.outbox) == 3


def test_without_a_handler_the_agencys_handlers_are_reminded(agency_a, handler, head):
    running_request(agency_a, due=DUE, handler=None)
    assert reminders.send_deadline_reminders(FIVE_BEFORE) == 1
    assert mail.outbox[0].to == [handler.email]


def test_paused_requests_are_not_reminded(agency_a, handler):
    request = running_request(agency_a, due=DUE, handler=handler)
    InformationRequest.objects.filter(pk=request.pk).update(status=Status.THIRD_PARTY)
    assert reminders.send_deadline_reminders(FIVE_BEFORE) == 0


def test_sweeps_do_nothing_on_a_non_working_day(agency_a, handler, head):
    running_request(agency_a, due=D(2026, 10, 12), handler=handler)  # 1 working day after 3 Oct
    running_request(agency_a, due=D(2026, 9, 25), handler=handler)  # overdue by then
    holiday = D(2026, 10, 3)
    assert reminders.send_deadline_reminders(holiday) == 0
    assert reminders.escalate_overdue(holiday) == 0
    assert reminders.close_expired_periods(holiday) == 0
    assert tasks.send_deadline_reminders.delay(holiday.isoformat()).get() == 0
    assert mail.outbox == []


def test_the_task_takes_an_iso_date(agency_a, handler):
    running_request(agency_a, due=DUE, handler=handler)
    assert tasks.send_deadline_reminders.delay(FIVE_BEFORE.isoformat()).get() == 1


# --- Escalation ---------------------------------------------------------------------------------


def test_overdue_request_escalates_to_the_office_head_once_per_due_date(agency_a, handler, head):
    request = running_request(agency_a, due=D(2026, 10, 8), handler=handler)
    assert reminders.escalate_overdue(D(2026, 10, 9)) == 1
    assert reminders.escalate_overdue(D(2026, 10, 12)) == 0
    (message,) = mail.outbox
    assert message.to == [head.email]
    assert request.tracking_number in message.subject
    # A new due date (say an extension recorded late) that passes too escalates again.
    InformationRequest.objects.filter(pk=request.pk).update(due_date=D(2026, 10, 12))
    assert reminders.escalate_overdue(D(2026, 10, 13)) == 1
    assert len(mail.outbox) == 2


def test_requests_due_today_are_not_escalated(agency_a, handler, head):
    running_request(agency_a, due=D(2026, 10, 9), handler=handler)
    assert reminders.escalate_overdue(D(2026, 10, 9)) == 0


def test_staff_emails_contain_no_applicant_personal_data(agency_a, handler, head):
    running_request(agency_a, due=DUE, handler=handler)
    running_request(agency_a, due=D(2026, 9, 29), handler=handler)
    reminders.send_deadline_reminders(FIVE_BEFORE)
    reminders.escalate_overdue(FIVE_BEFORE)
    assert len(mail.outbox) == 2
    values = applicant()
    secrets = [values["name"], FAKE_ID, PHONE, values["email"], values["address"], "王"]
    for message in mail.outbox:
        html = message.alternatives[0][0]
        for text in (message.subject, message.body, html):
            for secret in secrets:
                assert secret not in text
        assert values["document_title"] in message.body


def test_a_description_naming_people_stays_out_of_staff_emails(agency_a, handler):
    request = running_request(agency_a, due=DUE, handler=handler)
    InformationRequest.objects.filter(pk=request.pk).update(
        document_title="", description="我是王某某，请公开我母亲李某某的低保审批材料。"
    )
    reminders.send_deadline_reminders(FIVE_BEFORE)
    (message,) = mail.outbox
    assert "王某某" not in message.body and "李某某" not in message.body
    assert request.tracking_number in message.body


# --- Expired periods -----------------------------------------------------------------------------


@pytest.fixture
def awaiting_correction(agency_a, handler_a):
    request = enter(agency_a, handler_a, received_on=D(2026, 9, 21))
    request = handling.request_start(info_request=request, user=handler_a)
    return handling.request_correction(
        info_request=request, user=handler_a, notified_on=D(2026, 9, 28),
        what_to_supplement="请写明所需文件的文号。", period_workdays=5,
    )  # fmt: skip


def test_expired_correction_closes_the_request_as_abandoned_and_tells_the_applicant(
    awaiting_correction, django_capture_on_commit_callbacks
):
    due_on = awaiting_correction.correction.due_on
    assert due_on == D(2026, 10, 10)  # 5 working days across National Day: the worked Saturday
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.close_expired_periods(D(2026, 10, 12)) == 1
    awaiting_correction.refresh_from_db()
    assert awaiting_correction.status == Status.CLOSED
    assert awaiting_correction.outcome == Outcome.OTHER_NO_CORRECTION
    assert awaiting_correction.events.last().actor is None  # the system closed it
    (message,) = mail.outbox
    assert message.to == [applicant()["email"]]


def test_correction_period_still_running_leaves_the_request_open(awaiting_correction):
    assert reminders.close_expired_periods(D(2026, 10, 10)) == 0  # its last day
    awaiting_correction.refresh_from_db()
    assert awaiting_correction.status == Status.CORRECTION


def test_unpaid_fee_closes_the_request_and_tells_the_applicant(
    agency_a, handler_a, django_capture_on_commit_callbacks
):
    request = enter(agency_a, handler_a, received_on=D(2026, 9, 1))
    request = handling.request_start(info_request=request, user=handler_a)
    handling.request_fee_notice(
        info_request=request, user=handler_a, method="by_volume", pages=120, sent_on=D(2026, 9, 3)
    )
    pay_by = request.fees.get().pay_by
    assert pay_by == D(2026, 10, 8)  # 20 working days, across Mid-Autumn and National Day
    assert reminders.close_expired_periods(D(2026, 10, 8)) == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.close_expired_periods(D(2026, 10, 9)) == 1
    request.refresh_from_db()
    assert (request.status, request.outcome) == (Status.CLOSED, Outcome.OTHER_FEE_UNPAID)
    assert request.pauses.get().ended_on == pay_by
    (message,) = mail.outbox
    assert message.to == [applicant()["email"]]


def test_closing_expired_periods_twice_closes_once(awaiting_correction):
    assert reminders.close_expired_periods(D(2026, 10, 12)) == 1
    assert reminders.close_expired_periods(D(2026, 10, 13)) == 0
    assert awaiting_correction.events.filter(action="abandon").count() == 1


def test_beat_runs_the_three_sweeps_daily():
    from django.conf import settings

    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "requests_app.tasks.send_deadline_reminders",
        "requests_app.tasks.escalate_overdue",
        "requests_app.tasks.close_expired_periods",
    } <= tasks_scheduled
