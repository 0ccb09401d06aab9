"""The two backends (SEARCH_BACKEND): the setting, the PostgreSQL index's own behaviour, and
parity: over the corpus, the same queries give the same first results on Whoosh and
PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from portal.search import backend, indexing, pg
from portal.search.models import SearchEntry
from tests.portal.test_settings import settings_in_subprocess
from tests.search.conftest import published_document, search

pytestmark = pytest.mark.django_db

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the postgres backend needs PostgreSQL"
)


@pytest.fixture
def search_backend():
    """These tests switch backends themselves."""
    return "whoosh"


def test_the_postgres_backend_is_refused_on_another_database(settings, monkeypatch):
    settings.SEARCH_BACKEND = "postgres"
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL"):
        search("政务公开")


def test_settings_refuse_the_postgres_backend_on_sqlite():
    refused = settings_in_subprocess(DEBUG="1", DATABASE_URL="", SEARCH_BACKEND="postgres")
    assert refused.returncode != 0
    assert "SEARCH_BACKEND=postgres needs a PostgreSQL database" in refused.stderr
    started = settings_in_subprocess(
        DEBUG="1", DATABASE_URL="postgres://u@127.0.0.1/x", SEARCH_BACKEND="postgres"
    )
    assert started.returncode == 0, started.stderr


def test_a_search_work_mem_that_is_not_a_positive_number_is_refused():
    for value, message in [("0", "at least 1"), ("16MB", "is not an integer")]:
        refused = settings_in_subprocess(DEBUG="1", SEARCH_PG_WORK_MEM_MB=value)
        assert refused.returncode != 0
        assert "SEARCH_PG_WORK_MEM_MB" in refused.stderr and message in refused.stderr


@needs_postgres
def test_a_search_leaves_the_connection_settings_as_it_found_them(settings, agency_a, monkeypatch):
    """The search's own planner settings (no sequential scans, more work_mem) must not leak
    into the queries the rest of the request makes on the same connection."""
    settings.SEARCH_BACKEND = "postgres"
    settings.SEARCH_PG_WORK_MEM_MB = 24
    document = published_document(agency_a, title="关于湿地保护的通知")
    indexing.index_keys([f"document:{document.pk}"])
    seen = []
    real_counts = pg._counts

    def counts(connection, *args):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('work_mem')")
            seen.append(cursor.fetchone())
        return real_counts(connection, *args)

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('work_mem')")
        before = cursor.fetchone()
        monkeypatch.setattr(pg, "_counts", counts)
        assert [hit.key for hit in search("湿地").hits] == [f"document:{document.pk}"]
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('work_mem')")
        assert cursor.fetchone() == before
    assert seen == [("off", "24MB")]
    assert before[0] == "on"


def test_an_unknown_backend_is_refused(settings):
    settings.SEARCH_BACKEND = "solr"
    with pytest.raises(ImproperlyConfigured, match="whoosh or postgres"):
        backend.name()


@needs_postgres
def test_the_postgres_backend_writes_rows_and_no_index_directory(settings, agency_a):
    settings.SEARCH_BACKEND = "postgres"
    document = published_document(agency_a, doc_number="丽委办发〔2016〕81号")
    indexing.index_keys([f"document:{document.pk}"])
    entry = SearchEntry.objects.get(key=f"document:{document.pk}")
    assert (entry.agency, entry.agency_path) == (agency_a.code, agency_a.path)
    assert not settings.SEARCH_INDEX_DIR.exists()
    assert indexing.indexed_ids() == {"document": {document.pk}}


@needs_postgres
def test_the_vector_holds_our_words_not_postgresqls(settings, agency_a):
    """Traditional characters folded, long words with their parts, the number whole."""
    settings.SEARCH_BACKEND = "postgres"
    document = published_document(
        agency_a, title="關於全面推進政務公開的通知", doc_number="丽委办发〔2016〕81号"
    )
    indexing.index_keys([f"document:{document.pk}"])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT unnest(tsvector_to_array(vector)) FROM portal_searchentry WHERE key = %s",
            [f"document:{document.pk}"],
        )
        lexemes = {row[0] for row in cursor.fetchall()}
    assert {"政务公开", "政务", "公开", "通知", "=丽委办发〔2016〕81号"} <= lexemes
    assert not {"政務公開", "關於"} & lexemes


@needs_postgres
def test_a_word_in_the_summary_ranks_above_the_same_word_only_in_the_body(settings, agency_a):
    settings.SEARCH_BACKEND = "postgres"
    in_body = published_document(
        agency_a, title="关于印发工作方案的通知", body="<p>加强湿地保护。</p>"
    )
    # Longer, and indexed after: without the summary's own weight the shorter text and then
    # the first indexed would come first.
    in_summary = published_document(
        agency_a,
        title="关于印发实施意见的通知",
        summary="本意见明确湿地保护的目标。",
        body="<p>" + "各地要结合实际，认真组织实施，按时报送落实情况。" * 20 + "</p>",
    )
    indexing.index_keys([f"document:{in_body.pk}", f"document:{in_summary.pk}"])

    assert [hit.key for hit in search("湿地").hits] == [
        f"document:{in_summary.pk}",
        f"document:{in_body.pk}",
    ]


@needs_postgres
def test_rebuild_removes_rows_of_items_no_longer_public(settings, agency_a):
    settings.SEARCH_BACKEND = "postgres"
    kept = published_document(agency_a)
    pg.write([pg.Entry("document:999999", "document", indexing_fields())], [])
    report = indexing.rebuild()
    assert report.indexed == 1
    assert indexing.indexed_ids() == {"document": {kept.pk}}


@needs_postgres
def test_after_a_rebuild_the_planner_knows_how_many_rows_the_index_has(settings, agency_a):
    """Without statistics the planner expects a few hundred matches for any word and ranks
    every match by reading its vector, rather than reading the first ones from the index."""
    settings.SEARCH_BACKEND = "postgres"
    for number in range(3):
        published_document(agency_a, title=f"关于湿地保护的通知（第{number}号）")
    indexing.rebuild()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples, (SELECT count(*) FROM portal_searchentry) FROM pg_class "
            "WHERE relname = 'portal_searchentry'"
        )
        estimated, rows = cursor.fetchone()
    assert rows >= 3
    assert estimated == rows


def indexing_fields():
    from portal.search.registry import SearchFields

    return SearchFields(title="已删除的文件", url="/gone/")


PARITY_QUERIES = [
    "政务公开",
    "政務公開",  # traditional: the same words
    "實施意見",
    "南通市",
    "标准化规范化",
    "丽水市",
    "工作要点",
    "丽委办发〔2016〕81号",
    "〔2016〕81号",
    "[2016]81号",
    "协商",
    "基层政务公开",
]
NEAR_TIES = ["全面推进政务公开"]


@needs_postgres
def test_both_backends_give_the_same_first_results_over_the_corpus(settings, corpus, agency_a):
    # 004 carries its number as its document number, as the register would have it.
    carrier = corpus["004"]
    carrier.doc_number = "丽委办发〔2016〕81号"
    carrier.date_published = dt.date(2016, 12, 5)
    carrier.save()
    keys = [f"document:{document.pk}" for document in corpus.values()]
    indexing.index_keys(keys)  # the Whoosh index (the corpus fixture indexed it before)
    settings.SEARCH_BACKEND = "postgres"
    indexing.index_keys(keys)

    def outcome(backend_name: str, q: str, **params: str) -> tuple:
        settings.SEARCH_BACKEND = backend_name
        results = search(q, **params)
        order = [hit.key for hit in results.hits]
        return (
            results.total,
            # By date the whole order; by relevance the first result and the rest as a set.
            order if params["sort"] == "date" else order[:1],
            sorted(order),
            [hit.key for hit in results.hits if hit.exact],
            {
                name: [(o.value, o.count) for o in options]
                for name, options in results.facets.items()
            },
        )

    differences = []
    for q in PARITY_QUERIES:
        for sort in ("relevance", "date"):
            whoosh = outcome("whoosh", q, sort=sort)
            postgres = outcome("postgres", q, sort=sort)
            assert whoosh[0] > 0, q
            if whoosh != postgres:
                differences.append((q, sort, whoosh[:2], postgres[:2]))
    assert differences == []

    # A near tie: both titles hold every word. BM25F prefers the shorter text; ts_rank (and
    # RUM's distance) count the longer one's extra occurrences first. Same first two, in
    # either order.
    for q in NEAR_TIES:
        firsts = []
        for name in ("whoosh", "postgres"):
            settings.SEARCH_BACKEND = name
            results = search(q)
            firsts.append({hit.key for hit in results.hits[:2]})
        assert (
            firsts[0] == firsts[1] == {f"document:{corpus[number].pk}" for number in ("000", "003")}
        )


def test_an_index_from_before_the_agency_path_field_still_takes_updates(settings, agency_a):
    from whoosh import fields, index

    from portal.search.schema import build_schema

    old = fields.Schema(
        **{name: field for name, field in build_schema().items() if name != "agency_path"}
    )
    settings.SEARCH_INDEX_DIR.mkdir(parents=True)
    index.create_in(str(settings.SEARCH_INDEX_DIR), old)
    document = published_document(agency_a, title="旧索引仍可更新的通知")
    indexing.index_keys([f"document:{document.pk}"])
    assert [hit.key for hit in search("旧索引仍可更新的通知").hits] == [f"document:{document.pk}"]


@needs_postgres
@pytest.mark.parametrize("window", [1, 10_000])
def test_ranked_pages_read_from_the_rum_index_keep_every_tie(
    settings, agency_a, monkeypatch, window
):
    """With RUM, relevance is read from the index a window at a time; a row tied on distance
    with the last one asked for can lie past the window, and must still be ordered by the
    tie-breakers (shorter text, then first indexed) exactly as a full sort would: with a
    one-row window every page of ties is sorted in full, with a wide one read from the index."""
    settings.SEARCH_BACKEND = "postgres"
    if not pg.has_rum(connection):
        pytest.skip("the rum extension is not installed on this server")
    monkeypatch.setattr(pg, "RUM_WINDOW", window)
    in_title = [
        published_document(agency_a, title=f"关于湿地保护的通知（第{n}号）", body="<p>正文。</p>")
        for n in range(3)
    ]
    # Equal distance (the word once, in the body), longest first: the shortest, which the
    # tie-breaker puts first, are indexed last.
    in_body = [
        published_document(
            agency_a,
            title=f"工作方案（第{n}号）",
            body="<p>加强湿地保护。" + "各地要认真组织实施。" * (12 - n) + "</p>",
        )
        for n in range(12)
    ]
    indexing.index_keys([f"document:{d.pk}" for d in in_title + in_body])
    rank_q = pg.rank_tsquery(["湿地"])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT key FROM portal_searchentry WHERE vector @@ %s::tsquery ORDER BY "
            "ts_rank(vector, %s::tsquery) DESC, ts_rank(vector, %s::tsquery, 1) DESC, id",
            [rank_q, rank_q, rank_q],
        )
        full_sort = [row[0] for row in cursor.fetchall()]
    assert full_sort[-1] == f"document:{in_body[0].pk}"  # the longest text last
    where = pg.Where(["vector @@ %s::tsquery"], [rank_q])
    for limit in range(1, len(full_sort) + 1):
        assert pg._keys(connection, where, "relevance", limit, rank_q) == full_sort[:limit], limit
