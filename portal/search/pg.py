"""The PostgreSQL search backend (``SEARCH_BACKEND=postgres``): writing, listing and matching
``SearchEntry`` rows.

Terms are ours, not PostgreSQL's: the ``tsvector`` of a row and the ``tsquery`` of a search are
written as literals from ``analysis`` (folding, OpenCC t2s, jieba), so traditional and
simplified characters, long words matched by their parts and document numbers behave as with
Whoosh, and no text-search configuration (stemming, parsing) is applied to Chinese at all.

Document and index numbers are lexemes of their own, ``=`` + ``schema.exact_term(number)``;
``=`` never occurs in an analysed word (jieba splits on it and ``segment`` drops it).

Weights follow issue 22's order, title > numbers > summary > body > attachments, within
PostgreSQL's four: A the title; B the document and index numbers with the other metadata
(keywords, issuers); C the summary (``SearchFields.summary``, where the type has one); D the
rest of the text, the body and the attachments' text alike (no fifth weight is left to tell
them apart; the attachments' text is capped, ``disclosure.search_index``). Rows written
before the summary had its weight keep it at D until they are indexed again (``rebuild_index``).

Relevance is ``ts_rank`` of the query's words (title A 1.0, metadata B 0.4, summary C 0.2, text
D 0.1), ties to the shorter text (``ts_rank`` normalised by length), then to the first
indexed. Where the migration made a RUM index, the best matches are read from it in rank order
(its distance ``vector <=> query`` is that ``ts_rank``'s inverse) without reading every
match's vector from the table: a window of the first ones by distance, sorted with the
tie-breakers, provided that it holds every row tied with the last one asked for
(``_rum_keys``). Otherwise, and without RUM, PostgreSQL ranks every match (``ts_rank`` over
the table's vectors) and sorts.

Searches read the connection the router picks for a read of ``SearchEntry`` (``_reading()``):
with read replicas (``portal.db_routing``), a public search is served by a replica; a staff
member's search, one in a visitor's read-your-writes window and one outside a request (a task,
a command) by the primary. Writes (indexing, rebuilds) go through the ORM, to the primary.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from portal.search.analysis import fold, index_tokens, query_parts
from portal.search.models import SearchEntry
from portal.search.registry import SearchFields
from portal.search.schema import FACETS, exact_term
from portal.search.store import RebuildInProgress

TABLE = SearchEntry._meta.db_table
RUM_INDEX = "portal_searchentry_vector_rum"
# PostgreSQL's limits: positions 1..16383, at most 256 positions and 2 kB per lexeme.
MAX_POSITION = 16383
# Positions kept per lexeme and field: more occurrences hardly change ts_rank, and a long text
# would otherwise make the vector huge.
POSITIONS_PER_FIELD = 16
MAX_LEXEME_CHARS = 500
SUMMARY_CHARS = 300
EXACT_PREFIX = "="
# The advisory lock of ``rebuild_index``: a constant 64-bit key (PostgreSQL's bigint), the same
# on every node.
REBUILD_LOCK_KEY = int.from_bytes(
    hashlib.sha256(b"portal.search.pg.rebuild").digest()[:8], "big", signed=True
)


# --- Literals ---------------------------------------------------------------------------------


def _quote(term: str) -> str:
    """A lexeme for a tsvector/tsquery literal: quoted, with quotes and backslashes escaped."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def vector_literal(item: SearchFields) -> str:
    """The item's tsvector: jieba search-mode words of title (A), metadata (B), summary (C) and
    the rest of the text (D), with their positions, and its document/index numbers (B)."""
    lexemes: dict[str, list[str]] = {}
    offset = 0
    summary, rest = "", item.content
    if item.summary and item.content.startswith(item.summary):
        summary, rest = item.summary, item.content[len(item.summary) :]
    fields = ((item.title, "A"), (item.meta, "B"), (summary, "C"), (rest, "D"))
    for text, weight in fields:
        counts: dict[str, int] = {}
        last = 0
        for term, _start, _end, position in index_tokens(fold(text)):
            if len(term) > MAX_LEXEME_CHARS or counts.get(term, 0) >= POSITIONS_PER_FIELD:
                continue
            counts[term] = counts.get(term, 0) + 1
            lexemes.setdefault(term, []).append(
                f"{min(offset + position + 1, MAX_POSITION)}{weight}"
            )
            last = position
        offset += last + 2
    for number in item.exact:
        term = exact_term(number)
        if term and len(term) <= MAX_LEXEME_CHARS:
            lexemes.setdefault(EXACT_PREFIX + term, [f"{min(offset + 1, MAX_POSITION)}B"])
    return " ".join(f"{_quote(term)}:{','.join(positions)}" for term, positions in lexemes.items())


