"""The search service: a query string and filters in, a page of public results out.

Every word of the query must occur (in the title, the numbers and keywords, or the text); a
long word also matches where the text has it cut into smaller words. A query equal to a
document number (丽委办发〔2016〕81号, or just 〔2016〕81号, brackets of any kind) or an index
number puts the item carrying it first, whatever the sort order.

The index only says which items match; the page reads them through their definition's
``queryset_to_index()``, so an item that stopped being public since it was indexed is left out.

Matching, counting and ordering run in Whoosh (below) or in PostgreSQL (``pg.search``), as
``SEARCH_BACKEND`` says; the rules are the same and ``tests/search`` runs against both.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher

from django.db import models
from django.utils.safestring import SafeString

from portal.search import backend, docsets, indexing, pg, ranking, registry, snippets, store
from portal.search import facets as facet_labels
from portal.search.analysis import fold, query_parts, query_words
from portal.search.facets import FacetCount
from portal.search.schema import FACETS, TEXT_FIELDS, exact_term

MAX_QUERY_LENGTH = 100
PER_PAGE = 20
# Deep pages cost as much as all the pages before them; nobody reads page 101.
MAX_PAGE = 100
FIRST_YEAR, LAST_YEAR = 1949, 2100
SORTS = ("relevance", "date")

_SLUG = re.compile(r"[a-z0-9_-]{1,32}")
_DIGIT = re.compile(r"\d")


# --- Parameters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    type: str = ""
    agency: str = ""
    theme: str = ""
    genre: str = ""
    year: str = ""
    validity: str = ""
    sort: str = "relevance"
    page: int = 1
    ignored: tuple[str, ...] = ()
    # Set by code, never from the query string: only items of agencies whose tree path starts
    # with it (a site of a site group and the agencies below it). Empty: every agency.
    site_path: str = ""

    def filters(self) -> dict[str, str]:
        """The facet filters in force: facet name -> value."""
        return {name: getattr(self, name) for name in FACETS if getattr(self, name)}


def _page_number(raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return 1
    # isascii: str.isdigit() also accepts "²", which int() refuses.
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6) or int(raw) < 1:
        return None
    return min(int(raw), MAX_PAGE)


def parse_params(params: Mapping[str, str]) -> SearchParams:
    """Query-string parameters, each checked; a malformed one is ignored and named."""
    ignored: list[str] = []

    def text(name: str, max_length: int) -> str:
        value = " ".join(params.get(name, "").split())
        if len(value) > max_length:
            ignored.append(name)
            return ""
        return value

    type_key = text("type", 32)
    if type_key and registry.get(type_key) is None:
        ignored.append("type")
        type_key = ""
    year = text("year", 4)
    if year and not (year.isascii() and year.isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR):
        ignored.append("year")
        year = ""
    validity = text("validity", 32)
    if validity and not _SLUG.fullmatch(validity):
        ignored.append("validity")
        validity = ""
    sort = params.get("sort", "").strip() or SORTS[0]
    if sort not in SORTS:
        ignored.append("sort")
        sort = SORTS[0]
    page = _page_number(params.get("page", ""))
    if page is None:
        ignored.append("page")
        page = 1
    return SearchParams(
        # A longer query is cut rather than refused: the header box allows 100 characters.
        q=" ".join(params.get("q", "").split())[:MAX_QUERY_LENGTH],
        type=type_key,
        agency=text("agency", 32),
        theme=text("theme", 100),
        genre=text("genre", 100),
        year=year,
        validity=validity,
        sort=sort,
        page=page,
        ignored=tuple(ignored),
    )


# --- Results ----------------------------------------------------------------------------------


@dataclass
class SearchHit:
    key: str
    type: str
    type_label: str
    title: SafeString
    url: str
    agency_name: str
    date: dt.date | None
    validity: str
    validity_label: str
    snippet: SafeString
    exact: bool = False
    machine_read: bool = False


@dataclass
class SearchResults:
    params: SearchParams
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    num_pages: int = 1
    per_page: int = PER_PAGE
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)
    searched: bool = False  # False for an empty query: nothing was looked up


# --- Building the Whoosh query ----------------------------------------------------------------


def _word_query(word: str, fieldname: str, depth: int = 0) -> wq.Query:
    """The word itself, or (for a long Chinese word) all of its parts."""
    parts = query_parts(word) if depth < 4 else []
    whole = wq.Term(fieldname, word)
    if not parts:
        return whole
    return wq.Or([whole, wq.And([_word_query(part, fieldname, depth + 1) for part in parts])])


def word_query(word: str) -> wq.Query:
    return wq.Or([_word_query(word, fieldname) for fieldname in TEXT_FIELDS])


def highlight_terms(words: list[str]) -> set[str]:
    """The words and, recursively, their parts: what a snippet may mark."""
    terms: set[str] = set()
    pending = list(words)
    while pending:
        word = pending.pop()
        if word not in terms:
            terms.add(word)
            pending.extend(query_parts(word))
    return terms


def exact_terms(q: str) -> list[str]:
    """The query as a term of the ``exact`` field, if it could be a number. Items index their
    full document number and also the part from the year on (〔2016〕81号), which is what
    people copy from a citation."""
    if not _DIGIT.search(q):
        return []
    whole = exact_term(q)
    return [whole] if whole else []


def _rank_query(words: list[str]) -> wq.Query:
    """What orders the matches by relevance (BM25F): the query's words themselves. Their
    parts take part in matching (``word_query``) but not in ranking, which in Whoosh costs
    time for every term and every matching document."""
    return wq.Or([wq.Term(name, word) for word in words for name in TEXT_FIELDS])


def _ranked(searcher: Searcher, words: list[str], allowed: int, limit: int) -> list[int]:
    """The first ``limit`` documents of ``allowed`` by relevance: vectorised BM25F (ranking.py),
    which costs the same on any page, or Whoosh's own collector for another weighting."""
    if ranking.supported(searcher):
        terms = [(name, word) for word in words for name in TEXT_FIELDS]
        return ranking.rank(searcher, terms, allowed, limit)
    allowed_docs = set(docsets.to_list(allowed))
    hits = searcher.search(_rank_query(words), limit=limit, filter=allowed_docs)
    return [hit.docnum for hit in hits]


