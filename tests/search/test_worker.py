"""Index updates through a real Celery worker and Redis (not eager).

The worker runs in a thread of this process, consuming the search queue, with its own
database connection: the test data must be committed (``transaction=True``).
"""

from __future__ import annotations

import os
import threading

import pytest

from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings

from portal import tasks
from portal.celery import app
from publishing import workflow
from publishing.models import ReviewResult
from tests.disclosure.conftest import make_draft
from tests.search.conftest import keys, search

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="needs REDIS_URL: this test runs a real Celery worker against Redis",
    ),
    pytest.mark.django_db(transaction=True),
]

TIMEOUT = 60


@pytest.fixture
def worker():
    """A solo worker thread on the search queue, with eager mode off for the test."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with start_worker(
            app,
            perform_ping_check=False,
            pool="solo",
            queues=[settings.SEARCH_QUEUE],
            shutdown_timeout=30,
        ):
            yield
    finally:
        app.conf.task_always_eager = eager


@pytest.fixture
def index_runs():
    """Waits for the worker to finish an index_items task (no result backend needed)."""
    finished: list[str] = []
    done = threading.Condition()

    def record(sender=None, **kwargs):
        if getattr(sender, "name", "") == tasks.index_items.name:
            with done:
                finished.append(kwargs["task_id"])
                done.notify_all()

    task_postrun.connect(record, weak=False)

    def wait(count: int) -> None:
        with done:
            assert done.wait_for(lambda: len(finished) >= count, timeout=TIMEOUT), "not indexed"

    yield wait
    task_postrun.disconnect(record)


@pytest.fixture
def approved(agency_a, drafter_a, reviewer_a):
    """Drafted, screened (eagerly, on commit) and approved before the worker starts."""
    document = make_draft(agency_a, drafter_a, title="经由任务队列发布的通知")
    workflow.submit(obj=document, user=drafter_a)
    return workflow.approve(obj=document, user=reviewer_a, review_result=ReviewResult.CLEAR)


def test_publish_and_withdraw_reach_the_index_through_a_real_worker(
    approved, publisher_a, worker, index_runs
):
    document = workflow.publish(obj=approved, user=publisher_a)
    index_runs(1)
    assert keys(search("经由任务队列发布的通知")) == [f"document:{document.pk}"]

    workflow.withdraw(obj=document, user=publisher_a, reason="内容有误")
    index_runs(2)
    assert search("经由任务队列发布的通知").total == 0
