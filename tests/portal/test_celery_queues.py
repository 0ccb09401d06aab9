"""Celery's queues (README: Deployment): e-mails on the mail queue, index updates on the search
queue, everything else on the default one, so that each can have workers on hosts of their
own and a mail server that does not answer holds up only the e-mails."""

from __future__ import annotations

import json

import pytest
import redis

from django.conf import settings

from portal.celery import app
from requests_app import tasks as request_tasks


def queue_of(name: str) -> str:
    return app.amqp.router.route({}, name)["queue"].name


def test_every_mail_task_the_settings_name_is_a_task():
    """A misspelt name would leave its e-mails on the default queue without a word."""
    app.loader.import_default_modules()
    assert [name for name in settings.MAIL_TASKS if name not in app.tasks] == []


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("requests_app.tasks.send_receipt", "mail"),
        ("requests_app.tasks.send_deadline_reminders", "mail"),
        ("interaction.tasks.notify_reply", "mail"),
        ("policies.tasks.send_digests", "mail"),
        ("portal.tasks.index_items", "search"),
        ("portal.tasks.reconcile_index", "search"),
        ("requests_app.tasks.escalate_overdue", "celery"),
        ("disclosure.tasks.screen_document", "celery"),
    ],
)
def test_tasks_go_to_their_queue(task, queue):
    assert queue_of(task) == queue


def test_a_receipt_is_queued_on_the_mail_queue_in_redis(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: the message is looked for in the broker")
    client = redis.Redis.from_url(settings.REDIS_URL)
    before = {name: client.llen(name) for name in ("mail", "celery")}
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        result = request_tasks.send_receipt.delay(0, "sealed")
    finally:
        app.conf.task_always_eager = eager
    try:
        assert client.llen("mail") == before["mail"] + 1
        assert client.llen("celery") == before["celery"]
        message = json.loads(client.lindex("mail", 0))
        assert message["headers"]["id"] == result.id
        assert message["headers"]["task"] == "requests_app.tasks.send_receipt"
    finally:
        client.lrem("mail", 0, client.lindex("mail", 0))
