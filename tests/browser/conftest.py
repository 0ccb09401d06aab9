"""Browser journeys: headless Chromium (Debian's) against a live portal with demo data.

The portal runs in its own server process with its own data directory and database, so that
nothing in these tests touches Django's ORM in-process (Playwright's sync API runs an event
loop) and nothing they do leaks into other test databases. Without ``DATABASE_URL`` it uses
SQLite in a temporary directory; with a PostgreSQL ``DATABASE_URL`` it uses a database named
``<that database>_browser``, dropped and created at the start and dropped at the end. Tasks run
in-process (no ``REDIS_URL``).

Missing Chromium or axe-core skips these tests, except under ``REQUIRE_BROWSER=1`` (CI), where
it fails them. Run them alone with ``pytest -m browser tests/browser``; every journey leaves a
full-page screenshot in ``$BROWSER_ARTIFACTS`` (default ``var/browser-artifacts/<UTC time>``),
named at the end of the run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SERVER_START_SECONDS = 60
# What Playwright waits for before a step fails: generous for a shared 2-core machine, far
# below the per-test pytest-timeout. The journeys' time limits count the test itself
# (``timeout(..., func_only=True)``), not the start of the portal, which the first journey
# would otherwise pay for: migrate, load_demo and rebuild_index have limits of their own (300 s
# each) and the server SERVER_START_SECONDS.
STEP_TIMEOUT_MS = 20_000
ARTIFACTS_KEY = pytest.StashKey[Path]()


def require(condition: bool, reason: str) -> None:
    """Skip when something the browser tests need is missing; fail under REQUIRE_BROWSER=1."""
    if condition:
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


# --- Artifacts: one full-page screenshot per journey ---------------------------------------


def _artifacts_dir(config: pytest.Config) -> Path:
    if ARTIFACTS_KEY not in config.stash:
        chosen = os.environ.get("BROWSER_ARTIFACTS")
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        path = Path(chosen) if chosen else REPO / "var" / "browser-artifacts" / stamp
        path.mkdir(parents=True, exist_ok=True)
        config.stash[ARTIFACTS_KEY] = path
    return config.stash[ARTIFACTS_KEY]


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    path = config.stash.get(ARTIFACTS_KEY, None)
    if path is not None:
        shots = len(list(path.glob("*.png")))
        terminalreporter.write_sep("-", "browser journeys")
        terminalreporter.write_line(f"{shots} screenshots in {path}")


@pytest.fixture
def screenshot(request: pytest.FixtureRequest):
    """``screenshot(page)`` saves a full-page screenshot named after the test."""
    folder = _artifacts_dir(request.config)

    def save(page, suffix: str = "") -> Path:
        name = request.node.name + (f"-{suffix}" if suffix else "")
        path = folder / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name).strip('_')}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


# --- The live portal ------------------------------------------------------------------------


@dataclass
class Portal:
    url: str
    log: Path

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _browser_database_url(database_url: str) -> str | None:
    """``<name>_browser`` on the same PostgreSQL server, or None for SQLite."""
    parts = urlsplit(database_url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        return None
    name = parts.path.lstrip("/") or "postgres"
    return urlunsplit(parts._replace(path=f"/{name}_browser"))


def _postgres(database_url: str, statement: str) -> None:
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    connection = psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL(statement).format(sql.Identifier(name)))
    finally:
        connection.close()


def _server_env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    # pytest-django set DJANGO_SETTINGS_MODULE=tests.settings in this process; the server runs
    # the portal's own settings. No Redis: tasks run in-process; no SMTP: mail goes to the log.
    for name in ("DJANGO_SETTINGS_MODULE", "REDIS_URL", "DATABASE_URL", "EMAIL_HOST"):
        env.pop(name, None)
    env.update(
        DEBUG="1",
        DATA_DIR=str(data_dir),
        SECURE_SSL_REDIRECT="0",
        PYTHONUNBUFFERED="1",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _manage(env: dict[str, str], log: Path, *args: str) -> None:
    with log.open("a") as out:
        out.write(f"\n$ manage.py {' '.join(args)}\n")
        out.flush()
        result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=300,
            check=False,
        )
    if result.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:])
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{tail}", pytrace=False)


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = dt.datetime.now() + dt.timedelta(seconds=SERVER_START_SECONDS)
    while dt.datetime.now() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        # Polling a starting server: the one wait that Playwright cannot do for us.
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=0.25)
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:])
    pytest.fail(f"the portal did not answer /healthz:\n{tail}", pytrace=False)


@contextlib.contextmanager
def demo_server(
    name: str,
    *,
    demo_options: tuple[str, ...] = (),
    before_index: tuple[str, ...] = (),
    environment: dict[str, str] | None = None,
) -> Iterator[Portal]:
    """A portal server with demo data (``load_demo *demo_options``) on a free port, in a
    database ``<database>_browser<name>`` made for it and dropped after; ``before_index``: a
    ``shell -c`` script run before the search index is built (data a journey plants)."""
    root = Path(tempfile.mkdtemp(prefix=f"portal-browser{name}-"))
    log = root / "server.log"
    database_url = _browser_database_url(os.environ.get("DATABASE_URL", ""))
    if database_url:
        database_url += name
        _postgres(database_url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
        _postgres(database_url, "CREATE DATABASE {}")
    env = _server_env(root / "data", database_url)
    env.update(environment or {})
    process = None
    try:
        _manage(env, log, "migrate", "--noinput")
        _manage(env, log, "load_demo", *demo_options)
        if before_index:
            _manage(env, log, "shell", "-c", *before_index)
        _manage(env, log, "rebuild_index")
        port = _free_port()
        with log.open("a") as out:
            process = subprocess.Popen(  # noqa: S603 - our own manage.py
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=REPO,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, process, log)
        yield Portal(url=url, log=log)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if database_url:
            with contextlib.suppress(Exception):
                _postgres(database_url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def portal() -> Iterator[Portal]:
    """A portal server with demo data on a free port, for the whole session."""
    with demo_server("") as served:
        yield served


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    portal = getattr(item, "funcargs", {}).get("portal")
    if report.failed and isinstance(portal, Portal):
        report.sections.append(("portal server log (tail)", portal.log_tail()))


# --- Chromium -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - requirements.txt has it
        require(False, "Playwright for Python is not installed (pip install -r requirements.txt)")
    require(
        CHROMIUM.exists(),
        f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)",
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, portal: Portal):
    """A fresh browser profile that prefers Simplified Chinese, like most of the portal's
    readers (the portal is in Chinese whatever the browser prefers, until the visitor chooses
    English with the switch)."""
    from playwright.sync_api import expect

    context = browser.new_context(
        base_url=portal.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(STEP_TIMEOUT_MS)
    expect.set_options(timeout=STEP_TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A page that fails its test when the Content-Security-Policy blocks anything on a public
    page: public templates keep their scripts and styles in static/ (the back office is
    checked elsewhere)."""
    page = context.new_page()
    blocked: list[str] = []

    def on_console(message) -> None:
        if "Content Security Policy" in message.text and "/admin/" not in page.url:
            blocked.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    yield page
    assert not blocked, "the Content-Security-Policy blocked:\n" + "\n".join(blocked)


@pytest.fixture(scope="session")
def axe_script() -> Path:
    require(
        AXE.exists(),
        f"{AXE.relative_to(REPO)} is missing: run `npm ci` in the repository (package.json)",
    )
    return AXE


@pytest.fixture(scope="session")
def journey_state() -> dict:
    """What one journey leaves for the next (the request the applicant submitted)."""
    return {}
