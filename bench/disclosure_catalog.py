"""Benchmark of the public disclosure catalog (prints figures; not a timed test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \
        python bench/disclosure_catalog.py [--documents 100000] [--samples 60]

Creates the demo agencies and as many published documents as needed (generate_documents), then
measures through Django's full request handling (middleware, view, templates).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

# Production settings without DEBUG: the benchmark sends no mail and needs no Redis. The page
# cache off: the figures are those of rendering the pages (bench/throughput.py measures both).
common.setup(
    EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    ALLOW_WITHOUT_REDIS="1",
    PAGE_CACHE_SECONDS="0",
)  # creates the database if missing, migrates

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from disclosure.models import Document  # noqa: E402
from portal.models import Agency  # noqa: E402
from publishing.models import Status  # noqa: E402

BARE_SQL = """
SELECT d.id, d.title, d.index_number, d.doc_number, d.date_published, d.validity,
       a.name, a.code
FROM disclosure_document d JOIN portal_agency a ON a.id = d.agency_id
WHERE d.status = 'published'
ORDER BY d.date_published DESC, d.id DESC
LIMIT %s OFFSET %s
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed_get(client: Client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=60)
    args = parser.parse_args()
    call_command("collectstatic", interactive=False, verbosity=0)  # production static storage
    if not Agency.objects.exists():
        call_command("load_demo", "--allow-production", stdout=open(os.devnull, "w"))  # noqa: SIM115
    missing = args.documents - Document.objects.filter(status=Status.PUBLISHED).count()
    if missing > 0:
        print(f"generating {missing} documents …", flush=True)
        call_command("generate_documents", missing, stdout=open(os.devnull, "w"))  # noqa: SIM115
    # Statistics and the visibility map after a bulk load (cheap once done): without them the
    # catalog's COUNT(*) reads the whole table.
    print(f"VACUUM ANALYZE took {common.vacuum_analyze('disclosure_document'):.0f}s")
    total = Document.objects.filter(status=Status.PUBLISHED).count()
    client = Client()
    rng = random.Random(7)

    common.print_scale(published_documents=total)
    common.print_load("the query counts")
    for per_page in (20, 100):
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            client.get(f"/disclosure/?per_page={per_page}&page=3")
        with CaptureQueriesContext(connection) as warm:
            client.get(f"/disclosure/?per_page={per_page}&page=4")
        print(
            f"catalog list, {per_page:>3} per page: {len(cold)} SQL queries "
            f"({len(warm)} with the sidebar counts cached)"
        )

    client.get("/disclosure/?per_page=20")  # warm up
    common.print_load("the timings")
    pages = [rng.randrange(1, 200) for _ in range(args.samples)]
    list_times = [timed_get(client, f"/disclosure/?per_page=20&page={p}") for p in pages]
    ids = list(Document.objects.filter(status=Status.PUBLISHED).values_list("pk", flat=True)[:5000])
    detail_times = [
        timed_get(client, f"/disclosure/documents/{rng.choice(ids)}/") for _ in range(args.samples)
    ]
    sql_times = []
    with connection.cursor() as cursor:
        for page in pages:
            start = time.perf_counter()
            cursor.execute(BARE_SQL, [20, (page - 1) * 20])
            cursor.fetchall()
            sql_times.append(time.perf_counter() - start)

    def show(name: str, values: list[float]) -> None:
        print(
            f"{name}: median {statistics.median(values) * 1000:.1f} ms, "
            f"p95 {percentile(values, 0.95) * 1000:.1f} ms ({len(values)} requests)"
        )

    show("catalog list page (20 items)", list_times)
    show("document detail page", detail_times)
    show("bare SQL SELECT of the same 20 rows", sql_times)
    ratio = statistics.median(list_times) / statistics.median(sql_times)
    print(f"list view / bare SQL (medians): {ratio:.1f}x")


if __name__ == "__main__":
    main()
