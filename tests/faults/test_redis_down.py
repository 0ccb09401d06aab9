"""Drill: Redis, the broker and the cache, is down while an applicant submits the public form
and a publisher publishes a document.

The portal runs in gunicorn with production settings against a private Redis, which the drill
stops. The application must be saved and confirmed with its tracking number and access code
(no 500: the cache degrades, rate limiting fails open); the receipt cannot wait for the broker
(only the access code's hash is stored), so it goes out from the request, once. When Redis is
back, a worker delivering the receipt task again sends nothing more, and the periodic
reconciliation indexes the document published during the outage.
"""

from __future__ import annotations

import sys
import time

import pytest

from django.utils import timezone

from disclosure.models import Document
from publishing import workflow
from publishing.models import ReviewResult
from requests_app.models import InformationRequest
from tests.disclosure.conftest import make_draft
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

pytestmark = [pytest.mark.faults, pytest.mark.timeout(180)]

TITLE = "关于断电演练期间发布的防汛通知"


@pytest.fixture
def approved(transactional_db, agency_a, drafter_a, reviewer_a):
    document = make_draft(agency_a, drafter_a, title=TITLE)
    workflow.submit(obj=document, user=drafter_a)
    return workflow.approve(obj=document, user=reviewer_a, review_result=ReviewResult.CLEAR)


def _found(portal, document: Document) -> bool:
    page = portal.get(f"/search/?q={TITLE}")
    assert page.status_code == 200
    return f'href="{document.get_absolute_url()}"' in page.text


def test_an_application_during_a_redis_outage_is_saved_confirmed_and_caught_up(
    agency_a, approved, publisher_a, redis_server, smtp_server, processes, tmp_path
):
    smtp = smtp_server([])
    env = portal_env(tmp_path, redis_url=redis_server.url(), smtp=smtp)
    portal = start_portal(processes, env)
    assert portal.get("/healthz").status_code == 200

    redis_server.stop()
    assert portal.get("/healthz").status_code == 503  # the outage is reported, not hidden

    started = time.monotonic()
    tracking_number, access_code = apply_online(portal, agency_a)
    report(f"application during the outage: {time.monotonic() - started:.2f}s")
    saved = InformationRequest.objects.get(tracking_number=tracking_number)
    assert saved.receipt_sent_at is not None
    # The receipt went out from the request (the access code exists nowhere else).
    assert len(smtp.messages) == 1
    assert tracking_number in smtp.texts()[0]
    assert access_code in smtp.texts()[0]

    # A publisher publishes meanwhile (a separate process, as the admin would be).
    script = (
        "import django; django.setup()\n"
        "from django.contrib.auth import get_user_model\n"
        "from publishing import workflow\n"
        "from disclosure.models import Document\n"
        f"document = Document.objects.get(pk={approved.pk})\n"
        f"publisher = get_user_model().objects.get(pk={publisher_a.pk})\n"
        "workflow.publish(obj=document, user=publisher)\n"
    )
    publishing = processes("publish", [sys.executable, "-c", script], env)
    assert publishing.wait(timeout=60) == 0, publishing.log()
    document = Document.objects.get(pk=approved.pk)
    assert document.status == "published"
    assert document.indexed_at is None or document.indexed_at < document.updated_at
    assert not _found(portal, document)

    redis_server.start()
    back = time.monotonic()
    wait_until(
        lambda: portal.get("/healthz").status_code == 200, timeout=30, what="the cache to recover"
    )
    worker = start_worker(processes, env)
    # The receipt task delivered again (e.g. by a worker that died before acknowledging it).
    again = send_task(redis_server.url(), "requests_app.tasks.send_receipt", saved.pk, "X")
    # Beat's reconciliation, every ten minutes; sent here rather than waited for.
    reconcile = send_task(redis_server.url(), "portal.tasks.reconcile_index", queue="search")
    wait_until(lambda: task_outcome(worker, again), timeout=30, what="the receipt task")
    assert task_outcome(worker, again).endswith(": False")
    wait_until(lambda: task_outcome(worker, reconcile), timeout=60, what="the reconciliation")
    assert task_outcome(worker, reconcile).startswith("succeeded")
    assert _found(portal, document)
    report(f"caught up {time.monotonic() - back:.2f}s after Redis returned")

    assert len(smtp.messages) == 1
    document.refresh_from_db()
    assert document.indexed_at >= document.updated_at
    assert document.indexed_at <= timezone.now()
