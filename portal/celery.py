"""The Celery application. Settings come from Django's settings under the ``CELERY_`` namespace,
including ``CELERY_BEAT_SCHEDULE``; tasks are discovered in each app's ``tasks.py``."""

import logging
import os

from celery import Celery, signals

from portal.redaction import RedactSecretsFilter

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.after_setup_logger.connect
@signals.after_setup_task_logger.connect
def _redact_secrets(logger: logging.Logger, **kwargs: object) -> None:
    """A worker sets up its own log handlers: they blank secrets too (a task's arguments may
    hold a sealed access code)."""
    for handler in logger.handlers:
        handler.addFilter(RedactSecretsFilter())


@signals.beat_init.connect
def _only_one_beat(sender: object, **kwargs: object) -> None:
    """Beat runs once in the whole deployment: a second one exits (portal.beat_lock)."""
    from portal import beat_lock

    beat_lock.hold_or_exit()
