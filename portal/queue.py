"""Queueing a Celery task by its name.

Tasks call services, and services queue tasks once their transaction commits. Naming the task
("requests_app.tasks.notify_applicant"), as one names a URL, keeps that loop out of the import
graph: a service never imports the tasks module that imports it. The task returned is the
registered one, so eager mode, retries and ``apply`` behave exactly as if it were imported.
"""

from __future__ import annotations

from celery import Task
from celery.exceptions import NotRegistered
from django.utils.module_loading import autodiscover_modules

from portal.celery import app


def task(name: str) -> Task:
    try:
        return app.tasks[name]
    except NotRegistered:
        # A web process has not imported the apps' tasks modules yet (a worker has): do it
        # once, as the admin discovers admin modules.
        autodiscover_modules("tasks")
        return app.tasks[name]
