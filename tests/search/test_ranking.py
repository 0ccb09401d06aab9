"""Relevance ranking computed with numpy (portal.search.ranking): the same scores and order as
Whoosh's BM25F, over an index of several segments, on every page."""

from __future__ import annotations

import pytest

from portal.search import docsets, indexing, query, ranking, store
from portal.search.schema import TEXT_FIELDS
from publishing.models import Status
from tests.search.conftest import published_document, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def search_backend():
    """The vectorised BM25F ranking of the Whoosh backend: Whoosh only."""
    return "whoosh"


WORD = "政务公开"


@pytest.fixture
def documents(agency_a):
    """Documents that use the word in their titles and bodies more or less often and are of
    different lengths, indexed in three batches (three segments)."""
    made = []
    for number in range(36):
        made.append(
            published_document(
                agency_a,
                title=f"第{number}号{WORD * (number % 3)}工作通知",
                body="<p>"
                + "推进政务公开工作。" * (number % 5)
                + "其他事项说明。" * (number * 3)
                + "</p>",
            )
        )
    for start in (0, 12, 24):
        indexing.index_keys(f"document:{document.pk}" for document in made[start : start + 12])
    ranking.forget()
    return made


def whoosh_scores() -> dict[int, float]:
    """Whoosh's own scores for the word, every matching document."""
    _, searcher = store.searcher()
    hits = searcher.search(query._rank_query([WORD]), limit=None)
    return {hit.docnum: hit.score for hit in hits}


def test_scores_are_whooshs_bm25f_scores(documents):
    _, searcher = store.searcher()
    assert len(searcher.leaf_searchers()) > 1  # the postings of several segments add up

    expected = whoosh_scores()
    computed = ranking.scores(searcher, [(name, WORD) for name in TEXT_FIELDS])

    assert len(expected) > 20
    for docnum, score in expected.items():
        assert computed[docnum] == pytest.approx(score, rel=1e-9)
    assert sorted(int(d) for d in computed.nonzero()[0]) == sorted(expected)


def test_results_come_best_first_and_equal_scores_by_index_order(documents):
    _, searcher = store.searcher()
    expected = whoosh_scores()
    allowed = docsets.for_searcher(*store.searcher()).live(searcher)

    ranked = ranking.rank(searcher, [(name, WORD) for name in TEXT_FIELDS], allowed, 100)

    assert ranked == sorted(expected, key=lambda docnum: (-round(expected[docnum], 9), docnum))


def test_every_page_follows_the_one_before_without_gaps_or_repeats(documents):
    first = query.search(query.parse_params({"q": WORD}), per_page=100)
    everything = [hit.key for hit in first.hits]

    pages = []
    for number in range(1, first.total // 5 + 2):
        results = query.search(query.parse_params({"q": WORD, "page": str(number)}), per_page=5)
        pages.extend(hit.key for hit in results.hits)

    assert len(everything) == first.total > 20
    assert pages == everything


def test_a_withdrawn_document_is_not_ranked_from_the_cached_postings(documents):
    search(WORD)  # reads and keeps the postings of every segment
    best = search(WORD).hits[0].key
    withdrawn = next(d for d in documents if f"document:{d.pk}" == best)
    withdrawn.status = Status.WITHDRAWN
    withdrawn.save()
    indexing.index_keys([best])

    results = search(WORD)

    assert best not in [hit.key for hit in results.hits]
    assert results.total == len(whoosh_scores())


def test_a_newly_published_document_is_ranked_among_the_others(agency_a, documents):
    search(WORD)
    new = published_document(agency_a, title=f"{WORD}{WORD}{WORD}{WORD}", body=f"<p>{WORD}</p>")
    indexing.index_keys([f"document:{new.pk}"])

    assert search(WORD).hits[0].key == f"document:{new.pk}"