def _word_tsquery(word: str, depth: int = 0) -> str:
    """The word itself, or (for a long Chinese word) all of its parts: ``query._word_query``."""
    parts = query_parts(word) if depth < 4 else []
    if not parts:
        return _quote(word)
    inner = " & ".join(_word_tsquery(part, depth + 1) for part in parts)
    return f"( {_quote(word)} | ( {inner} ) )"


def text_tsquery(words: Sequence[str]) -> str:
    """Every word (whole or by its parts): what a search matches."""
    return " & ".join(_word_tsquery(word) for word in words)


def any_tsquery(words: Sequence[str]) -> str:
    """Any word (whole or by its parts): what a suggestion matches."""
    return " | ".join(_word_tsquery(word) for word in words)


def rank_tsquery(words: Sequence[str]) -> str:
    """The words themselves, any of them: what orders matches by relevance."""
    return " | ".join(_quote(word) for word in words)


def exact_tsquery(terms: Sequence[str]) -> str:
    return " | ".join(_quote(EXACT_PREFIX + term) for term in terms)


# --- Writing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    key: str
    type: str
    item: SearchFields
    agency_path: str = ""


def write(entries: Iterable[Entry], removals: Iterable[str]) -> int:
    """Insert or replace ``entries`` and delete ``removals``, in one transaction; the number of
    rows deleted (a key that was not indexed costs nothing)."""
    now = timezone.now()
    rows = [_row(entry, now) for entry in entries]
    removals = list(removals)
    with transaction.atomic():
        removed = 0
        if removals:
            removed, _ = SearchEntry.objects.filter(key__in=removals).delete()
        if rows:
            SearchEntry.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["key"],
                update_fields=[
                    field.name
                    for field in SearchEntry._meta.concrete_fields
                    if field.name not in ("id", "key")
                ],
            )
    return removed


def _row(entry: Entry, now: dt.datetime) -> SearchEntry:
    item = entry.item
    summary = " ".join(item.content.split())[:SUMMARY_CHARS]
    return SearchEntry(
        key=entry.key,
        type=entry.type,
        title=item.title,
        url=item.url,
        summary=summary,
        agency=item.agency,
        agency_path=entry.agency_path,
        theme=item.theme,
        genre=item.genre,
        year=str(item.date.year) if item.date else "",
        validity=item.validity,
        date=item.date,
        vector=vector_literal(item),
        indexed_at=now,
    )


@contextlib.contextmanager
def rebuild_lock() -> Iterator[None]:
    """One rebuild at a time in the whole deployment: a second one, on this node or another,
    fails at once rather than waiting (``RebuildInProgress``).

    A session-level advisory lock on the primary, held by the rebuild's own connection across
    its transactions (one per batch); PostgreSQL lets it go when the session ends, so a rebuild
    that was killed leaves nothing to clean up.
    """
    connection = connections[router.db_for_write(SearchEntry)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [REBUILD_LOCK_KEY])
        row = cursor.fetchone()
    if not (row and row[0]):
        raise RebuildInProgress(
            "Another rebuild of the search index is running (on this node or another)."
        )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [REBUILD_LOCK_KEY])


def remove_written_before(moment: dt.datetime) -> int:
    """Rows not written since ``moment`` (a rebuild wrote every public item after it)."""
    removed, _ = SearchEntry.objects.filter(indexed_at__lt=moment).delete()
    return removed


def analyze() -> None:
    """Fresh planner statistics after a rebuild wrote every row: without them the planner may
    expect a few hundred matches for a word in most rows, and sort every match by reading its
    vector from the table instead of reading the first ones from the RUM index in rank order
    (at 100,000 documents, 0.9 s against 60 ms for a page deep into a broad query). Autovacuum
    would get there too, some minutes later."""
    with connections[router.db_for_write(SearchEntry)].cursor() as cursor:
        cursor.execute(f"ANALYZE {TABLE}")


def indexed_keys() -> Iterable[str]:
    return SearchEntry.objects.values_list("key", flat=True).iterator()


# --- Searching --------------------------------------------------------------------------------