def _newest_first(sets: docsets.DocSets, searcher: object, mask: int, limit: int) -> list[int]:
    """Up to ``limit`` documents of ``mask``, newest first."""
    found: list[int] = []
    if limit <= 0 or not mask:
        return found
    among = set(docsets.to_list(mask))
    for docnum in sets.date_order(searcher):
        if docnum in among:
            found.append(docnum)
            if len(found) == limit:
                break
    return found


# --- The search -------------------------------------------------------------------------------


def site_mask(sets: docsets.DocSets, searcher: Searcher, site_path: str) -> int:
    """The items of a site: those whose agency is the site's root or below it."""
    site = 0
    for path, mask in sets.facet(searcher, "agency_path").items():
        if path.startswith(site_path):
            site |= mask
    return site


def search(params: SearchParams, *, per_page: int = PER_PAGE) -> SearchResults:
    results = SearchResults(params=params, per_page=per_page)
    if not params.q:
        return results
    results.searched = True
    words = query_words(params.q)
    results.words = words
    if backend.is_postgres():
        return _search_postgres(params, results, words)
    text_query = wq.And([word_query(word) for word in words]) if words else None
    directory, searcher = store.searcher()
    sets = docsets.for_searcher(directory, searcher)
    text = sets.evaluate(searcher, text_query) if text_query is not None else 0
    exact = 0
    for term in exact_terms(params.q):
        exact |= sets.term(searcher, "exact", term)
    allowed = sets.live(searcher)
    for name, value in params.filters().items():
        allowed &= sets.facet(searcher, name).get(value, 0)
    if params.site_path:
        allowed &= site_mask(sets, searcher, params.site_path)
    every_type = (text | exact) & allowed
    matched = every_type
    if not params.type:
        types = sets.facet(searcher, "type")
        for key in registry.unlisted_keys():
            matched &= ~types.get(key, 0)
    results.total = matched.bit_count()
    results.facets = {}
    for name in FACETS:
        values = sets.facet(searcher, name)
        # The type facet counts the types listed only when chosen, so that they can be.
        among = every_type if name == "type" else matched
        counts = {value: (among & mask).bit_count() for value, mask in values.items()}
        results.facets[name] = facet_labels.facet_counts(name, counts, params)
    results.num_pages = max(1, math.ceil(results.total / per_page))
    results.page = min(params.page, results.num_pages)
    needed = results.page * per_page
    # Exact number matches first, newest first among themselves, in either sort order.
    ordered = _newest_first(sets, searcher, matched & exact, needed)
    exact_docs = set(ordered)
    rest = matched & ~exact if len(ordered) < needed else 0
    if params.sort == "relevance" and rest and words:
        rank_query = _rank_query(words)
        rankable = rest & sets.evaluate(searcher, rank_query)
        if rankable:
            ordered.extend(_ranked(searcher, words, rankable, needed - len(ordered)))
        # Matches by the parts of a word alone (the text cut differently) come after.
        rest &= ~rankable
    ordered.extend(_newest_first(sets, searcher, rest, needed - len(ordered)))
    start = (results.page - 1) * per_page
    page_docs = ordered[start : start + per_page]
    page_keys = [searcher.stored_fields(docnum)["id"] for docnum in page_docs]
    exact_keys = {searcher.stored_fields(docnum)["id"] for docnum in exact_docs}
    tiers = ([fold(params.q)], words, highlight_terms(words))
    results.hits = _hydrate(page_keys, exact_keys, tiers)
    return results


