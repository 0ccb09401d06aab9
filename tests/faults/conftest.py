"""Machinery of the fault drills: the portal's own processes (gunicorn, a Celery worker,
management commands) run as subprocesses with production settings (``server_settings``) against
services a drill starts, stops and breaks: a private Redis, an SMTP server that fails on purpose,
the PostgreSQL cluster.

The subprocesses use the test database, so the test data must be committed
(``transactional_db``). Waiting is polling with a deadline, never a bare sleep.
"""

from __future__ import annotations

import email
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email import policy
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from celery import Celery
from django.db import connection

from portal.models import Agency
from tests.requests_app.test_application_form import ACCESS_CODE, person

BASE_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate: Callable[[], object], *, timeout: float, what: str) -> float:
    """Poll until ``predicate()`` is true; returns the seconds it took."""
    start = time.monotonic()
    while True:
        if predicate():
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.02)


def unavailable(reason: str) -> None:
    """Skip a drill that cannot run here; in CI (REQUIRE_FAULTS=1) fail it instead."""
    if os.environ.get("REQUIRE_FAULTS") == "1":
        pytest.fail(f"REQUIRE_FAULTS=1, but {reason}")
    pytest.skip(reason)


def report(message: str) -> None:
    """A line for the drill's log (shown with ``pytest -s`` or when the drill fails)."""
    print(f"[faults] {message}", flush=True)