@contextlib.contextmanager
def _reading() -> Iterator[BaseDatabaseWrapper]:
    """The connection a read of the index goes to (a replica for a public search when there
    are replicas, ``portal.db_routing``, else the primary), for the queries of one search.

    They run with sequential scans off: a word found in most rows makes the planner read the
    whole table and test each row's vector, which must first be fetched from TOAST and
    decompressed (a cost its model leaves out); the GIN or RUM index answers ``@@`` without
    opening a vector (100,000 documents, the facet counts of a word in every one: 575 ms with
    the table read, 161 ms from the index). And with ``SEARCH_PG_WORK_MEM_MB`` of work_mem,
    so that the bitmap of a word's matches stays exact: a lossy page has every row on it tested
    again, vector and all (1,000,000 documents, a word in 379,251: 4.0 s with the default
    4 MB, 0.64 s with enough). ``set_config(…, true)`` lasts until the end of the transaction:
    the block is one (or a savepoint in the caller's), and the settings before it are put back
    when it ends.
    """
    connection = connections[router.db_for_read(SearchEntry)]
    work_mem = f"{settings.SEARCH_PG_WORK_MEM_MB}MB"
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('work_mem')")
            before = cursor.fetchone() or ("on", "4MB")
            cursor.execute(
                "SELECT set_config('enable_seqscan', 'off', true), "
                "set_config('work_mem', %s, true)",
                [work_mem],
            )
        yield connection
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('enable_seqscan', %s, true), set_config('work_mem', %s, true)",
                list(before),
            )


_rum: dict[str, bool] = {}


def has_rum(connection: BaseDatabaseWrapper) -> bool:
    """Whether the migration made the RUM index (asked once per database and process; a
    replica has the primary's indexes)."""
    name = str(connection.settings_dict["NAME"])
    found = _rum.get(name)
    if found is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [RUM_INDEX])
            found = _rum[name] = cursor.fetchone() is not None
    return found


@dataclass
class Where:
    """A WHERE clause under construction: SQL pieces ANDed, and their parameters."""

    sql: list[str]
    params: list[Any]

    def add(self, sql: str, *params: Any) -> Where:
        return Where([*self.sql, sql], [*self.params, *params])

    def render(self) -> str:
        return " AND ".join(self.sql) or "TRUE"


def _like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass
class Found:
    """What a search needs from the index: the page's keys in order, those matching a number
    exactly, the total and the facet counts."""

    keys: list[str]
    exact: set[str]
    total: int
    facets: dict[str, dict[str, int]]


def search(
    *,
    words: list[str],
    exact_terms: list[str],
    filters: dict[str, str],
    site_path: str,
    unlisted: list[str],
    sort: str,
    needed: int,
) -> Found:
    """Matches of every word or of a number, narrowed by the facet filters and the site;
    unlisted types left out unless chosen. ``needed``: how many keys, from the first."""
    text_q = text_tsquery(words) if words else ""
    exact_q = exact_tsquery(exact_terms) if exact_terms else ""
    matching = " | ".join(f"( {q} )" for q in (text_q, exact_q) if q)
    if not matching:
        return Found([], set(), 0, {})
    every_type = Where(["vector @@ %s::tsquery"], [matching])
    for name, value in filters.items():
        every_type = every_type.add(f"{name} = %s", value)
    if site_path:
        every_type = every_type.add("agency_path LIKE %s", _like_prefix(site_path))
    matched = every_type
    if unlisted and "type" not in filters:
        matched = matched.add("NOT (type = ANY(%s))", list(unlisted))
    with _reading() as connection:
        total, facets = _counts(connection, every_type, matched)
        ordered: list[str] = []
        exact: list[str] = []
        if exact_q and total:
            exact_where = matched.add("vector @@ %s::tsquery", exact_q)
            exact = _keys(connection, exact_where, "date", needed)
            ordered.extend(exact)
        rest = matched.add("NOT vector @@ %s::tsquery", exact_q) if exact_q else matched
        if sort == "relevance" and words and len(ordered) < needed:
            rank_q = rank_tsquery(words)
            rankable = rest.add("vector @@ %s::tsquery", rank_q)
            ordered.extend(_keys(connection, rankable, "relevance", needed - len(ordered), rank_q))
            # Matches by the parts of a word alone (the text cut differently) come after.
            rest = rest.add("NOT vector @@ %s::tsquery", rank_q)
        if len(ordered) < needed:
            ordered.extend(_keys(connection, rest, "date", needed - len(ordered)))
    return Found(ordered, set(exact), total, facets)


def suggest(
    *, words: list[str], types: Sequence[str], limit: int, site_path: str = ""
) -> list[str]:
    """Keys of the best ``limit`` items matching any word, best first (``suggest.suggest``)."""
    where = Where(["vector @@ %s::tsquery"], [any_tsquery(words)])
    if types:
        where = where.add("type = ANY(%s)", list(types))
    if site_path:
        where = where.add("agency_path LIKE %s", _like_prefix(site_path))
    rank_q = rank_tsquery(words)
    with _reading() as connection:
        return _keys(connection, where, "relevance", limit, rank_q)