def _search_postgres(
    params: SearchParams, results: SearchResults, words: list[str]
) -> SearchResults:
    per_page = results.per_page
    # The page is not known before the total; the keys of every page up to the asked one are
    # few (at most MAX_PAGE * PER_PAGE short strings).

    def keys_up_to(page: int) -> pg.Found:
        return pg.search(
            words=words,
            exact_terms=exact_terms(params.q),
            filters=params.filters(),
            site_path=params.site_path,
            unlisted=registry.unlisted_keys(),
            sort=params.sort,
            needed=page * per_page,
        )

    found = keys_up_to(params.page)
    results.total = found.total
    results.facets = {
        name: facet_labels.facet_counts(name, found.facets.get(name, {}), params) for name in FACETS
    }
    results.num_pages = max(1, math.ceil(results.total / per_page))
    results.page = min(params.page, results.num_pages)
    start = (results.page - 1) * per_page
    keys = found.keys[start : start + per_page]
    if not keys and found.total and results.page < params.page:
        # Asked past the end: the last page, fetched again with what it needs.
        found = keys_up_to(results.page)
        keys = found.keys[start : start + per_page]
    tiers = ([fold(params.q)], words, highlight_terms(words))
    results.hits = _hydrate(keys, found.exact, tiers)
    return results


def _hydrate(
    page_keys: list[str], exact_keys: set[str], tiers: tuple[Iterable[str], ...]
) -> list[SearchHit]:
    """The page's items from the database, in result order; items no longer public are
    left out (the index catches up with them on its own)."""
    groups = registry.group_keys(page_keys)
    objects: dict[str, tuple[registry.IndexDefinition[Any], models.Model]] = {}
    for type_key, (definition, keys_by_pk) in groups.by_definition.items():
        found = definition.queryset_to_index().in_bulk(list(keys_by_pk))
        for pk, obj in found.items():
            if definition.is_indexable(obj):
                objects[f"{type_key}:{pk}"] = (definition, obj)
    hits = []
    gone = [key for key in page_keys if key not in objects]
    if gone:
        # Withdrawn or deleted since it was indexed (a lost update): fix the index too.
        indexing.queue_keys(gone)
    for key in page_keys:
        if key not in objects:
            continue
        definition, obj = objects[key]
        item = definition.to_fields(obj)
        hits.append(
            SearchHit(
                key=key,
                type=definition.key,
                type_label=str(definition.label),
                title=snippets.highlight(item.title, *tiers),
                url=item.url,
                agency_name=item.agency_name,
                date=item.date,
                validity=item.validity,
                validity_label=item.validity_label,
                snippet=snippets.snippet(item.content, *tiers),
                exact=key in exact_keys,
                machine_read=item.machine_read,
            )
        )
    return hits
