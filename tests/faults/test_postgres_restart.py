"""Drill: PostgreSQL restarts under a running portal.

gunicorn (one synchronous worker) keeps its database connection from request to request
(``conn_max_age``); the restart kills it. Because the settings also set ``conn_health_checks``,
the first request after the restart finds the connection dead, opens a new one and succeeds:
no visitor sees an error once the database is back.

This restarts the machine's cluster (``pg_ctlcluster``, as root): other test runs on it lose
their connections for a moment. Without root or pg_ctlcluster the drill is skipped, unless
REQUIRE_FAULTS=1 (CI), where it fails instead. The cluster is ``FAULTS_PG_CLUSTER``
("15 main" unless set). This process holds no database connection during the restart (the
test database is only flushed afterwards, over a new connection).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import psycopg2
import pytest

from django.db import connection, connections

from tests.faults.conftest import portal_env, report, start_portal, unavailable, wait_until

pytestmark = [pytest.mark.faults, pytest.mark.timeout(120)]

CLUSTER = (os.environ.get("FAULTS_PG_CLUSTER") or "15 main").split()
PAGES = ["/requests/apply/", "/healthz"]


@pytest.fixture
def restartable() -> None:
    reason = None
    if os.geteuid() != 0:
        reason = "restarting PostgreSQL needs root"
    elif not shutil.which("pg_ctlcluster") or not shutil.which("pg_isready"):
        reason = "pg_ctlcluster and pg_isready (postgresql-common) are missing"
    elif (connection.settings_dict["HOST"] or "localhost") not in ("localhost", "127.0.0.1"):
        reason = "the database is not on this machine"
    if reason:
        unavailable(reason)


def _ready() -> bool:
    settings = connection.settings_dict
    command = ["pg_isready", "-q", "-h", settings["HOST"] or "127.0.0.1"]
    command += ["-p", str(settings["PORT"] or 5432)]
    return subprocess.run(command, check=False).returncode == 0  # noqa: S603


def _portal_backends() -> set[int]:
    """Server processes of PostgreSQL connected to the test database (the portal's)."""
    settings = connection.settings_dict
    with (
        psycopg2.connect(
            dbname="postgres",
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            host=settings["HOST"] or "127.0.0.1",
            port=settings["PORT"] or 5432,
        ) as admin,
        admin.cursor() as cursor,
    ):
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [settings["NAME"]])
        pids = {row[0] for row in cursor.fetchall()}
    admin.close()
    return pids


def _restart() -> None:
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", *CLUSTER, "restart"]
    subprocess.run(command, check=True, timeout=60, capture_output=True)  # noqa: S603


def test_the_portal_answers_the_first_request_after_a_postgres_restart(
    transactional_db, restartable, processes, tmp_path
):
    connections.close_all()  # none across the restart
    portal = start_portal(processes, portal_env(tmp_path))
    for path in PAGES * 2:
        assert portal.get(path).status_code == 200, path
    before = _portal_backends()
    assert len(before) == 1, "one persistent connection for all requests"

    started = time.monotonic()
    try:
        _restart()
        restarted = time.monotonic() - started
        wait_until(_ready, timeout=60, what="pg_isready")
        ready = time.monotonic() - started
        first = portal.get(PAGES[0])
    finally:
        connections.close_all()  # broken by the restart if any was open
    report(f"restart {restarted:.2f}s, accepting connections after {ready:.2f}s")

    assert first.status_code == 200, first.text[:2000]
    for path in PAGES * 2:
        assert portal.get(path).status_code == 200, path
    after = _portal_backends()
    assert len(after) == 1
    assert not after & before, "the connection was opened again after the restart"
