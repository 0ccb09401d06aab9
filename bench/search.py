"""Benchmark of site search (prints figures; not a timed test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_searchbench \
        python bench/search.py [--documents 100000] [--skip-bare] [--backend whoosh|postgres]

Generates published documents of realistic length whose text recombines sentences of the five
corpus documents (30% of them in traditional characters), then prints:

* indexing throughput through the project's own path (``rebuild_index``: database reads,
  ``to_fields``, HTML to text, facets) and through a bare Whoosh writer given the same texts
  with the same analyzer; their ratio is the overhead the project adds;
* peak memory (maximum resident set) of the rebuild, run in a process of its own;
* median and p95 time of 50 fixed queries through the search service (single words, several
  words, traditional characters, document numbers), results read back from the database.

``--backend postgres`` (issue 22) runs the same through ``SEARCH_BACKEND=postgres``: the index
is the ``portal_searchentry`` table of the bench database (its size is printed), and the bare
Whoosh writer is skipped.

The index goes to ``var/bench-search-index`` (``SEARCH_INDEX_DIR``), never the development one.
jieba segments about 100,000 characters a second on one core, so 100,000 documents of 1,800
characters take about an hour to index; ``--documents`` sets fewer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

# The backend is a setting: read before Django starts (the rebuild child inherits it).
_pre = argparse.ArgumentParser(add_help=False)
_pre.add_argument(
    "--backend",
    choices=["whoosh", "postgres"],
    # The rebuild child is started without it: the parent's environment says.
    default=os.environ.get("SEARCH_BACKEND") or "whoosh",
)
BACKEND = _pre.parse_known_args()[0].backend
os.environ["SEARCH_BACKEND"] = BACKEND

# Production settings without DEBUG: the benchmark sends no mail and needs no Redis. Creates the
# database if missing, migrates.
common.setup(
    EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    ALLOW_WITHOUT_REDIS="1",
    # BENCH_SEARCH_INDEX: the index of another bench database (e.g. bench/load's), with
    # --queries-only --documents 0.
    SEARCH_INDEX_DIR=os.environ.get("BENCH_SEARCH_INDEX")
    or str(common.ROOT / "var" / "bench-search-index"),
)

from whoosh import fields  # noqa: E402
from whoosh import index as whoosh_index  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.html import escape  # noqa: E402

from disclosure.documents import normalize_doc_number  # noqa: E402
from disclosure.index_numbers import format_index_number  # noqa: E402
from disclosure.models import Document, Genre, Theme, Validity  # noqa: E402
from disclosure.screening import html_to_text  # noqa: E402
from portal.models import Agency  # noqa: E402
from portal.search import indexing, query  # noqa: E402
from portal.search.analysis import analyzer, fold, index_tokens  # noqa: E402
from portal.search.models import SearchEntry  # noqa: E402
from publishing.models import Status  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "disclosure" / "fixtures" / "corpus"
TRADITIONAL = ("000", "001")
MARK = "bench-search"  # in the keywords of generated documents

TOPICS = [
    "全面推进政务公开工作", "加强政府信息公开", "做好2026年财政预算公开",
    "推进基层政务公开标准化规范化", "优化营商环境", "加强安全生产监督检查", "做好防汛抗旱工作",
    "推进义务教育均衡发展", "加强城乡环境综合整治", "完善社会救助制度", "规范行政执法行为",
    "推进“互联网+政务服务”", "加强重大行政决策管理", "做好政策解读回应关切",
    "推进乡村振兴战略实施", "加强生态环境保护", "规范性文件清理", "深化“放管服”改革",
    "加强政务新媒体管理", "做好依申请公开工作",
]  # fmt: skip
GENRE_WORDS = ["通知", "意见", "实施方案", "办法", "决定", "工作要点", "报告", "通报"]

QUERIES = [
    # single words
    "政务公开", "信息公开", "财政", "预算", "通知", "实施方案", "依法行政", "人民政府",
    "标准化", "监督检查", "营商环境", "社会救助", "乡村振兴", "生态环境", "安全生产",
    "互联网", "政策解读", "新媒体", "考核", "公开目录",
    # several words and phrases
    "全面推进政务公开", "政务公开 工作要点", "基层政务公开标准化规范化", "重大行政决策 公众参与",
    "政府信息公开 依申请", "财政预算 公开", "放管服 改革", "政务服务 一网通办",
    "行政执法 公示", "防汛抗旱 应急",
    # traditional characters
    "政務公開", "實施意見", "廣西壯族自治區", "資訊公開", "國務院辦公廳", "網站集約化",
    "政府網站", "依申請公開", "規範性文件", "標準化規範化",
    # document numbers: the part from the year on, and whole numbers
    "〔2016〕81号", "[2019]12号", "〔2021〕3号", "（2018）25号", "〔2024〕7号",
    "丽政发〔2020〕8号", "杭政办发〔2022〕15号", "〔2017〕40号", "[2023]1号", "〔2025〕30号",
]  # fmt: skip


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def corpus_sentences() -> tuple[list[str], list[str]]:
    """Sentences of the corpus: (simplified, traditional)."""
    simplified, traditional = [], []
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences = [s.strip() + "。" for s in re.split(r"[。\n]", text) if len(s.strip()) > 12]
        (traditional if path.name[:3] in TRADITIONAL else simplified).extend(sentences)
    return simplified, traditional


def generate(count: int, *, start: int, seed: int = 2026) -> None:
    agencies = list(Agency.objects.active())
    themes = list(Theme.objects.exclude(parent=None))
    genres = list(Genre.objects.all())
    simplified, traditional = corpus_sentences()
    rng = random.Random(seed + start)
    sequences: dict[tuple[int, int], int] = {}
    made = 0
    while made < count:
        rows = []
        for _ in range(min(2000, count - made)):
            agency = rng.choice(agencies)
            published = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(3800))
            key = (agency.pk, published.year)
            sequences[key] = seq = sequences.get(key, 0) + 1
            pool = traditional if rng.random() < 0.3 else simplified
            paragraphs = [
                "".join(rng.choice(pool) for _ in range(rng.randint(2, 5)))
                for _ in range(rng.randint(4, 12))
            ]
            number = f"{agency.short_name or agency.name[:2]}发〔{published.year}〕{seq}号"
            title = f"{agency.name}关于{rng.choice(TOPICS)}的{rng.choice(GENRE_WORDS)}"
            rows.append(
                Document(
                    agency=agency,
                    title=title,
                    doc_number=number,
                    doc_number_key=normalize_doc_number(number),
                    # Unique across runs: the running number of generated documents.
                    index_number=format_index_number(
                        agency_code=agency.code,
                        year=published.year,
                        month=published.month,
                        seq=start + made + 1,
                    ),
                    date_formed=published,
                    date_published=published,
                    published_at=timezone.make_aware(dt.datetime.combine(published, dt.time(9))),
                    theme=rng.choice(themes) if themes else None,
                    genre=rng.choice(genres) if genres else None,
                    validity=rng.choice([Validity.VALID] * 8 + [Validity.EXPIRED]),
                    keywords=MARK,
                    status=Status.PUBLISHED,
                    summary=paragraphs[0][:120],
                    body="\n".join(f"<p>{escape(p)}</p>" for p in paragraphs),
                )
            )
            made += 1
        with transaction.atomic():
            Document.objects.bulk_create(rows)
        print(f"  generated {made}/{count}", flush=True)


def rebuild_child() -> None:
    """Run in a process of its own: the rebuild's time and the process's peak memory."""
    start = time.perf_counter()
    report = indexing.rebuild()
    elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"indexed": report.indexed, "seconds": elapsed, "peak_kb": peak_kb}))


def bare_writer(texts: list[tuple[str, str, str, str]]) -> float:
    """The same texts through a plain Whoosh writer with the same analyzer."""
    directory = tempfile.mkdtemp(prefix="bench-bare-")
    try:
        chinese = analyzer()
        schema = fields.Schema(
            id=fields.ID(stored=True, unique=True),
            title=fields.TEXT(analyzer=chinese, field_boost=3.0),
            meta=fields.TEXT(analyzer=chinese),
            content=fields.TEXT(analyzer=chinese),
        )
        ix = whoosh_index.create_in(directory, schema)
        start = time.perf_counter()
        with ix.writer(limitmb=256) as writer:
            for key, title, meta, content in texts:
                writer.add_document(id=key, title=title, meta=meta, content=content)
        return time.perf_counter() - start
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--skip-bare", action="store_true")
    parser.add_argument("--backend", choices=["whoosh", "postgres"], default="whoosh")
    parser.add_argument(
        "--queries-only", action="store_true", help="reuse the index of an earlier run"
    )
    parser.add_argument(
        "--replicate-to",
        type=int,
        default=0,
        help="postgres only: copy the indexed documents and their index rows in SQL up to this "
        "many published documents, after the rebuild (see replicate())",
    )
    parser.add_argument(
        "--without-rum",
        action="store_true",
        help="postgres only: rank as if the RUM index were missing (full sort of the matches)",
    )
    parser.add_argument("--rebuild-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rebuild_child:
        rebuild_child()
        return
    if (args.replicate_to or args.without_rum) and BACKEND != "postgres":
        parser.error("--replicate-to and --without-rum need --backend postgres")
    if not Agency.objects.exists():
        call_command("load_demo", "--allow-production", stdout=open(os.devnull, "w"))  # noqa: SIM115
    existing = Document.objects.filter(keywords=MARK).count()
    missing = args.documents - existing
    if missing > 0:
        print(f"generating {missing} documents …", flush=True)
        generate(missing, start=existing)
    # The planner's statistics after a bulk load (cheap once done).
    common.vacuum_analyze("disclosure_document")
    published = Document.objects.published()
    total = published.count()
    chars = sum(len(html_to_text(body)) for body in published.values_list("body", flat=True))
    print(f"published documents: {total}, {chars / total:.0f} characters of text on average")
    common.print_scale(published_documents=total)
    list(index_tokens(fold("预热")))  # jieba's dictionary, outside the timings

    print(f"search backend: {BACKEND}")
    if not args.queries_only:
        common.print_load("indexing")
        index_figures(total, chars, skip_bare=args.skip_bare or BACKEND == "postgres")
    if args.replicate_to:
        replicate(args.replicate_to)
        total = Document.objects.published().count()
        common.print_scale(published_documents=total, index_rows=SearchEntry.objects.count())
        update_figures()
    if BACKEND == "postgres":
        from portal.search import pg

        rum = pg.has_rum(connection) and not args.without_rum
        pg._rum[str(connection.settings_dict["NAME"])] = rum
        print(f"relevance order read from the RUM index: {'yes' if rum else 'no'}")
    print(f"index size: {index_size() / 1024 / 1024:.0f} MB")
    common.print_load("the queries")
    query_figures()


COPY_MARK = "~c"  # index numbers of copies end in ~c<round>


def replicate(target: int) -> None:
    """Copies of the generated documents, each with a copy of its index row (the vector as the
    rebuild wrote it), made in SQL until ``target`` documents are published.

    What this measures and what it does not: the queries then run over ``target`` documents
    and index rows, with the indexes built over all of them, so the matches, the posting
    lists, the facet counts and the index size are those of ``target`` documents. The
    generated texts recombine the sentences of five documents, so copies hardly change the
    vocabulary's spread (a word in 1% of the originals is in 1% of all); but a copy keeps its
    original's document number, so a document number matches each of its copies. The
    indexing throughput is the rebuild's, over the originals: copies are not analysed.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM disclosure_document WHERE keywords = %s "
            "AND index_number NOT LIKE %s",
            [MARK, f"%{COPY_MARK}%"],
        )
        originals = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM disclosure_document WHERE index_number LIKE %s",
            [f"%{COPY_MARK}%"],
        )
        copies = cursor.fetchone()[0]
    published = Document.objects.published().count()
    if published >= target or not originals:
        return
    print(f"replicating {originals} generated documents up to {target} …", flush=True)
    start = time.perf_counter()
    # The search indexes (GIN, RUM, the agency path) are made again after the copies, as a
    # bulk load would; the unique key stays.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'portal_searchentry' "
            "AND indexname NOT IN ('portal_searchentry_pkey', 'portal_searchentry_key_key', "
            "'portal_searchentry_key_1357ad98_like')"
        )
        dropped = cursor.fetchall()
        for name, _definition in dropped:
            cursor.execute(f'DROP INDEX "{name}"')
    columns = [
        field.column
        for field in Document._meta.concrete_fields
        if field.column not in ("id", "index_number")
    ]
    entry_columns = [
        field.column for field in SearchEntry._meta.concrete_fields if field.column != "id"
    ]
    copied_round = copies // originals if originals else 0
    while published < target:
        copied_round += 1
        batch = min(originals, target - published)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE bench_copy ON COMMIT DROP AS SELECT id AS source, "
                "nextval(pg_get_serial_sequence('disclosure_document', 'id')) AS copy "
                "FROM disclosure_document WHERE keywords = %s AND index_number NOT LIKE %s "
                "ORDER BY id LIMIT %s",
                [MARK, f"%{COPY_MARK}%", batch],
            )
            cursor.execute(
                f"INSERT INTO disclosure_document (id, index_number, {', '.join(columns)}) "  # noqa: S608
                f"SELECT c.copy, d.index_number || %s, {', '.join('d.' + c for c in columns)} "
                "FROM bench_copy c JOIN disclosure_document d ON d.id = c.source "
                # Rounds already made (an interrupted earlier run) are not made twice.
                "WHERE NOT EXISTS (SELECT 1 FROM disclosure_document e "
                "WHERE e.index_number = d.index_number || %s)",
                [f"{COPY_MARK}{copied_round}", f"{COPY_MARK}{copied_round}"],
            )
            values = {column: f"e.{column}" for column in entry_columns}
            values["key"] = "'document:' || c.copy"
            values["url"] = "replace(e.url, '/' || c.source || '/', '/' || c.copy || '/')"
            cursor.execute(
                f"INSERT INTO portal_searchentry ({', '.join(entry_columns)}) "  # noqa: S608
                f"SELECT {', '.join(values[column] for column in entry_columns)} "
                "FROM bench_copy c JOIN portal_searchentry e ON e.key = 'document:' || c.source "
                "JOIN disclosure_document d ON d.id = c.copy"
            )
        before, published = published, Document.objects.published().count()
        if published == before:
            raise SystemExit("a round of copies added nothing: start from a fresh database")
        print(f"  round {copied_round}: {published} published documents", flush=True)
    copied = time.perf_counter() - start
    print(f"copies made in {copied:.0f} s; making the search indexes again …", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '2GB'")
        for name, definition in dropped:
            began = time.perf_counter()
            cursor.execute(definition)
            print(f"  {name}: {time.perf_counter() - began:.0f} s", flush=True)
    common.vacuum_analyze("disclosure_document", "portal_searchentry")


def update_figures(count: int = 2000) -> None:
    """Indexing into the full index: ``count`` documents indexed again through the update
    task's own path (``index_keys``: read, analyse, upsert with the GIN and RUM indexes kept
    up), in its batches, as after an edit of that many documents."""
    keys = [
        f"document:{pk}"
        for pk in Document.objects.published()
        .filter(keywords=MARK)
        .order_by("-pk")
        .values_list("pk", flat=True)[:count]
    ]
    start = time.perf_counter()
    for batch in indexing.chunked(keys, indexing.BATCH):
        indexing.index_keys(batch)
    seconds = time.perf_counter() - start
    print(
        f"updates into the full index (index_keys, batches of 200): {len(keys)} documents in "
        f"{seconds:.0f} s, {len(keys) / seconds:.1f} items/s",
        flush=True,
    )


def index_size() -> int:
    """Bytes of the index: the Whoosh directory, or the table with its indexes and TOAST."""
    if BACKEND == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('portal_searchentry')")
            return int(cursor.fetchone()[0])
    live = Path(os.path.realpath(os.environ["SEARCH_INDEX_DIR"]))
    return sum(path.stat().st_size for path in live.glob("*") if path.is_file())


def index_figures(total: int, chars: int, *, skip_bare: bool) -> None:
    published = Document.objects.published()
    # The project's path, in a process of its own so that its peak memory is its own.
    run = subprocess.run(  # noqa: S603 - this script, run again by the same interpreter
        [sys.executable, __file__, "--rebuild-child"],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    )
    rebuild = json.loads(run.stdout.strip().splitlines()[-1])
    project_rate = rebuild["indexed"] / rebuild["seconds"]
    print(
        f"rebuild_index (project path): {rebuild['indexed']} items in {rebuild['seconds']:.0f} s, "
        f"{project_rate:.1f} items/s, {chars / rebuild['seconds'] / 1000:.0f}k chars/s"
    )
    print(f"rebuild_index peak memory (max RSS of its process): {rebuild['peak_kb'] / 1024:.0f} MB")

    if not skip_bare:
        texts = [
            (
                f"document:{d.pk}",
                d.title,
                f"{d.doc_number}\n{d.index_number}\n{d.keywords}",
                f"{d.summary}\n{html_to_text(d.body)}",
            )
            for d in published.only("title", "doc_number", "index_number", "keywords", "summary",
                                    "body").iterator(chunk_size=2000)
        ]  # fmt: skip
        seconds = bare_writer(texts)
        bare_rate = len(texts) / seconds
        print(
            f"bare Whoosh writer, same analyzer and texts: {len(texts)} documents in "
            f"{seconds:.0f} s, {bare_rate:.1f} documents/s"
        )
        print(f"project path / bare writer (time per document): {bare_rate / project_rate:.2f}x")


def query_figures() -> None:
    # The first search of an index generation reads the facet sets (docsets) and opens it.
    start = time.perf_counter()
    query.search(query.parse_params({"q": "预热", "sort": "date"}))
    print(f"first query after the index changed: {(time.perf_counter() - start) * 1000:.0f} ms")
    times, totals = [], []
    for q in QUERIES:
        start = time.perf_counter()
        results = query.search(query.parse_params({"q": q}))
        times.append(time.perf_counter() - start)
        totals.append(results.total)
    print(
        f"queries ({len(QUERIES)}, first page of 20 with facets, snippets and database reads): "
        f"median {statistics.median(times) * 1000:.0f} ms, p95 {percentile(times, 0.95) * 1000:.0f}"
        f" ms, max {max(times) * 1000:.0f} ms"
    )
    print(f"results per query: median {statistics.median(totals):.0f}, max {max(totals)}")
    by_kind = {"single words": times[:20], "several words": times[20:30],
               "traditional": times[30:40], "document numbers": times[40:]}  # fmt: skip
    for kind, values in by_kind.items():
        print(f"  {kind}: median {statistics.median(values) * 1000:.0f} ms")
    page_figures()
    broad_figures()


def _timed(params: dict[str, str], repeat: int = 3) -> float:
    """The median of a few warm runs of one search, in seconds."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        query.search(query.parse_params(params))
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def page_figures() -> None:
    """Page 100 against page 1 of every query, ranked by relevance (the deep page must not cost
    more than twice the first: issue 16)."""
    ratios = []
    for q in QUERIES:
        if query.search(query.parse_params({"q": q})).total < 100 * 20:
            continue  # no page 100 to read
        first = _timed({"q": q})
        deep = _timed({"q": q, "page": "100"})
        ratios.append((deep / first, q, first, deep))
    if not ratios:
        print("page 100 against page 1: no query has 100 pages at this scale")
        return
    ratios.sort(reverse=True)
    values = [r for r, *_ in ratios]
    print(
        f"page 100 / page 1 ({len(ratios)} queries with 100 pages, relevance order, warm): "
        f"median {statistics.median(values):.2f}x, worst {values[0]:.2f}x "
        f"({ratios[0][1]}: {ratios[0][2] * 1000:.0f} → {ratios[0][3] * 1000:.0f} ms), "
        f"{sum(v > 2 for v in values)} over 2x"
    )


BROAD = ["政务公开", "通知", "人民政府", "工作"]


def broad_figures(rounds: int = 10) -> None:
    """Relevance-ranked queries for words found in most documents, warm, page 1."""
    for q in BROAD:
        query.search(query.parse_params({"q": q}))  # warm
    times = []
    for _ in range(rounds):
        for q in BROAD:
            start = time.perf_counter()
            query.search(query.parse_params({"q": q}))
            times.append(time.perf_counter() - start)
    totals = {q: query.search(query.parse_params({"q": q})).total for q in BROAD}
    print(
        f"broad queries ({', '.join(f'{q} {n}' for q, n in totals.items())} results), "
        f"relevance order, warm, {len(times)} runs: median {statistics.median(times) * 1000:.0f}"
        f" ms, p95 {percentile(times, 0.95) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
