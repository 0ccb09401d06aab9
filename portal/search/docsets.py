"""Sets of document numbers as Python integers (bit i set = document i), cached per index
generation, so that totals and facet counts cost a few big-integer ANDs instead of a Python
loop over every matching document.

Whoosh is pure Python: grouping a result set by six facets visits each matching document
(about 40 µs each), which for a common word in a large index is most of the search time. A
term's documents are read once per index generation (when the index changes, a new generation
starts and the cache with it); after that, ``&``, ``|`` and ``int.bit_count()`` run in C.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from whoosh import query as wq
from whoosh.searching import Searcher

# Term sets kept per generation; at 100,000 documents one set is 12.5 kB.
MAX_TERMS = 4000

_lock = threading.Lock()
_by_generation: OrderedDict[tuple[str, int], DocSets] = OrderedDict()


def to_mask(docnums: Iterable[int], size: int) -> int:
    bits = bytearray((size + 7) // 8)
    for docnum in docnums:
        bits[docnum >> 3] |= 1 << (docnum & 7)
    return int.from_bytes(bits, "little")


def to_list(mask: int) -> list[int]:
    """The document numbers in a mask, ascending."""
    digits = bin(mask)[:1:-1]  # least significant bit first, without "0b"
    found, at = [], digits.find("1")
    while at != -1:
        found.append(at)
        at = digits.find("1", at + 1)
    return found


class DocSets:
    """The cached sets of one index generation. Methods take the request's searcher, which
    must read that generation."""

    def __init__(self) -> None:
        self._terms: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._facets: dict[str, dict[str, int]] = {}
        self._live: int | None = None
        self._date_order: list[int] | None = None

    def live(self, searcher: Searcher) -> int:
        """Every document not deleted."""
        if self._live is None:
            reader = searcher.reader()
            self._live = to_mask(reader.all_doc_ids(), reader.doc_count_all())
        return self._live

    def term(self, searcher: Searcher, fieldname: str, text: str) -> int:
        key = (fieldname, text)
        with _lock:
            found = self._terms.get(key)
            if found is not None:
                self._terms.move_to_end(key)
                return found
        size = searcher.reader().doc_count_all()
        mask = to_mask(searcher.docs_for_query(wq.Term(fieldname, text)), size)
        mask &= self.live(searcher)
        with _lock:
            self._terms[key] = mask
            while len(self._terms) > MAX_TERMS:
                self._terms.popitem(last=False)
        return mask

    def evaluate(self, searcher: Searcher, query: wq.Query) -> int:
        """The documents matching a query built of Term, And and Or."""
        if isinstance(query, wq.Term):
            return self.term(searcher, query.fieldname, query.text)
        if isinstance(query, wq.And):
            mask = self.live(searcher)
            for sub in query.subqueries:
                mask &= self.evaluate(searcher, sub)
                if not mask:
                    break
            return mask
        if isinstance(query, wq.Or):
            mask = 0
            for sub in query.subqueries:
                mask |= self.evaluate(searcher, sub)
            return mask
        raise TypeError(f"Cannot evaluate {query!r} as a set.")

    def facet(self, searcher: Searcher, fieldname: str) -> dict[str, int]:
        """Value -> documents, for every value of a facet field."""
        found = self._facets.get(fieldname)
        if found is None:
            size = searcher.reader().doc_count_all()
            live = self.live(searcher)
            found = {}
            for value in searcher.reader().field_terms(fieldname):
                term = wq.Term(fieldname, value)
                found[value] = to_mask(searcher.docs_for_query(term), size) & live
            self._facets[fieldname] = found
        return found

    def date_order(self, searcher: Searcher) -> list[int]:
        """Every live document, newest first (undated last), ties by document number."""
        if self._date_order is None:
            dates = searcher.reader().column_reader("date")
            live = to_list(self.live(searcher))
            self._date_order = sorted(live, key=lambda docnum: -dates[docnum])
        return self._date_order


def for_searcher(directory: str, searcher: Searcher) -> DocSets:
    key = (directory, searcher.reader().generation())
    with _lock:
        found = _by_generation.get(key)
        if found is None:
            found = _by_generation[key] = DocSets()
            # The previous generation may still serve requests that opened it; older ones go.
            while len(_by_generation) > 2:
                _by_generation.popitem(last=False)
        return found
