"""A site group at the scale of a province (issue 21): one site against the province's portal.

    .venv/bin/python bench/sitegroup.py [--documents 1000000] [--agencies 2000] [--sites 200]
        [--site-documents 5000] [--rounds 30] [--database-url URL] [--redis-url URL]

Builds, when missing, a database of its own (``portal_bench_sitegroup``): a province's tree
of ``--agencies`` agencies, ``--sites`` sites (the province's portal, cities under it, counties
under the cities, each with its departments) and ``--documents`` published documents, of which
one county's site holds exactly ``--site-documents``. The documents are written by PostgreSQL
itself (``INSERT … SELECT`` over ``generate_series`` from one document made through the ORM,
100,000 rows per statement), then VACUUM ANALYZE.

The search index holds that county's documents and as many others (an index of every document
would take hours to build on 2 cores: about 100 documents a second when the machine is quiet,
25 at a load average of 10). Search is not scoped to the site yet: both sites' search pages
search the same index.

Then it serves the portal as in production (gunicorn, DEBUG off, PostgreSQL and Redis; one
worker, one thread: the requests are sequential) twice, with the page cache off
(``PAGE_CACHE_SECONDS=0``; values shared through ``until_changed`` stay cached) and on, and
asks each page of both sites ``--rounds`` times after a warm-up: home, catalog, a document
(a different one each round, of the site's own) and the search page. It prints the median and
p95 in ms and the queries of one request of the page (counted in this process through the same
settings, after the same warm-up).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--documents", type=int, default=1_000_000)
parser.add_argument("--agencies", type=int, default=2_000)
parser.add_argument("--sites", type=int, default=200)
parser.add_argument("--site-documents", type=int, default=5_000)
parser.add_argument("--rounds", type=int, default=30)
parser.add_argument(
    "--database-url", default="postgres://postgres@127.0.0.1:5432/portal_bench_sitegroup"
)
parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
parser.add_argument("--data-dir", type=Path, default=common.ROOT / "var" / "sitegroup")
parser.add_argument("--port", type=int, default=8320)
args = parser.parse_args()
if args.sites < 3 or args.agencies < args.sites or args.documents < args.site_documents:
    raise SystemExit(
        "Need at least 3 sites (a county among them), an agency per site and the site's documents."
    )
DATA_DIR = args.data_dir.resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DOMAIN = "bench.localhost"
PROVINCE_HOST = f"zj.{DOMAIN}"
COUNTY_HOST = f"county.{DOMAIN}"

ENV = common.server_env(
    database_url=args.database_url,
    redis_url=args.redis_url,
    data_dir=DATA_DIR,
    key_prefix="sitegroup",
)
ENV["ALLOWED_HOSTS"] = f"127.0.0.1,.{DOMAIN}"
os.environ.update(ENV)
common.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models.functions import Mod  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from disclosure.models import Document, Genre, Theme  # noqa: E402
from portal import sites  # noqa: E402
from portal.agencies import agency_create  # noqa: E402
from portal.models import Agency, AgencyKind, AgencyLevel, Site  # noqa: E402
from portal.search import indexing, registry, store  # noqa: E402
from publishing.models import Status  # noqa: E402

BODY = "<p>" + "为进一步做好政务公开工作，现将有关事项通知如下。" * 20 + "</p>"
BATCH = 100_000


# --- The site group -------------------------------------------------------------------------


def build_tree() -> None:
    """The province, its cities and counties with a site each, departments under each."""
    began = time.perf_counter()
    province = agency_create(
        parent=None,
        name="浙江省人民政府",
        code="330000000",
        level=AgencyLevel.PROVINCE,
        kind=AgencyKind.GOVERNMENT,
    )
    sites.site_create(name="浙江省人民政府门户网站", root_agency=province, hosts=[PROVINCE_HOST])
    roots = [province]
    city_count = max(1, min(11, (args.sites - 1) // 2))
    cities = []
    for number in range(city_count):
        city = agency_create(
            parent=province,
            name=f"第{number + 1}市人民政府",
            code=f"33{number + 1:02d}00000",
            level=AgencyLevel.CITY,
            kind=AgencyKind.GOVERNMENT,
        )
        host = f"city{number + 1}.{DOMAIN}"
        sites.site_create(name=f"{city.name}门户网站", root_agency=city, hosts=[host])
        cities.append(city)
        roots.append(city)
    for number in range(args.sites - 1 - city_count):
        county = agency_create(
            parent=cities[number % len(cities)],
            name=f"第{number + 1}县人民政府",
            code=f"34{number + 1:07d}",
            level=AgencyLevel.COUNTY,
            kind=AgencyKind.GOVERNMENT,
        )
        # The first county is the site measured against the province's portal.
        host = COUNTY_HOST if number == 0 else f"county{number + 1}.{DOMAIN}"
        sites.site_create(name=f"{county.name}门户网站", root_agency=county, hosts=[host])
        roots.append(county)
    for number in range(args.agencies - len(roots)):
        parent = Agency.objects.get(pk=roots[number % len(roots)].pk)
        agency_create(
            parent=parent,
            name=f"{parent.name}第{number + 1}局",
            code=f"35{number + 1:07d}",
            level=parent.level,
            kind=AgencyKind.DEPARTMENT,
        )
    print(
        f"  {Agency.objects.count():,} agencies, {Site.objects.count()} sites "
        f"in {time.perf_counter() - began:.0f}s",
        flush=True,
    )


def county_root() -> Agency:
    site = Site.objects.select_related("root_agency").get(hosts__host=COUNTY_HOST)
    return site.root_agency


def generate(count: int, agency_ids: list[int], *, first: int) -> None:
    """``count`` published documents spread over ``agency_ids``, numbered from ``first``."""
    template = Document.objects.create(
        agency_id=agency_ids[0],
        title="模板",
        index_number=f"BENCH-TEMPLATE-{first}",
        date_formed=dt.date(2020, 1, 1),
        date_published=dt.date(2020, 1, 1),
        status=Status.PUBLISHED,
        summary="为进一步做好政务公开工作的通知。",
        body=BODY,
    )
    generated = {
        "agency_id": "(%(agencies)s::bigint[])[1 + g %% %(agency_count)s]",
        "title": "a.name || '关于第' || g || '项工作的通知'",
        "index_number": "'BENCH-' || g",
        "doc_number": "'政发〔' || (2016 + g %% 10) || '〕' || g || '号'",
        "doc_number_key": "'政发' || (2016 + g %% 10) || g",
        "date_formed": "DATE '2016-01-01' + (g::bigint * 7919 %% 3800)::int",
        "date_published": "DATE '2016-01-01' + (g::bigint * 7919 %% 3800)::int",
        "published_at": "(DATE '2016-01-01' + (g::bigint * 7919 %% 3800)::int) + TIME '09:00'",
        "theme_id": "(%(themes)s::bigint[])[1 + g %% %(theme_count)s]",
        "genre_id": "(%(genres)s::bigint[])[1 + g %% %(genre_count)s]",
        "is_normative": "g %% 10 = 0",
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'disclosure_document' ORDER BY ordinal_position"
        )
        copied = [name for (name,) in cursor.fetchall() if name != "id" and name not in generated]
    columns = ", ".join([*generated, *copied])
    values = ", ".join([*generated.values(), *(f"t.{name}" for name in copied)])
    themes: list[int | None] = [*Theme.objects.exclude(parent=None).values_list("pk", flat=True)]
    genres: list[int | None] = [*Genre.objects.values_list("pk", flat=True)]
    themes, genres = themes or [None], genres or [None]
    params: dict[str, Any] = {
        "agencies": agency_ids,
        "agency_count": len(agency_ids),
        "themes": themes,
        "theme_count": len(themes),
        "genres": genres,
        "genre_count": len(genres),
        "template": template.pk,
    }
    for start in range(first, first + count, BATCH):
        end = min(start + BATCH, first + count) - 1
        began = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO disclosure_document ({columns}) "  # noqa: S608 - our own names
                f"SELECT {values} FROM disclosure_document t, "
                f"generate_series(%(start)s, %(end)s) g "
                f"JOIN portal_agency a ON a.id = "
                f"(%(agencies)s::bigint[])[1 + g %% %(agency_count)s] "
                f"WHERE t.id = %(template)s",
                {**params, "start": start, "end": end},
            )
        print(f"  {end - first + 1:,}/{count:,} in {time.perf_counter() - began:.1f}s", flush=True)
    template.delete()


def build() -> None:
    if not Site.objects.exists():
        print("Building the site group …", flush=True)
        build_tree()
    published = Document.objects.filter(status=Status.PUBLISHED).count()
    if published < args.documents:
        began = time.perf_counter()
        root = county_root()
        own = list(Agency.objects.filter(path__startswith=root.path).values_list("pk", flat=True))
        others = list(
            Agency.objects.exclude(path__startswith=root.path).values_list("pk", flat=True)
        )
        print(f"Generating {args.documents:,} documents …", flush=True)
        with connection.cursor() as cursor:  # what an interrupted run left
            cursor.execute("DELETE FROM disclosure_document WHERE index_number LIKE 'BENCH-%%'")
        generate(args.site_documents, own, first=1)
        generate(args.documents - args.site_documents, others, first=args.site_documents + 1)
        print(f"  documents in {time.perf_counter() - began:.0f}s", flush=True)
        print(f"VACUUM ANALYZE took {common.vacuum_analyze():.0f}s", flush=True)
    indexed = store.get_index().doc_count()
    if indexed < args.site_documents:
        began = time.perf_counter()
        root = county_root()
        own_documents = Document.objects.filter(agency__path__startswith=root.path)
        step = max(1, (args.documents - args.site_documents) // args.site_documents)
        other_documents = (
            Document.objects.exclude(agency__path__startswith=root.path)
            .annotate(sample=Mod("id", step))
            .filter(sample=0)[: args.site_documents]
        )
        keys = registry.keys_for(own_documents.only("pk")) + registry.keys_for(
            other_documents.only("pk")
        )
        for chunk in indexing.chunked(keys, 1000):
            indexing.index_keys(chunk)
        store.forget()
        print(
            f"Indexed {len(keys):,} documents for search in {time.perf_counter() - began:.0f}s",
            flush=True,
        )
    common.manage("collectstatic", "--noinput", "--verbosity", "0")


# --- Measuring ------------------------------------------------------------------------------


def pages(root_path: str) -> dict[str, list[str]]:
    """Each page's addresses: a document page rotates over documents of the site's own."""
    documents = list(
        Document.objects.filter(status=Status.PUBLISHED, agency__path__startswith=root_path)
        .order_by("-date_published", "-id")
        .values_list("pk", flat=True)[: args.rounds]
    )
    return {
        "home": ["/"],
        "catalog": ["/disclosure/"],
        "document": [f"/disclosure/documents/{pk}/" for pk in documents],
        "search": ["/search/?q=%E5%B7%A5%E4%BD%9C"],  # 工作
    }


def fetch(host: str, path: str) -> float:
    """Milliseconds for one page over a keep-alive connection."""
    began = time.perf_counter()
    CONNECTION.request("GET", path, headers={"Host": host, "Accept-Language": "zh-hans"})
    response = CONNECTION.getresponse()
    response.read()
    if response.status != 200:
        raise SystemExit(f"{host}{path}: {response.status}")
    return (time.perf_counter() - began) * 1000


def queries(host: str, path: str, page_cache_seconds: int) -> int:
    """Queries of one request of the page in this process, after one to warm the caches."""
    client = Client(HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="zh-hans")
    with override_settings(PAGE_CACHE_SECONDS=page_cache_seconds):
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
    return len(captured)


def measure(mode: str, site_pages: dict[str, dict[str, list[str]]]) -> dict[tuple[str, str], str]:
    global CONNECTION
    seconds = 300 if mode == "cached" else 0
    env = {**os.environ, "PAGE_CACHE_SECONDS": str(seconds)}
    processes = common.Processes(DATA_DIR)
    processes.start(
        common.gunicorn_command(port=args.port, workers=1, threads=1),
        f"sitegroup-gunicorn-{mode}.log",
        env=env,
    )
    cells = {}
    try:
        common.wait_until_up(f"http://127.0.0.1:{args.port}")
        CONNECTION = http.client.HTTPConnection("127.0.0.1", args.port, timeout=120)
        for host, by_page in site_pages.items():
            for paths in by_page.values():
                for path in paths:  # warm: jieba, the searcher, the shared values, the pages
                    fetch(host, path)
        common.print_load(f"the {mode} pages")
        for host, by_page in site_pages.items():
            for page, paths in by_page.items():
                times = [fetch(host, paths[n % len(paths)]) for n in range(args.rounds)]
                count = queries(host, paths[0], seconds)
                median = statistics.median(times)
                p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
                cells[(host, page)] = f"{median:>7.1f} {p95:>7.1f} {count:>4}"
        CONNECTION.close()
    finally:
        processes.stop_all()
    return cells


def main() -> None:
    build()
    site_pages = {
        COUNTY_HOST: pages(county_root().path),
        PROVINCE_HOST: pages(""),
    }
    county_docs = Document.objects.filter(
        status=Status.PUBLISHED, agency__path__startswith=county_root().path
    ).count()
    common.print_scale(
        published_documents=Document.objects.filter(status=Status.PUBLISHED).count(),
        agencies=Agency.objects.count(),
        sites=Site.objects.count(),
        county_site_documents=county_docs,
        search_index_items=store.get_index().doc_count(),
    )
    results = {mode: measure(mode, site_pages) for mode in ("uncached", "cached")}
    names = {COUNTY_HOST: f"county ({county_docs:,} docs)", PROVINCE_HOST: "province portal"}
    print(f"\n{args.rounds} requests per page, one at a time; ms; queries of one request")
    header = "median     p95    q"
    print(f"{'page':<9} {'site':<22} | {'uncached':^20} | {'cached':^20}")
    print(f"{'':<9} {'':<22} | {header:>20} | {header:>20}")
    for page in ("home", "catalog", "document", "search"):
        for host in site_pages:
            print(
                f"{page:<9} {names[host]:<22} | {results['uncached'][(host, page)]:>20} "
                f"| {results['cached'][(host, page)]:>20}"
            )
    print(f"[{common.load_average()}] after the runs")


CONNECTION: http.client.HTTPConnection
main()