def document_frequencies(words: Sequence[str]) -> tuple[int, dict[str, int]]:
    """The number of rows, and for each word the number of rows whose vector has it (in any
    field, the word itself, not its parts), in one round trip: each count is its own subquery,
    so that a word's is answered by the GIN index."""
    words = list(dict.fromkeys(words))
    counts = "".join(
        f", (SELECT count(*) FROM {TABLE} WHERE vector @@ %s::tsquery)"  # noqa: S608
        for _word in words
    )
    with _reading() as connection, connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(*) FROM {TABLE}){counts}",  # noqa: S608 - our own SQL pieces
            [_quote(word) for word in words],
        )
        row = cursor.fetchone()
    assert row is not None
    return row[0], dict(zip(words, row[1:], strict=True))


def _keys(
    connection: BaseDatabaseWrapper, where: Where, order: str, limit: int, rank_q: str = ""
) -> list[str]:
    """The first ``limit`` keys in ``order``."""
    if limit <= 0:
        return []
    params = list(where.params)
    if order == "relevance":
        if has_rum(connection):
            keys = _rum_keys(connection, where, limit, rank_q)
            if keys is not None:
                return keys
        # Ties (the word in both titles, say) go to the shorter text, as BM25F's length
        # normalisation would have it (ts_rank's normalisation 1: 1 + log(length)).
        order_by = "ts_rank(vector, %s::tsquery) DESC, ts_rank(vector, %s::tsquery, 1) DESC, id"
        params.extend([rank_q, rank_q])
    else:
        # Newest first, undated last, then in the order they were first indexed.
        order_by = "date DESC NULLS LAST, id"
    sql = f"SELECT key FROM {TABLE} WHERE {where.render()} ORDER BY {order_by} LIMIT %s"  # noqa: S608 - only our own SQL pieces
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [row[0] for row in cursor.fetchall()]


# The window of ``_rum_keys``: the rows asked for and this many more.
RUM_WINDOW = 100


def _rum_keys(
    connection: BaseDatabaseWrapper, where: Where, limit: int, rank_q: str
) -> list[str] | None:
    """The ``limit`` best matches by relevance, read in rank order from the RUM index; None
    when the window read does not settle them.

    RUM's distance ``vector <=> query`` is 1 / ``ts_rank`` (weights D 0.1, C 0.2, B 0.4, A 1.0,
    no length normalisation): the same first order as without RUM. The index gives the rows in
    that order and stops after the window (an ordered index scan with a LIMIT), so only those
    rows are read from the table. Rows tied on distance with the last one asked for may lie
    past the window's end, and the tie-breakers (the shorter text, then the first indexed)
    need all of them: when the window's last row is still tied with it, and the window does
    not hold every match, the caller sorts every match instead. Ties are many for a common
    word (every document with it once in its title and nowhere else), so this happens for
    deep pages of broad queries (bench/README.md, issue 22); page 1 is nearly always settled.
    """
    window = limit + RUM_WINDOW
    sql = (
        f"SELECT key, vector <=> %s::tsquery, ts_rank(vector, %s::tsquery, 1), id "  # noqa: S608
        f"FROM {TABLE} WHERE {where.render()} ORDER BY vector <=> %s::tsquery LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [rank_q, rank_q, *where.params, rank_q, window])
        rows = cursor.fetchall()
    if len(rows) == window and rows[-1][1] <= rows[limit - 1][1]:
        return None
    rows.sort(key=lambda row: (row[1], -row[2], row[3]))
    return [row[0] for row in rows[:limit]]


def _counts(
    connection: BaseDatabaseWrapper, every_type: Where, matched: Where
) -> tuple[int, dict[str, dict[str, int]]]:
    """The total and every facet's value counts in one GROUP BY GROUPING SETS query. The type
    facet counts the unlisted types too (``every_type``), the others only ``matched``."""
    listed = " AND ".join(matched.sql[len(every_type.sql) :]) or "TRUE"
    listed_params = matched.params[len(every_type.params) :]
    sets = ", ".join(f"({name})" for name in FACETS)
    columns = ", ".join(FACETS)
    sql = (
        f"SELECT {columns}, GROUPING({columns}), count(*), count(*) FILTER (WHERE {listed}) "  # noqa: S608
        f"FROM {TABLE} WHERE {every_type.render()} GROUP BY GROUPING SETS ({sets}, ())"
    )
    total = 0
    facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    everything = (1 << len(FACETS)) - 1
    with connection.cursor() as cursor:
        cursor.execute(sql, [*listed_params, *every_type.params])
        for row in cursor.fetchall():
            grouping, every, listed_count = row[len(FACETS)], row[-2], row[-1]
            if grouping == everything:
                total = listed_count
                continue
            for index, name in enumerate(FACETS):
                # GROUPING's bit for a column is 0 when the row is grouped by it.
                if not grouping & (1 << (len(FACETS) - 1 - index)):
                    value = row[index]
                    count = every if name == "type" else listed_count
                    if value and count:
                        facets[name][value] = count
    return total, facets
