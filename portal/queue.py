"""Queueing a Celery task by its name.

Tasks call services, and services queue tasks once their transaction commits. Naming the task
("requests_app.tasks.notify_applicant"), as one names a URL, keeps that loop out of the import
graph: a service never imports the tasks module that imports it. The task returned is the
registered one, so eager mode, retries and ``apply`` behave exactly as if it were imported.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from celery.exceptions import NotRegistered
from django.utils.module_loading import autodiscover_modules

from portal.celery import app

logger = logging.getLogger(__name__)


def task(name: str) -> Task:
    try:
        return app.tasks[name]
    except NotRegistered:
        # A web process has not imported the apps' tasks modules yet (a worker has): do it
        # once, as the admin discovers admin modules.
        autodiscover_modules("tasks")
        return app.tasks[name]


def enqueue(name: str, *args: Any) -> None:
    """Queue a task; if the broker is unreachable, do the work now rather than lose it.

    One attempt (no retries: the citizen waits), and a failure is logged, not raised: what the
    citizen sent is saved and its code on the screen, so they must see the confirmation, not an
    error page that makes them send it again."""
    from kombu.exceptions import OperationalError as BrokerError

    registered = task(name)
    try:
        registered.delay(*args)
    except BrokerError:
        logger.warning("broker unreachable; running %s in the request", registered.name)
        try:
            registered.apply(args=args, retries=registered.max_retries)
        except Exception:
            logger.exception("%s failed in the request as well", registered.name)
