"""The Celery application. Settings come from Django's settings under the ``CELERY_`` namespace,
including ``CELERY_BEAT_SCHEDULE``; tasks are discovered in each app's ``tasks.py``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
