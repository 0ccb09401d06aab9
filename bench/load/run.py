"""Load test of the public portal: gunicorn on PostgreSQL and Redis, driven by locust.

    .venv/bin/python bench/load/run.py [--stages 25,50,100,200] [--stage-seconds 75]
        [--applicants 2] [--submit-every 3] [--documents 100000] [--requests 20000] [--nodes 2]

Builds (once) a database of its own, ``portal_load``, with the demo agencies, ``--documents``
published documents and ``--requests`` information requests, and a search index holding them
(``var/load/``); a second run finds them and goes straight to the test. It runs ``VACUUM
ANALYZE`` every time (cheap once done; the planner needs statistics). Then it serves the
portal with gunicorn (DEBUG off, static files through WhiteNoise, Redis cache and broker on DB
6, one Celery worker for the receipt e-mails), warms every worker thread up, and runs locust
headless: browsing users rising in stages (home, catalog, document, search, api-list,
api-detail) and a steady stream of applications through the public form (submit-form, submit).

With ``--nodes 2`` (or more) it starts that many gunicorn nodes (each ``--workers`` x
``--threads``, on ports ``--port``, ``--port``+1, …) sharing the database, Redis and the search
index, as several web nodes would; the users are spread over them in turn, and the figures are
printed per node as well.

Prints requests per second overall and per stage, p50/p95/p99 per request type, the failures,
and then checks in the database that every application whose confirmation page showed a
tracking number was saved with its ``submit`` timeline event: "N accepted, N found, 0 lost".
Exits non-zero on any failed request, server error or lost application.

The per-IP limits on the public form and the anonymous API (django-ratelimit, DRF throttle)
are raised through their settings (``REQUESTS_RATE_PER_IP``, ``API_ANON_RATE``) because every
virtual user comes from 127.0.0.1; the per-address limit on the form stays at its default and
each application uses a new e-mail address. Figures measured: ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402

VENV_BIN = common.VENV_BIN

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--stages", default="25,50,100,200", help="browsing users per stage")
parser.add_argument("--stage-seconds", type=int, default=75)
parser.add_argument("--applicants", type=int, default=2, help="users submitting applications")
parser.add_argument(
    "--submit-every", type=float, default=3.0, help="seconds between one applicant's submissions"
)
parser.add_argument("--documents", type=int, default=100_000)
parser.add_argument("--requests", type=int, default=20_000)
parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/portal_load")
parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/6")
parser.add_argument(
    "--data-dir", type=Path, default=ROOT / "var" / "load", help="search index, logs, figures"
)
parser.add_argument("--port", type=int, default=8300)
# 2 cores: 4 processes keep both cores busy while some threads wait on PostgreSQL or Redis;
# 2 threads each overlap that waiting without the GIL contention of many threads. 8 requests
# in flight hold 8 persistent database connections (CONN_MAX_AGE), far below max_connections.
parser.add_argument("--workers", type=int, default=4)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--nodes", type=int, default=1, help="gunicorn nodes, users spread over them")
args = parser.parse_args()
DATA_DIR = args.data_dir.resolve()

ENV = common.server_env(
    database_url=args.database_url, redis_url=args.redis_url, data_dir=DATA_DIR, key_prefix="load"
)
os.environ.update(ENV)
manage = common.manage


# --- The data, built when missing -----------------------------------------------------------

print(f"Database {args.database_url}, Redis {args.redis_url}, data in {DATA_DIR}")
common.setup()  # creates the database if missing, migrates

from django.db import connection  # noqa: E402

from disclosure.models import Document, Theme  # noqa: E402
from portal.models import Agency  # noqa: E402
from portal.search import store  # noqa: E402
from publishing.models import Status  # noqa: E402
from requests_app.models import InformationRequest, RequestEvent  # noqa: E402

if not Agency.objects.exists():
    manage("load_demo", "--allow-production")
published = Document.objects.filter(status=Status.PUBLISHED).count()
if published < args.documents:
    need = args.documents - published
    print(f"Generating {need} documents …")
    print(f"  {need} documents in {manage('generate_documents', str(need)):.0f}s")
generated = InformationRequest.objects.filter(tracking_number__startswith="B").count()
if generated < args.requests:
    need = args.requests - generated
    print(f"Generating {need} requests …")
    print(f"  {need} requests in {manage('generate_requests', str(need)):.0f}s")
published = Document.objects.filter(status=Status.PUBLISHED).count()
indexed = store.get_index().doc_count()
if indexed < published:
    print(f"Search index holds {indexed} items, {published} documents published: rebuilding …")
    print(f"  rebuild_index took {manage('rebuild_index', '--verbosity', '0'):.0f}s")
    store.forget()
    indexed = store.get_index().doc_count()
# Every run (only what changed is copied): a manifest from an older checkout lacks new files.
manage("collectstatic", "--noinput", "--verbosity", "0")
# Statistics for the planner: without them, after a bulk load, it expects a few hundred rows
# and reads the whole document table for every catalog page (seconds per page). Autovacuum
# would get there eventually; a crash of the server resets its counters.
print(f"VACUUM ANALYZE took {common.vacuum_analyze():.0f}s")
requests_count = InformationRequest.objects.count()
common.print_scale(
    published_documents=published, information_requests=requests_count, search_index_items=indexed
)

targets = {
    "document_ids": list(
        Document.objects.filter(status=Status.PUBLISHED)
        .order_by("?")
        .values_list("pk", flat=True)[:5000]
    ),
    "agency_codes": list(Agency.objects.active().values_list("code", flat=True)),
    # Only agencies that take applications (Art 27): the form refuses the others, rightly.
    "agency_ids": list(
        Agency.objects.active().filter(takes_applications=True).values_list("pk", flat=True)
    ),
    "theme_ids": list(Theme.objects.values_list("pk", flat=True)),
}
(DATA_DIR / "targets.json").write_text(json.dumps(targets), encoding="utf-8")
connection.close()

# --- The server --------------------------------------------------------------------------

if args.nodes < 1:
    raise SystemExit("--nodes must be at least 1")
NODES = [f"http://127.0.0.1:{args.port + number}" for number in range(args.nodes)]
BASE = NODES[0]
LOGS = ["gunicorn.log"] + [f"gunicorn-{number + 1}.log" for number in range(1, args.nodes)]
processes = common.Processes(DATA_DIR)


def get(url: str) -> int:
    return common.get(url)


common.print_load("the load test")
load_before = os.getloadavg()
for number, log in enumerate(LOGS):
    processes.start(
        common.gunicorn_command(
            port=args.port + number, workers=args.workers, threads=args.threads
        ),
        log,
    )
processes.start(
    [str(VENV_BIN / "celery"), "-A", "portal", "worker", "--pool", "solo", "-Q", "celery,mail"],
    "celery.log",
)
report_path = DATA_DIR / "report.json"
report_path.unlink(missing_ok=True)
try:
    for node in NODES:
        common.wait_until_up(node)
    # Warm every worker thread up: jieba's dictionary and a Whoosh searcher per thread load on
    # first use (seconds), which would otherwise land in the first stage's figures.
    document = targets["document_ids"][0]
    warm = [
        "/",
        "/disclosure/",
        "/search/?q=%E6%94%BF%E5%8A%A1",
        f"/disclosure/documents/{document}/",
    ]
    warm += ["/api/v1/documents/", f"/api/v1/documents/{document}/", "/requests/apply/"]
    began = time.perf_counter()
    urls = [node + path for node in NODES for path in warm]
    with ThreadPoolExecutor(args.workers * args.threads * 2) as pool:
        list(pool.map(get, urls * args.workers * args.threads * 3))
    print(
        f"Server: {args.nodes} node(s) of gunicorn gthread, {args.workers} workers x "
        f"{args.threads} threads, on port(s) {args.port}-{args.port + args.nodes - 1}; "
        f"warmed up in {time.perf_counter() - began:.0f}s"
    )

    # PostgreSQL connections of this database, sampled during the run.
    peak_connections = [0]
    sampling = threading.Event()

    def sample_connections() -> None:
        import psycopg2

        server, name = args.database_url.rsplit("/", 1)
        conn = psycopg2.connect(f"{server}/postgres")
        conn.autocommit = True
        with conn.cursor() as cursor:
            while not sampling.wait(2):
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name])
                peak_connections[0] = max(peak_connections[0], cursor.fetchone()[0])
        conn.close()

    sampler = threading.Thread(target=sample_connections, daemon=True)
    sampler.start()
    stages = [int(n) for n in args.stages.split(",")]
    total_seconds = len(stages) * args.stage_seconds
    print(
        f"Locust: stages {args.stages} browsing users, {args.stage_seconds}s each; "
        f"{args.applicants} applicants, one submission every {args.submit_every:g}s each …",
        flush=True,
    )
    submissions_since = time.time()
    locust_output = open(DATA_DIR / "locust.out", "w", encoding="utf-8")  # noqa: SIM115
    subprocess.run(  # noqa: S603 - locust from our virtualenv
        [
            str(VENV_BIN / "locust"),
            "-f",
            str(Path(__file__).parent / "locustfile.py"),
            "--headless",
            "--host",
            BASE,
            "--run-time",
            f"{total_seconds + 60}s",
            "--csv",
            str(DATA_DIR / "locust"),
            "--only-summary",
            # At the end, let every user finish the request it is in (an application posted
            # must have its confirmation read, or it counts as saved but not accepted).
            "--stop-timeout",
            "90",
            "--loglevel",
            "WARNING",
            "--logfile",
            str(DATA_DIR / "locust.log"),
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "LOAD_TARGETS": str(DATA_DIR / "targets.json"),
            "LOAD_STAGES": args.stages,
            "LOAD_STAGE_SECONDS": str(args.stage_seconds),
            "LOAD_APPLICANTS": str(args.applicants),
            "LOAD_SUBMIT_EVERY": str(args.submit_every),
            "LOAD_REPORT": str(report_path),
            "LOAD_HOSTS": ",".join(NODES) if args.nodes > 1 else "",
        },
        stdout=locust_output,
        stderr=subprocess.STDOUT,
        check=False,
    )
    sampling.set()
    load_after = os.getloadavg()
finally:
    processes.stop_all()

# --- Figures -----------------------------------------------------------------------------

if not report_path.exists():
    raise SystemExit(f"locust wrote no report; see {DATA_DIR / 'locust.log'}")
report = json.loads(report_path.read_text(encoding="utf-8"))
print()
print(
    f"Overall: {report['requests']} requests in {report['seconds']:.0f}s = "
    f"{report['requests'] / max(report['seconds'], 1):.1f} req/s, {report['failures']} failed"
)
print(
    f"{'stage':>14} {'seconds':>8} {'requests':>9} {'req/s':>7} "
    f"{'p50':>7} {'p95':>7} {'p99':>7} {'failed':>7}"
)
for stage in report["stages"]:
    print(
        f"{stage['users']:>8} users {stage['seconds']:>8.0f} {stage['requests']:>9} "
        f"{stage['rps']:>7.1f} {stage['p50']:>5.0f}ms {stage['p95']:>5.0f}ms "
        f"{stage['p99']:>5.0f}ms {stage['failures']:>7}"
    )
print(f"{'type':>14} {'requests':>9} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7} {'failed':>7}")
for name, figures in report["types"].items():
    print(
        f"{name:>14} {figures['requests']:>9} {figures['p50']:>5.0f}ms {figures['p95']:>5.0f}ms "
        f"{figures['p99']:>5.0f}ms {figures['max']:>5.0f}ms {figures['failures']:>7}"
    )
if report.get("nodes"):
    print(f"{'node':>24} {'requests':>9} {'p50':>7} {'p95':>7} {'p99':>7} {'failed':>7}")
    for node in report["nodes"]:
        print(
            f"{node['url']:>24} {node['requests']:>9} {node['p50']:>5.0f}ms "
            f"{node['p95']:>5.0f}ms {node['p99']:>5.0f}ms {node['failures']:>7}"
        )
print(f"Errors: {report['failures']}")
for error in report["errors"]:
    print(f"  {error['occurrences']} x {error['method']} {error['name']}: {error['error']}")
server_errors = 0
for log in LOGS:
    server_log = (DATA_DIR / log).read_text(encoding="utf-8", errors="replace")
    server_errors += server_log.count("Traceback") + server_log.count("WORKER TIMEOUT")
print(f"Server logs: {server_errors} tracebacks or worker timeouts ({DATA_DIR}/gunicorn*.log)")
print(f"PostgreSQL: at most {peak_connections[0]} connections to the database during the run")
print(
    f"Load average (1 min) before {load_before[0]:.1f}, at the end {load_after[0]:.1f} "
    f"(2 cores; the machine may be shared)"
)

# --- Every accepted application is in the database ------------------------------------------

accepted = report["accepted"]
found = set(
    InformationRequest.objects.filter(tracking_number__in=accepted).values_list(
        "tracking_number", flat=True
    )
)
with_event = set(
    RequestEvent.objects.filter(request__tracking_number__in=accepted, action="submit").values_list(
        "request__tracking_number", flat=True
    )
)
complete = found & with_event
lost = sorted(set(accepted) - complete)
saved_during_run = InformationRequest.objects.filter(
    submitted_at__gte=dt.datetime.fromtimestamp(submissions_since, tz=dt.UTC)
).count()
print(f"{len(accepted)} accepted, {len(complete)} found, {len(lost)} lost")
if lost:
    print("  lost (no request or no submit event): " + ", ".join(lost[:20]))
if len(set(accepted)) != len(accepted):
    print(f"  {len(accepted) - len(set(accepted))} tracking numbers shown twice")
if saved_during_run != len(accepted):
    print(
        f"  {saved_during_run} applications saved since the test began "
        "(more than accepted: posted, but the confirmation page was not read)"
    )
failed = report["failures"] or server_errors or lost or len(set(accepted)) != len(accepted)
sys.exit(1 if failed or not accepted else 0)
