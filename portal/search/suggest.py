"""Search before you ask: what is already published about a question the citizen is writing
(on the message form's preview step and on the request form), from the site's search index.

Unlike the search box, not every word has to occur: a question is a sentence, and the words
people use to ask (请问, 关于, 如何) say nothing of what they ask about. The words of the text
are ranked by BM25F and the best few public items shown; only what ``queryset_to_index()`` still
returns is shown, as in every search.

``best_keys`` and ``document_frequencies`` are the same look-ups for callers that score the
items themselves (the policy Q&A assistant, ``policies.assistant``), on either backend.
"""

from __future__ import annotations

from collections.abc import Sequence

from whoosh import query as wq

from portal.search import backend, docsets, pg, store
from portal.search.analysis import fold, query_words
from portal.search.query import (
    SearchHit,
    _hydrate,
    _ranked,
    highlight_terms,
    site_mask,
    word_query,
)
from portal.search.schema import TEXT_FIELDS

#: Words of asking and of the message box itself, which match everything and mean nothing.
QUESTION_WORDS = frozenset(
    [
        "请问",
        "关于",
        "如何",
        "怎么",
        "怎样",
        "什么",
        "哪些",
        "哪里",
        "是否",
        "能否",
        "可以",
        "需要",
        "咨询",
        "建议",
        "投诉",
        "求助",
        "反映",
        "问题",
        "情况",
        "相关",
        "有关",
        "一下",
        "我们",
        "我",
        "你们",
        "您好",
        "你好",
        "谢谢",
        "希望",
        "想",
        "要",
        "能",
        "有",
        "没有",
        "的",
        "了",
        "吗",
        "呢",
        "政府",
        "部门",
        "请",
        "问",
    ]
)
MAX_WORDS = 12
LIMIT = 5


def suggestion_words(text: str) -> list[str]:
    words = [word for word in query_words(text) if word not in QUESTION_WORDS and len(word) > 1]
    return list(dict.fromkeys(words))[:MAX_WORDS]


def suggest(
    text: str, *, limit: int = LIMIT, types: tuple[str, ...] = (), site_path: str = ""
) -> list[SearchHit]:
    """The public items that best match ``text`` (any of its meaningful words), best first;
    ``types``: only these content types (registry keys); ``site_path``: only the items of the
    site whose root agency has this tree path (``SearchParams.site_path``)."""
    words = suggestion_words(" ".join(text.split())[:500])
    if not words:
        return []
    tiers = ([fold(text)], words, highlight_terms(words))
    return _hydrate(best_keys(words, types=types, limit=limit, site_path=site_path), set(), tiers)


def best_keys(
    words: list[str], *, types: Sequence[str] = (), limit: int, site_path: str = ""
) -> list[str]:
    """Keys of the ``limit`` indexed items that best match any of ``words`` (each as it is or
    by all of its parts), best first; ``types`` and ``site_path`` narrow them as in
    ``suggest``. The items are not read: some may no longer be public."""
    if not words:
        return []
    if backend.is_postgres():
        return pg.suggest(words=words, types=types, limit=limit, site_path=site_path)
    directory, searcher = store.searcher()
    sets = docsets.for_searcher(directory, searcher)
    matched = sets.evaluate(searcher, wq.Or([word_query(word) for word in words]))
    matched &= sets.live(searcher)
    if types:
        allowed = 0
        for type_key in types:
            allowed |= sets.facet(searcher, "type").get(type_key, 0)
        matched &= allowed
    if site_path:
        matched &= site_mask(sets, searcher, site_path)
    if not matched:
        return []
    ordered = _ranked(searcher, words, matched, limit)
    return [searcher.stored_fields(docnum)["id"] for docnum in ordered]


def document_frequencies(words: Sequence[str]) -> tuple[int, dict[str, int]]:
    """How many items the index holds, and for each word how many of them contain it as it is
    (not by its parts) in any text field: what an inverse document frequency is computed from.
    The same counts on both backends (Whoosh's fields, PostgreSQL's single vector)."""
    if backend.is_postgres():
        return pg.document_frequencies(words)
    directory, searcher = store.searcher()
    sets = docsets.for_searcher(directory, searcher)
    return searcher.doc_count(), {
        word: sets.evaluate(
            searcher, wq.Or([wq.Term(name, word) for name in TEXT_FIELDS])
        ).bit_count()
        for word in words
    }
