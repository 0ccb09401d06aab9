"""The receipt with the access code is sent once, however often its task runs."""

from __future__ import annotations

import pytest

from django.core import mail

from requests_app import intake, tasks
from tests.requests_app.conftest import new_request

pytestmark = pytest.mark.django_db


def test_a_receipt_task_run_twice_sends_one_receipt(agency_a):
    # Inside the test's transaction the on-commit receipt is not sent: the task runs here.
    submission = intake.request_submit_online(request=new_request(agency_a))

    assert tasks.send_receipt(submission.request.pk, submission.access_code) is True
    assert tasks.send_receipt(submission.request.pk, submission.access_code) is False

    assert len(mail.outbox) == 1
    assert intake.format_access_code(submission.access_code) in mail.outbox[0].body
    submission.request.refresh_from_db()
    assert submission.request.receipt_sent_at is not None
