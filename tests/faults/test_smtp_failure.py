"""Drill: the mail server fails temporarily (451 after the message was transmitted, 421 at the
greeting) and then accepts.

The receipt and the status e-mails are sent by a Celery worker process, which retries with
backoff; exactly one copy of each must arrive, also when the same task is delivered twice
(a worker that died before acknowledging) or runs twice at once.
"""

from __future__ import annotations

import re
import time

import pytest

from requests_app.models import InformationRequest, RequestEvent
from tests.faults.conftest import (
    apply_online,
    portal_env,
    report,
    send_task,
    start_portal,
    start_worker,
    task_outcome,
    wait_until,
)

pytestmark = [pytest.mark.faults, pytest.mark.timeout(150)]


def _finished(worker, name: str) -> list[str]:
    return re.findall(rf"Task {re.escape(name)}\[\S+\] succeeded in \S+: (\S+)", worker.log())


def test_mail_server_failures_are_retried_and_each_email_arrives_once(
    transactional_db, agency_a, redis_server, smtp_server, processes, tmp_path
):
    smtp = smtp_server(["451", "421"])
    env = portal_env(tmp_path, redis_url=redis_server.url(), smtp=smtp)
    portal = start_portal(processes, env)
    worker = start_worker(processes, env)

    started = time.monotonic()
    tracking_number, access_code = apply_online(portal, agency_a)
    wait_until(
        lambda: _finished(worker, "requests_app.tasks.send_receipt"),
        timeout=60,
        what="the receipt task to succeed",
    )
    report(f"receipt delivered after {time.monotonic() - started:.2f}s and 3 connections")
    assert _finished(worker, "requests_app.tasks.send_receipt") == ["True"]
    assert worker.log().count("requests_app.tasks.send_receipt") >= 2  # retried, logged
    assert smtp.connections == 3
    assert len(smtp.messages) == 1
    assert tracking_number in smtp.texts()[0]
    assert access_code in smtp.texts()[0]
    saved = InformationRequest.objects.get(tracking_number=tracking_number)
    assert saved.receipt_sent_at is not None

    # The same receipt task delivered again sends nothing.
    again = send_task(redis_server.url(), "requests_app.tasks.send_receipt", saved.pk, "X")
    wait_until(lambda: task_outcome(worker, again), timeout=30, what="the repeated receipt")
    assert task_outcome(worker, again).endswith(": False")
    assert len(smtp.messages) == 1

    # A status e-mail queued twice, the first attempt refused: one e-mail. (The receipt
    # covered the submission event; this is a later one the applicant sees.)
    RequestEvent.objects.create(
        request=saved,
        actor_label="系统",
        action="note",
        public_note="您的申请已转交承办科室办理。",
        visible_to_applicant=True,
    )
    smtp.failures.append("451")
    first = send_task(redis_server.url(), "requests_app.tasks.notify_applicant", saved.pk)
    second = send_task(redis_server.url(), "requests_app.tasks.notify_applicant", saved.pk)
    wait_until(
        lambda: task_outcome(worker, first) and task_outcome(worker, second),
        timeout=60,
        what="both status tasks",
    )
    assert sorted([task_outcome(worker, first)[-1], task_outcome(worker, second)[-1]]) == [
        "0",
        "1",
    ]
    assert len(smtp.messages) == 2
    assert smtp.connections == 5  # 3 for the receipt, none for its repeat, 2 for the update
    assert not RequestEvent.objects.filter(request=saved, notified_at=None).exists()
    report(f"status e-mail: 1 of 2 tasks sent it, {smtp.connections} connections in all")
