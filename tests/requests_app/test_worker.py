"""The reminder sweep through a real Celery worker and Redis (not eager).

The worker runs in a thread of this process with its own database connection, so the test data
must be committed (``transaction=True``); the locmem e-mail outbox is shared between threads.
"""

from __future__ import annotations

import datetime as dt
import os
import threading

import pytest

from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.core import mail

from portal.celery import app
from portal.models import StaffRole
from requests_app import tasks
from requests_app.models import Channel, InformationRequest, ReminderSent, Status
from tests.factories import staff
from tests.requests_app.test_handling_admin import applicant

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="needs REDIS_URL: this test runs a real Celery worker against Redis",
    ),
    pytest.mark.django_db(transaction=True),
]

TIMEOUT = 30


@pytest.fixture
def worker():
    """A solo worker thread consuming from Redis, with eager mode off for the test."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    app.control.purge()  # leftovers of an interrupted run must not be consumed here
    try:
        with start_worker(
            app,
            perform_ping_check=False,
            pool="solo",
            shutdown_timeout=30,
            queues=["celery", settings.MAIL_QUEUE],
        ):
            yield
    finally:
        app.conf.task_always_eager = eager


@pytest.fixture
def finished():
    """Task id -> return value, filled in by the worker thread (no result backend needed)."""
    results: dict[str, object] = {}
    done = threading.Condition()

    def record(task_id=None, retval=None, **kwargs):
        with done:
            results[task_id] = retval
            done.notify_all()

    task_postrun.connect(record, weak=False)

    def wait_for(task_id: str) -> object:
        with done:
            assert done.wait_for(lambda: task_id in results, timeout=TIMEOUT), "task not run"
            return results[task_id]

    yield wait_for
    task_postrun.disconnect(record)


def test_reminder_sweep_through_a_real_worker_sends_each_reminder_once(agency_a, worker, finished):
    handler = staff("handler_worker", agency_a, StaffRole.Role.HANDLER)
    handler.email = "handler@lishui.example.gov.cn"
    handler.save()
    for number in ("2026-700001", "2026-700002"):
        InformationRequest.objects.create(
            agency=agency_a, tracking_number=number, access_code_hash="-",
            channel=Channel.IN_PERSON, status=Status.IN_PROGRESS, received_on=dt.date(2026, 9, 9),
            due_date=dt.date(2026, 10, 13), handler=handler, **applicant(),
        )  # fmt: skip
    day = "2026-09-30"  # 5 working days before 13 October, across National Day

    first = tasks.send_deadline_reminders.delay(day)
    assert finished(first.id) == 2
    second = tasks.send_deadline_reminders.delay(day)
    assert finished(second.id) == 0

    assert len(mail.outbox) == 2
    assert {number for m in mail.outbox for number in ("2026-700001", "2026-700002")
            if number in m.subject} == {"2026-700001", "2026-700002"}  # fmt: skip
    assert ReminderSent.objects.count() == 2