class Process:
    """A subprocess whose output goes to a log file."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = self.log_path.open("wb")
        self.popen = subprocess.Popen(  # noqa: S603 - our own programs
            args, cwd=BASE_DIR, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def running(self) -> bool:
        return self.popen.poll() is None

    def wait(self, timeout: float) -> int:
        return self.popen.wait(timeout=timeout)

    def kill(self) -> None:
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.running():
            self.popen.terminate()
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
    outcome = yield
    if outcome.when == "call":
        item.drill_failed = outcome.failed
    return outcome


@pytest.fixture
def processes(request, tmp_path: Path) -> Iterator[Callable[..., Process]]:
    """Start subprocesses that are stopped after the drill (their logs printed if it failed)."""
    started: list[Process] = []

    def start(name: str, args: list[str], env: dict[str, str]) -> Process:
        process = Process(name, args, env, tmp_path)
        started.append(process)
        return process

    yield start
    for process in reversed(started):
        process.stop()
        if getattr(request.node, "drill_failed", True):
            tail = "\n".join(process.log().splitlines()[-40:])
            report(f"--- last lines of {process.name} ---\n{tail}")


# --- Redis ------------------------------------------------------------------------------------


class Redis:
    """A private redis-server on a spare port, without persistence: the shared one on 6379 is
    never touched."""

    def __init__(self, start: Callable[..., Process]) -> None:
        self.port = free_port()
        self._start = start
        self.process: Process | None = None
        self.starts = 0

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        self.starts += 1
        args = [shutil.which("redis-server") or "redis-server", "--port", str(self.port)]
        args += ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = self._start(f"redis-{self.starts}", args, dict(os.environ))
        wait_until(self.answers, timeout=10, what="redis-server to answer")

    def stop(self) -> None:
        assert self.process is not None
        self.process.stop()
        wait_until(lambda: not self.answers(), timeout=10, what="redis-server to stop")


@pytest.fixture
def redis_server(processes) -> Redis:
    if not shutil.which("redis-server"):
        unavailable("redis-server is not installed")
    server = Redis(processes)
    server.start()
    return server


# --- SMTP -------------------------------------------------------------------------------------


class SmtpServer:
    """A small SMTP server on 127.0.0.1 that fails on purpose. ``failures`` says what the next
    connections get, one each: "421" (refused at the greeting) or "451" (the message is refused
    after DATA, once it was transmitted); a drill may add more. Other connections deliver;
    ``messages`` holds what was accepted (answered 250 after DATA)."""

    def __init__(self, failures: list[str]) -> None:
        self.failures = list(failures)
        self.connections = 0
        self.messages: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._closed = True
        self._socket.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _address = self._socket.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with self._lock:
            self.connections += 1
            failure = self.failures.pop(0) if self.failures else None
        with conn, conn.makefile("rb") as lines:

            def reply(text: str) -> None:
                conn.sendall(text.encode() + b"\r\n")

            if failure == "421":
                reply("421 4.3.2 Service not available, closing channel")
                return
            reply("220 faults.localhost ESMTP")
            while line := lines.readline():
                command = line[:4].upper()
                if command in (b"EHLO", b"HELO"):
                    reply("250 faults.localhost")
                elif command == b"DATA":
                    reply("354 End data with <CR><LF>.<CR><LF>")
                    data = b"".join(iter(lambda: lines.readline(), b".\r\n"))
                    if failure == "451":
                        reply("451 4.3.0 Temporary failure, try again later")
                    else:
                        message = email.message_from_bytes(data, policy=policy.default)
                        with self._lock:
                            self.messages.append(message)
                        reply("250 2.0.0 Ok: queued")
                elif command == b"QUIT":
                    reply("221 2.0.0 Bye")
                    return
                else:
                    reply("250 2.0.0 Ok")

    def texts(self) -> list[str]:
        with self._lock:
            return [m.get_body(("plain",)).get_content() for m in self.messages]


@pytest.fixture
def smtp_server() -> Iterator[Callable[[list[str]], SmtpServer]]:
    """Start SMTP servers failing the first connections as told (``[]``: none fail)."""
    servers: list[SmtpServer] = []

    def start(failures: list[str]) -> SmtpServer:
        servers.append(SmtpServer(failures))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


# --- The portal's processes -------------------------------------------------------------------


def database_url() -> str:
    """The test database (pytest-django's), for the subprocesses."""
    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        unavailable("the fault drills need PostgreSQL (DATABASE_URL): subprocesses share its data")
    user = quote(settings["USER"] or "", safe="")
    password = quote(settings["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = settings["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}{host}:{settings['PORT'] or 5432}/{settings['NAME']}"


def portal_env(
    tmp_path: Path,
    *,
    redis_url: str = "",
    smtp: SmtpServer | None = None,
    index_dir: Path | None = None,
) -> dict[str, str]:
    """The environment of a production deployment, pointed at the drill's services."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DEBUG",))}
    for key in ("REDIS_URL", "EMAIL_BACKEND", "CELERY_TASK_ALWAYS_EAGER", "SEARCH_QUEUE"):
        env.pop(key, None)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.faults.server_settings",
        PYTHONPATH=str(BASE_DIR),
        DATABASE_URL=database_url(),
        DATA_DIR=str(tmp_path / "data"),
        SEARCH_INDEX_DIR=str(index_dir or tmp_path / "search-index"),
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        CACHE_KEY_PREFIX=f"faults-{os.getpid()}",
        LOG_LEVEL="INFO",
    )
    env.pop("ALLOW_WITHOUT_REDIS", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        # Production settings refuse to start without Redis unless told (portal/settings.py).
        env["ALLOW_WITHOUT_REDIS"] = "1"
    if smtp is not None:
        env.update(
            EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp.port), EMAIL_USE_TLS="0", EMAIL_TIMEOUT="5"
        )
    else:
        env["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    return env


@dataclass
class Portal:
    url: str
    process: Process

    def get(self, path: str, session: requests.Session | None = None) -> requests.Response:
        return (session or requests).get(self.url + path, timeout=30, allow_redirects=False)


def start_portal(start: Callable[..., Process], env: dict[str, str]) -> Portal:
    """gunicorn with one synchronous worker: one thread, whose database connection persists
    from request to request (CONN_MAX_AGE), as in production."""
    port = free_port()
    args = [str(BIN / "gunicorn"), "portal.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    args += ["--workers", "1", "--timeout", "60", "--access-logfile", "-"]
    portal = Portal(f"http://127.0.0.1:{port}", start("gunicorn", args, env))

    def answers() -> bool:
        assert portal.process.running(), f"gunicorn exited:\n{portal.process.log()}"
        try:
            portal.get("/healthz")
        except requests.ConnectionError:
            return False
        return True

    wait_until(answers, timeout=30, what="gunicorn to answer")
    return portal


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TRACKING_NUMBER = re.compile(r"\d{4}-\d{6}")


def apply_online(portal: Portal, agency: Agency) -> tuple[str, str]:
    """The applicant's journey: the form, sending it, the confirmation page; returns the
    tracking number and the access code shown."""
    session = requests.Session()
    form = portal.get("/requests/apply/", session)
    assert form.status_code == 200, form.text[:2000]
    data = {**person(agency), "csrfmiddlewaretoken": CSRF.search(form.text).group(1)}
    sent = session.post(f"{portal.url}/requests/apply/", data=data, allow_redirects=False)
    assert sent.status_code == 302, sent.text[:2000]
    assert sent.headers["Location"].endswith("/requests/apply/done/")
    done = portal.get("/requests/apply/done/", session)
    assert done.status_code == 200, done.text[:2000]
    return TRACKING_NUMBER.search(done.text).group(0), ACCESS_CODE.search(done.text).group(0)


def start_worker(start: Callable[..., Process], env: dict[str, str]) -> Process:
    """A Celery worker process on the default, the search and the mail queues."""
    args = [
        str(BIN / "celery"), "-A", "portal", "worker", "--pool", "solo",
        "-Q", "celery,search,mail",
    ]  # fmt: skip
    args += ["--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "info"]
    args += ["-n", f"faults-{free_port()}@%h"]
    worker = start("celery-worker", args, env)
    wait_until(lambda: "ready." in worker.log(), timeout=60, what="the Celery worker")
    return worker


def task_outcome(worker: Process, task_id: str) -> str | None:
    """What the worker logged at the end of a task ("succeeded in 0.01s: 1"), or None."""
    found = re.search(rf"Task \S+\[{task_id}\] (succeeded in .*|raised .*)", worker.log())
    return found.group(1) if found else None


def send_task(broker_url: str, name: str, *args: object, queue: str = "celery") -> str:
    """Queue a task by name, as beat or a service would; returns its id."""
    # Not the current app: shared tasks used later in this process must keep the portal's
    # (eager) app, not send to this drill's broker once it is gone.
    sender = Celery("faults", broker=broker_url, set_as_current=False)
    try:
        return sender.send_task(name, args=list(args), queue=queue).id
    finally:
        sender.close()
