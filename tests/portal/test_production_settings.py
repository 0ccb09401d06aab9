"""Production fails closed: with DEBUG off the database, Redis and the mail server are required,
each unless a variable says by name to do without; the refusal is one line. Rate limits are then
shared by every process (Redis), not counted per worker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
SERVICES = {
    "DATABASE_URL": "postgres://portal@db.internal:5432/portal",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "EMAIL_HOST": "smtp.example.gov.cn",
}
OPT_OUTS = ("ALLOW_SQLITE", "ALLOW_WITHOUT_REDIS", "EMAIL_BACKEND")


def production(**variables: str) -> dict[str, str]:
    """The environment of a production process: DEBUG off, the secrets set, no service and no
    opt-out unless given."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {*SERVICES, *OPT_OUTS, "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(SECRET_KEY="s" * 50, ALLOWED_HOSTS="gk.example.gov.cn", **variables)
    return environment


def run(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def settings_value(environment: dict[str, str], expression: str) -> subprocess.CompletedProcess:
    return run(environment, "-c", f"import portal.settings as s; print({expression})")


def test_production_without_its_services_refuses_to_start_naming_each():
    result = settings_value(production(), "s.DATABASES")
    assert result.returncode != 0
    for name in ("DATABASE_URL (or ALLOW_SQLITE=1)", "REDIS_URL (or ALLOW_WITHOUT_REDIS=1)",
                 "EMAIL_HOST (or EMAIL_BACKEND)"):  # fmt: skip
        assert name in result.stderr


@pytest.mark.parametrize("missing", list(SERVICES))
def test_each_service_is_required_on_its_own(missing):
    given = {name: url for name, url in SERVICES.items() if name != missing}
    result = settings_value(production(**given), "s.DATABASES")
    assert result.returncode != 0
    assert f"set {missing} (or " in result.stderr


def test_with_every_service_production_starts():
    result = settings_value(production(**SERVICES), "s.CACHES['default']['BACKEND']")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "portal.cache.DegradingRedisCache"


def test_each_fallback_must_be_asked_for_by_name():
    environment = production(
        ALLOW_SQLITE="1",
        ALLOW_WITHOUT_REDIS="1",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    result = settings_value(
        environment,
        "s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "django.db.backends.sqlite3 True django.core.mail.backends.dummy.EmailBackend"
    )


def test_development_still_falls_back_without_asking():
    environment = production(DEBUG="1")
    result = settings_value(environment, "s.DATABASES['default']['ENGINE'], s.EMAIL_BACKEND")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3 portal.mail.ConsoleBackend"


def test_manage_py_says_what_is_missing_in_one_line_without_a_traceback():
    result = run(production(), "manage.py", "check")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "portal: With DEBUG off, set DATABASE_URL (or ALLOW_SQLITE=1), REDIS_URL (or "
        "ALLOW_WITHOUT_REDIS=1), EMAIL_HOST (or EMAIL_BACKEND): see README, Security model."
    ]


def test_a_malformed_variable_is_one_line_too():
    result = run(production(**SERVICES, DEBUG="ture"), "manage.py", "check")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "DEBUG='ture' is not a boolean" in result.stderr


SHARED_COUNT = """
import django
django.setup()
from django.test import RequestFactory
from django_ratelimit.core import get_usage
request = RequestFactory().post("/requests/track/", REMOTE_ADDR="203.0.113.10")
usage = get_usage(request, group="test.shared", key="ip", rate="1/h", increment=True)
print(usage["count"])
"""


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL)")
def test_production_limits_are_shared_between_processes():
    """Finding: with the local-memory cache, four gunicorn workers allowed four times each limit.
    Production now requires Redis, and two processes count against one limit."""
    environment = production(
        **{**SERVICES, "REDIS_URL": os.environ["REDIS_URL"]},
        DJANGO_SETTINGS_MODULE="portal.settings",
        CACHE_KEY_PREFIX=f"shared-limits-{os.getpid()}",
    )
    counts = []
    for _process in range(2):
        result = run(environment, "-c", SHARED_COUNT)
        assert result.returncode == 0, result.stderr
        counts.append(result.stdout.strip())
    assert counts == ["1", "2"]


@pytest.mark.parametrize(
    ("variable", "value", "accepted"),
    [
        ("DEBUG", "ture", "use 1/0, true/false, yes/no or on/off"),
        ("DATABASE_URL", "mysql://portal@db/portal", "use postgres://user:password@host:5432/"),
        ("DATABASE_URL", "db.internal:5432/portal", "or sqlite:////path/to/file.sqlite3"),
        ("DATABASE_URL", "postgres://portal:secret@db:port/portal", "use postgres://"),
        ("REDIS_URL", "redis.internal:6379", "use redis://host:6379/0"),
        ("AXES_FAILURE_LIMIT", "five", "use a whole number such as 5"),
        ("API_ANON_RATE", "lots", "e.g. 120/minute"),
        ("REQUESTS_RATE_PER_IP", "ten", "e.g. 10/h or 5/15m"),
    ],
)
def test_a_bad_value_names_the_variable_and_what_it_accepts(variable, value, accepted):
    result = run(production(**{**SERVICES, variable: value}), "manage.py", "check")
    assert result.returncode != 0
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"portal: {variable}=")
    assert accepted in line


def test_a_bad_database_url_does_not_print_its_password():
    environment = production(**{**SERVICES, "DATABASE_URL": "postgres://portal:s3cret@db:x/p"})
    result = run(environment, "manage.py", "check")
    assert result.returncode != 0
    assert "s3cret" not in result.stderr
