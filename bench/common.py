"""What the benchmark scripts share: their database, the machine's load, the served portal.

In a script, before importing anything from Django::

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench import common

    common.setup(DEBUG="1")  # defaults for environment variables not already set

``setup()`` sets the environment (``SECRET_KEY``, ``ALLOWED_HOSTS``, … unless already set),
creates the PostgreSQL database named by ``DATABASE_URL`` if it is missing, starts Django and
runs ``migrate``, so that every script runs on a fresh database. After a bulk load,
``vacuum_analyze()`` gives the planner its statistics (without them it expects a few hundred
rows and reads whole tables). ``print_scale()`` and ``print_load()`` print the figures that say
how far a measurement can be trusted: how much data, and how busy the machine was just before
(the load average; 2 cores, often shared).

For scripts that serve the portal as in production (``load/run.py``, ``throughput.py``):
``server_env()``, ``manage()``, ``Processes`` (gunicorn, Celery; stopped in any case) and
``wait_until_up()``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent

# Production settings (DEBUG off unless a script asks for it) with what a benchmark on the
# loopback needs.
DEFAULTS = {
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "0",
}


def setup(**defaults: str) -> None:
    """Environment, database (created if missing), Django, ``migrate``."""
    for name, value in {**DEFAULTS, **defaults}.items():
        os.environ.setdefault(name, value)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database of its own.")
    create_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    migrate()


def create_database(url: str) -> None:
    """Create the PostgreSQL database named by ``url`` unless it exists."""
    import psycopg2

    server, name = url.rsplit("/", 1)
    name = name.split("?", 1)[0]
    conn = psycopg2.connect(f"{server}/postgres")
    conn.autocommit = True  # CREATE DATABASE cannot run in a transaction
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                print(f"creating database {name}", flush=True)
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()


def migrate() -> None:
    from django.core.management import call_command

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    elapsed = time.perf_counter() - began
    if elapsed > 5:
        print(f"migrate took {elapsed:.0f}s", flush=True)


def vacuum_analyze(*tables: str) -> float:
    """``VACUUM ANALYZE`` the tables (all when none are named); return its wall time.

    After a bulk load the planner has no statistics and PostgreSQL's visibility map is empty:
    a COUNT(*) reads the whole table instead of an index (seconds instead of milliseconds)."""
    from django.db import connection

    began = time.perf_counter()
    with connection.cursor() as cursor:  # autocommit: VACUUM cannot run in a transaction
        if tables:
            for table in tables:
                cursor.execute(f'VACUUM ANALYZE "{table}"')
        else:
            cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - began


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def print_load(before: str) -> None:
    """The machine's load just before a measurement (other work may share it)."""
    print(f"[{load_average()}] before {before}", flush=True)


def print_scale(**figures: int | str) -> None:
    """The data a run measured, e.g. ``print_scale(documents=100_000)``."""
    described = ", ".join(
        f"{value:,} {name.replace('_', ' ')}"
        if isinstance(value, int)
        else f"{name.replace('_', ' ')} {value}"
        for name, value in figures.items()
    )
    print(f"scale: {described}", flush=True)


# --- The portal served as in production -----------------------------------------------------


def server_env(
    *, database_url: str, redis_url: str, data_dir: Path, key_prefix: str
) -> dict[str, str]:
    """Environment of gunicorn and Celery: DEBUG off, plain HTTP on the loopback."""
    return {
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-load-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on the loopback: no redirect to HTTPS, cookies not marked Secure (a client
        # does not send Secure cookies over http, and the form needs its CSRF cookie back).
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": key_prefix,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DATA_DIR": str(data_dir),
        "SEARCH_INDEX_DIR": str(data_dir / "search-index"),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
        # Every virtual user comes from 127.0.0.1: lift the per-IP limits (the per-address limit
        # on the form stays; each application uses a new address).
        "REQUESTS_RATE_PER_IP": "1000000/h",
        "API_ANON_RATE": "1000000/minute",
    }


def manage(*command: str) -> float:
    """Run a management command in a process of its own; return its wall time."""
    began = time.perf_counter()
    command_line = [str(VENV_BIN / "python"), "manage.py", *command]
    subprocess.run(command_line, cwd=ROOT, check=True)  # noqa: S603 - our own manage.py
    return time.perf_counter() - began


def gunicorn_command(
    *, port: int, workers: int, threads: int, wsgi: str = "portal.wsgi"
) -> list[str]:
    return [
        str(VENV_BIN / "gunicorn"),
        wsgi,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--timeout",
        "120",
        # Longer than any pause between a user's requests: with gunicorn's default of 2 s, a
        # request sent just as the server drops the idle connection fails with a reset.
        "--keep-alive",
        "75",
    ]


class Processes:
    """Server processes started for a run, each in a session of its own, logging to a file."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.started: list[subprocess.Popen[bytes]] = []
        self.logs: list[IO[str]] = []

    def start(
        self, command: list[str], log: str, env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        out = open(self.log_dir / log, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop_all
        self.logs.append(out)
        process = subprocess.Popen(  # noqa: S603 - gunicorn and celery from our virtualenv
            command,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
        )
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in reversed(self.started):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.started.clear()
        for out in self.logs:
            out.close()
        self.logs.clear()


def get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - our own server
        response.read()
        return response.status


def wait_until_up(base: str, *, seconds: int = 60) -> None:
    for _ in range(seconds * 2):
        try:
            if get(base + "/healthz") == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer {base}/healthz within {seconds}s")
