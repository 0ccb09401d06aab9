"""Settings for the test run: the portal's settings with test-only defaults.

The database and Redis still come from ``DATABASE_URL`` / ``REDIS_URL`` (PostgreSQL and Redis
in CI); tasks run eagerly and passwords hash fast.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("CACHE_KEY_PREFIX", f"portal-test-{os.getpid()}")

# Without DEBUG the portal's settings require PostgreSQL, Redis and SMTP unless told by name to
# do without: the tests may run on SQLite without Redis, and mail goes to the test outbox. Only
# for this import, so that the processes tests start see the environment as production does.
_OPT_OUTS = {
    "ALLOW_SQLITE": "1",
    "ALLOW_WITHOUT_REDIS": "1",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}
_added = [name for name in _OPT_OUTS if name not in os.environ]
os.environ.update({name: _OPT_OUTS[name] for name in _added})
try:
    from portal.settings import *  # noqa: F403
    from portal.settings import DATA_DIR
finally:
    for _name in _added:
        del os.environ[_name]

CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = DATA_DIR / "test-media"
# Never the development index: tests that publish would fill it with their documents.
# Per run, so that concurrent test runs never share an index.
SEARCH_INDEX_DIR = Path(tempfile.mkdtemp(prefix="portal-test-search-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise warns when it is missing
# Tests change records directly and then read pages: the page cache is off, except in the tests
# of the cache itself (tests/portal/test_page_cache.py), which turn it on.
PAGE_CACHE_SECONDS = 0
# A read replica that is the test database itself (Django's test mirror), for the tests of the
# read routing (tests/portal/test_db_routing.py), which turn it on: elsewhere every read is the
# primary's, as without DATABASE_REPLICA_URLS.
DATABASES["replica_1"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
DATABASE_REPLICAS: list[str] = []
DB_ALIAS_HEADER = True
