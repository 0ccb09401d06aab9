"""Status e-mails owed to applicants are sent even when their task was lost: a sweep sends
what is still pending after a grace period, once; the receipt is never repeated by it."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest

from django.core import mail
from django.utils import timezone

from requests_app import intake, notifications, privacy, tasks
from requests_app.models import RequestEvent
from tests.requests_app.conftest import enter, new_request

pytestmark = pytest.mark.django_db


def _age(events, minutes: int) -> None:
    events.update(created_at=timezone.now() - dt.timedelta(minutes=minutes))


def test_a_lost_status_email_is_sent_by_the_sweep_once(agency_a, handler_a):
    submission = intake.request_submit_online(info_request=new_request(agency_a))
    request = submission.request
    tasks.send_receipt(request.pk, privacy.seal(submission.access_code))
    # Registered while the broker was down and the mail server too: the update was lost.
    with mock.patch.object(notifications, "status_changed_later"):
        intake.request_register(
            info_request=request, user=handler_a, received_on=timezone.localdate()
        )
    mail.outbox.clear()
    pending = RequestEvent.objects.filter(request=request, notified_at=None)
    assert list(pending.values_list("action", flat=True)) == ["register"]

    assert tasks.send_pending_updates() == 0  # within the grace period the regular task may run
    _age(pending, 20)
    assert tasks.send_pending_updates() == 1
    assert tasks.send_pending_updates() == 0

    (message,) = mail.outbox
    assert message.to == ["applicant@example.com"] and request.tracking_number in message.body
    assert not RequestEvent.objects.filter(request=request, notified_at=None).exists()


def test_the_receipt_covers_the_first_event_so_the_sweep_does_not_repeat_it(agency_a, handler_a):
    online = intake.request_submit_online(info_request=new_request(agency_a))
    tasks.send_receipt(online.request.pk, privacy.seal(online.access_code))
    offline = enter(agency_a, handler_a, timezone.localdate(), email="paper@example.com")
    offline_code = "ABCD2345EFGH"  # the offline receipt's code comes from its own submission
    tasks.send_receipt(offline.pk, privacy.seal(offline_code))
    _age(RequestEvent.objects.all(), 60)
    mail.outbox.clear()

    assert tasks.send_pending_updates() == 0
    assert mail.outbox == []


def test_a_mail_server_still_down_leaves_the_email_pending_for_the_next_sweep(
    agency_a, handler_a, settings
):
    submission = intake.request_submit_online(info_request=new_request(agency_a))
    _age(RequestEvent.objects.filter(request=submission.request), 20)
    with mock.patch.object(notifications.emails, "send", side_effect=ConnectionRefusedError):
        assert tasks.send_pending_updates() == 0
    assert RequestEvent.objects.filter(request=submission.request, notified_at=None).exists()
    assert tasks.send_pending_updates() == 1


def test_beat_runs_the_sweep_every_quarter_hour(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["requests-send-pending-updates"]
    assert entry["task"] == "requests_app.tasks.send_pending_updates"
    assert entry["schedule"].minute == {0, 15, 30, 45}
