"""Settings of the portal processes the fault drills start (server, worker, commands): the
production settings, configured from the environment as in production, except that static files
are served without a manifest (the drills run no collectstatic)."""

import os

os.environ.setdefault("SECRET_KEY", "fault-drill-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from portal.settings import *  # noqa: F403
from portal.settings import STATIC_ROOT

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
