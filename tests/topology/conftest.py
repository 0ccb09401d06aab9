"""Machinery of the topology test: a PostgreSQL streaming replica of the machine's cluster, on a
port of its own, and the portal's nodes (gunicorn) and worker as subprocesses, with the fault
drills' helpers (tests/faults/conftest.py).

The replica is made with ``pg_basebackup -R`` from the primary on 5432 into a temporary
directory and started with that version's ``pg_ctl``, as the ``postgres`` user (``runuser``).
The primary must accept replication connections from 127.0.0.1: when its ``pg_hba.conf`` has no
line for them, one (trust, 127.0.0.1 only, as its other lines) is added for the test and removed
afterwards. The copy creates a replication slot, so that the primary keeps its WAL until the
replica has it. Whatever happens, the replica is stopped, its directory removed and its slot
dropped.

Without root, PostgreSQL's server programs or a local PostgreSQL, the test is skipped, unless
``REQUIRE_TOPOLOGY=1`` (CI), where it fails instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg2
import pytest
import requests

from django.db import connection

from tests.faults.conftest import (  # noqa: F401 - fixtures and the hook that keeps logs
    BIN,
    Portal,
    Process,
    free_port,
    processes,
    pytest_runtest_makereport,
    redis_server,
    report,
    wait_until,
)

HBA_LINE = "host replication all 127.0.0.1/32 trust  # portal topology test\n"
SLOT_PREFIX = "portal_topology_"


def unavailable(reason: str) -> None:
    """Skip when the topology cannot run here; in CI (REQUIRE_TOPOLOGY=1) fail instead."""
    if os.environ.get("REQUIRE_TOPOLOGY") == "1":
        pytest.fail(f"REQUIRE_TOPOLOGY=1, but {reason}")
    pytest.skip(reason)


def _primary() -> psycopg2.extensions.connection:
    settings = connection.settings_dict
    return psycopg2.connect(
        dbname="postgres",
        user=settings["USER"] or "postgres",
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
    )


def _query(sql: str) -> str:
    with _primary() as conn, conn.cursor() as cursor:
        cursor.execute(sql)
        return str(cursor.fetchone()[0])


def _as_postgres(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - PostgreSQL's own programs
        [shutil.which("runuser") or "/usr/sbin/runuser", "-u", "postgres", "--", *args],
        capture_output=True,
        text=True,
        check=False,
    )


class Replica:
    """A hot standby of the primary cluster, streaming from it, on ``port``."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="portal-replica-"))
        shutil.chown(self.directory, "postgres", "postgres")
        self.directory.chmod(0o700)
        self.data = self.directory / "data"
        self.log = self.directory / "postgres.log"
        self.running = False
        self.slot = f"{SLOT_PREFIX}{os.getpid()}_{self.port}"

    def create(self) -> None:
        settings = connection.settings_dict
        made = _as_postgres(
            str(self.bin_dir / "pg_basebackup"), "-D", str(self.data), "-R", "-X", "stream",
            "-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432),
            "-U", settings["USER"] or "postgres", "--no-sync", "--checkpoint=fast",
            # A replication slot keeps the primary's WAL until the replica has it: on a busy
            # primary the segments after the copy are otherwise recycled before it starts.
            "--create-slot", "--slot", self.slot,
        )  # fmt: skip
        assert made.returncode == 0, f"pg_basebackup failed:\n{made.stderr}"
        # Debian keeps a cluster's configuration in /etc: the copy has none of its own.
        for name, text in (
            ("postgresql.conf", "hot_standby = on\n"),
            ("pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust\n"),
        ):
            path = self.data / name
            if not path.exists():
                path.write_text(text)
                shutil.chown(path, "postgres", "postgres")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory}"
        started = _as_postgres(
            str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip
        self.running = True
        assert started.returncode == 0, f"the replica did not start:\n{self.log_tail()}"

    def stop(self) -> None:
        if not self.running:
            return
        _as_postgres(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        self.running = False

    def log_tail(self) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])
        except OSError:
            return "(no log)"

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str) -> psycopg2.extensions.connection:
        return psycopg2.connect(
            dbname=database, user="postgres", host="127.0.0.1", port=self.port, connect_timeout=2
        )

    def remove(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def _drop_slots(only: str | None = None) -> None:
    """Drop the replication slot of this test (or every inactive one an earlier run left, which
    would keep the primary's WAL forever)."""

    def drop() -> bool:
        with _primary() as conn, conn.cursor() as cursor:
            cursor.execute(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                "WHERE slot_name LIKE %s AND NOT active",
                [only or f"{SLOT_PREFIX}%"],
            )
            cursor.execute("SELECT count(*) FROM pg_replication_slots WHERE slot_name = %s", [only])
            return cursor.fetchone()[0] == 0

    if only is None:
        drop()
    else:  # the replica's sender ends a moment after the replica stopped
        wait_until(drop, timeout=15, what=f"the replication slot {only} to be dropped")


def _allow_replication() -> Callable[[], None]:
    """Add the pg_hba line replication needs if missing; returns what undoes it."""
    hba = Path(_query("SHOW hba_file"))
    text = hba.read_text()
    if HBA_LINE in text:
        return lambda: None
    hba.write_text(text + HBA_LINE)
    _query("SELECT pg_reload_conf()")

    def undo() -> None:
        hba.write_text(hba.read_text().replace(HBA_LINE, ""))
        _query("SELECT pg_reload_conf()")

    return undo


@pytest.fixture
def replica(request) -> Iterator[Replica]:
    """A running streaming replica of the primary; stopped and removed afterwards, whatever
    happened."""
    reason = None
    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        reason = "the topology needs PostgreSQL (DATABASE_URL)"
    elif (settings["HOST"] or "localhost") not in ("localhost", "127.0.0.1"):
        reason = "the database is not on this machine"
    elif os.geteuid() != 0 or not shutil.which("runuser"):
        reason = "starting a PostgreSQL replica needs root and runuser"
    if reason:
        unavailable(reason)
    version = int(_query("SHOW server_version_num")) // 10000
    bin_dir = Path(f"/usr/lib/postgresql/{version}/bin")
    if not (bin_dir / "pg_ctl").exists() or not (bin_dir / "pg_basebackup").exists():
        unavailable(f"PostgreSQL {version}'s server programs are not in {bin_dir}")
    if _query("SHOW wal_level") == "minimal" or int(_query("SHOW max_wal_senders")) < 1:
        unavailable("the primary's wal_level/max_wal_senders do not allow a streaming replica")
    _drop_slots()
    undo_hba = _allow_replication()
    server = Replica(bin_dir)
    try:
        server.create()
        server.start()
        report(f"replica on port {server.port} in {server.directory}")
        yield server
    finally:
        if getattr(request.node, "drill_failed", True):
            report(f"--- last lines of the replica's log ---\n{server.log_tail()}")
        server.stop()
        server.remove()
        _drop_slots(server.slot)
        undo_hba()


def start_node(start: Callable[..., Process], name: str, env: dict[str, str]) -> Portal:
    """A portal node: gunicorn with one synchronous worker (persistent database connections)."""
    port = free_port()
    args = [str(BIN / "gunicorn"), "portal.wsgi:application"]
    args += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "60"]
    args += ["--access-logfile", "-"]
    node = Portal(f"http://127.0.0.1:{port}", start(name, args, env))

    def answers() -> bool:
        assert node.process.running(), f"{name} exited:\n{node.process.log()}"
        try:
            node.get("/healthz")
        except requests.ConnectionError:
            return False
        return True

    wait_until(answers, timeout=30, what=f"{name} to answer")
    return node
