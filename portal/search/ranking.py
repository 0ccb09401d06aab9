"""Relevance ranking of search results: BM25F as Whoosh defines it, computed with numpy.

Whoosh scores a query document by document in Python, about 3 µs per document and term, and
can skip documents only while it needs few results: a common word in 40,000 documents cost
160 ms on the first page, and ranking the first 2,000 for page 100 of another word cost four
times its first page (bench/search.py). Here the postings of each term — document numbers,
weights (term frequency times the field's boost) and field lengths — are read once per index
segment and kept: a segment never changes (a publication adds a small new one, deletions are
masked out by ``allowed``), so only new segments are read. A query's scores are then a few
vector operations with the collection's current statistics (idf, average field length), the
same formula as ``whoosh.scoring.BM25F``, and cost the same on page 1 and page 100.

Whoosh stays the index, the analyzer, the term statistics and the matching; it also keeps
ranking when the searcher's weighting is not BM25F (see ``query.search``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

# Postings kept per process, over all terms and segments: 12 bytes each, so about 50 MB. A
# word found in every one of 100,000 documents takes 100,000.
MAX_POSTINGS = 4_000_000


@dataclass(frozen=True)
class Postings:
    """One term's postings in one segment."""

    docnums: NDArray[np.int32]  # within the segment
    weights: NDArray[np.float32]
    lengths: NDArray[np.float32]

    @property
    def size(self) -> int:
        return len(self.docnums)


_EMPTY = Postings(
    np.zeros(0, np.int32), np.zeros(0, np.float32), np.zeros(0, np.float32)
)  # fmt: skip
_lock = threading.Lock()
_cache: OrderedDict[tuple[str, str, str], Postings] = OrderedDict()
_cached_postings = 0


def supported(searcher: Searcher) -> bool:
    """Whether this module ranks like the searcher would (its weighting is plain BM25F)."""
    return type(searcher.weighting) is BM25F


def _read(leaf: Searcher, fieldname: str, text: str) -> Postings:
    reader = leaf.reader()
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return _EMPTY
    docnums: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        docnums.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    # What Whoosh's scorer reads: the stored, byte-approximated length (1 when missing).
    lengths = [reader.doc_field_length(docnum, fieldname, 1) or 1 for docnum in docnums]
    return Postings(
        np.array(docnums, np.int32), np.array(weights, np.float32), np.array(lengths, np.float32)
    )


def postings(leaf: Searcher, fieldname: str, text: str) -> Postings:
    """The postings of a term in the segment ``leaf`` reads, from the cache once read."""
    global _cached_postings
    segment = leaf.reader().segment()
    if segment is None:  # an empty index
        return _EMPTY
    key = (segment.segment_id(), fieldname, text)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    found = _read(leaf, fieldname, text)
    with _lock:
        if key not in _cache:
            _cache[key] = found
            _cached_postings += found.size
            while _cached_postings > MAX_POSTINGS and len(_cache) > 1:
                _, dropped = _cache.popitem(last=False)
                _cached_postings -= dropped.size
    return found


def forget() -> None:
    """Drop every cached posting (tests)."""
    global _cached_postings
    with _lock:
        _cache.clear()
        _cached_postings = 0


def scores(searcher: Searcher, terms: list[tuple[str, str]]) -> NDArray[np.float64]:
    """Every document's BM25F score for the sum of ``terms`` ((field, text) pairs), as Whoosh
    scores an ``Or`` of those ``Term`` queries; 0 where none occurs."""
    weighting = searcher.weighting
    b, k1 = weighting.B, weighting.K1
    total = np.zeros(searcher.doc_count_all(), np.float64)
    leaves = searcher.leaf_searchers()
    for fieldname, text in dict.fromkeys(terms):
        idf = searcher.idf(fieldname, text)
        average_length = searcher.avg_field_length(fieldname) or 1
        for leaf, offset in leaves:
            found = postings(leaf, fieldname, text)
            if not found.size:
                continue
            weights = found.weights.astype(np.float64)
            norm = k1 * ((1 - b) + b * found.lengths.astype(np.float64) / average_length)
            total[found.docnums + offset] += idf * (weights * (k1 + 1)) / (weights + norm)
    return total


def mask_to_array(mask: int, size: int) -> NDArray[np.bool_]:
    """A docsets mask (bit i = document i) as a boolean array of ``size``."""
    raw = np.frombuffer(mask.to_bytes((size + 7) // 8 or 1, "little"), np.uint8)
    return np.unpackbits(raw, bitorder="little")[:size].astype(bool)


def rank(searcher: Searcher, terms: list[tuple[str, str]], allowed: int, limit: int) -> list[int]:
    """Up to ``limit`` documents of ``allowed`` (a docsets mask) in which a term occurs, the
    best first; equal scores by document number, as Whoosh orders them."""
    if limit <= 0 or not allowed:
        return []
    scored = scores(searcher, terms)
    candidates = np.flatnonzero(mask_to_array(allowed, len(scored)) & (scored > 0))
    values = scored[candidates]
    if len(candidates) > limit:
        # Only what can reach the first ``limit`` places is sorted (ties at the edge kept).
        edge = np.partition(values, len(values) - limit)[len(values) - limit]
        keep = values >= edge
        candidates, values = candidates[keep], values[keep]
    order = np.lexsort((candidates, -values))
    return [int(docnum) for docnum in candidates[order][:limit]]
