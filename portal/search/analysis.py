"""Chinese text analysis for the search index: folding, then jieba word segmentation.

Folding makes variants of a character one term, on both sides (indexing and queries):

* NFKC compatibility forms, one character at a time: full-width ``ＡＢＣ１２３，`` becomes
  ``abc123,``; a character whose NFKC form is longer (``…``, ``㈠``) is left as it is.
* lower case;
* traditional to simplified characters with OpenCC's ``t2s`` conversion, so that 政務公開 and
  政务公开 are the same words.

Every step keeps the text's length (checked: every entry of OpenCC's t2s dictionaries maps to
a string of the same length, and the other two steps only ever replace one character by one), so
a character offset in the folded text is the same offset in the original. Snippets are cut from
the original text with the offsets of matches found in the folded one.

Segmentation uses jieba's precise mode. For indexing, each word longer than two characters also
yields the dictionary words of two and three characters inside it (jieba's "search" mode), at
the same position, so that 中华人民共和国 is found by 人民 and 共和国. A query is segmented in
precise mode and each long word may match either whole or by its parts (``query_parts``).
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Protocol

from whoosh.analysis import Token, Tokenizer

from django.conf import settings

# Words of this field that jieba's general dictionary lacks; kept whole, and still found by
# their parts (政务 and 公开). Changing the list changes the terms: rebuild the index after.
DOMAIN_WORDS = (
    "政务公开",
    "政府信息公开",
    "信息公开",
    "主动公开",
    "依申请公开",
    "不予公开",
    "规范性文件",
    "负面清单",
    "政策解读",
    "公开指南",
    "公开目录",
    "索引号",
    "发文字号",
)

# A token is a word if it has a letter, digit or ideograph; jieba also yields punctuation and
# spaces as tokens, which are dropped.
_WORD = re.compile(r"\w")
_IDEOGRAPHS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


class _Converter(Protocol):
    """What we use of an ``opencc.OpenCC`` (OpenCC has no type information)."""

    def convert(self, text: str) -> str: ...


class _Tokenizer(Protocol):
    """What we use of jieba's ``Tokenizer`` (jieba has no type information)."""

    FREQ: dict[str, int]

    def tokenize(self, unicode_sentence: str) -> Iterator[tuple[str, int, int]]: ...

    def get_DAG(self, sentence: str) -> dict[int, list[int]]: ...

    def calc(
        self,
        sentence: str,
        DAG: dict[int, list[int]],
        route: dict[int, tuple[float, int]],
    ) -> None: ...


_jieba_lock = threading.Lock()
_jieba_ready = False


@cache
def _fold_table() -> dict[int, str]:
    """NFKC plus lower case for every BMP character that stays one character (60 ms, once)."""
    table = {}
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) == 1:
            folded = folded.lower()
            if len(folded) == 1 and folded != char:
                table[code] = folded
    return table


@cache
def _converter() -> _Converter:
    import opencc

    return opencc.OpenCC("t2s.json")


def fold(text: str) -> str:
    """Simplified, NFKC-folded, lower-case text of exactly the same length as ``text``."""
    folded = text.translate(_fold_table())
    converted = _converter().convert(folded)
    if len(converted) == len(folded):
        return converted
    # Not seen with OpenCC 1.4's dictionaries; should a phrase ever change length, convert one
    # character at a time, keeping any character whose conversion is not one character.
    convert = _converter().convert
    return "".join(simple if len(simple := convert(char)) == 1 else char for char in folded)


def _jieba() -> _Tokenizer:
    """jieba's default tokenizer, initialised once per process (about 1 to 2 seconds)."""
    global _jieba_ready
    import jieba

    if not _jieba_ready:
        with _jieba_lock:
            if not _jieba_ready:
                jieba.setLogLevel(logging.WARNING)
                # jieba caches its prefix dictionary in a file; keep it with the portal's data
                # rather than in a shared /tmp.
                jieba.dt.tmp_dir = str(settings.DATA_DIR)
                jieba.dt.initialize()
                for word in DOMAIN_WORDS:
                    jieba.add_word(word)
                _jieba_ready = True
    return jieba.dt


def segment(folded: str) -> Iterator[tuple[str, int, int]]:
    """Precise-mode words of folded text as (word, start, end); punctuation dropped."""
    for word, start, end in _jieba().tokenize(folded):
        if _WORD.search(word):
            yield word, start, end


def _is_word(candidate: str) -> bool:
    return bool(_jieba().FREQ.get(candidate))


def index_tokens(folded: str) -> Iterator[tuple[str, int, int, int]]:
    """(term, start, end, position) for indexing: each word, preceded by the dictionary words
    of two and three characters inside it, all at the word's position."""
    for position, (word, start, end) in enumerate(segment(folded)):
        length = end - start
        if length > 2:
            for size in (2, 3):
                if length <= size:
                    continue
                for i in range(length - size + 1):
                    gram = word[i : i + size]
                    if _is_word(gram):
                        yield gram, start + i, start + i + size, position
        yield word, start, end, position


def query_words(text: str) -> list[str]:
    """The distinct words of a query, folded, in order."""
    seen: dict[str, None] = {}
    for word, _start, _end in segment(fold(text)):
        seen.setdefault(word, None)
    return list(seen)


def query_parts(word: str) -> list[str]:
    """The most likely split of a Chinese word into smaller dictionary words (jieba's own
    route, with the whole word left out), or an empty list for a word of one or two
    characters or one that is not all ideographs.

    A document may hold the same characters cut differently (中华人民共和国 + 政府 rather than
    中华人民共和国政府), so a query word may also match by its parts; see ``query.word_query``.
    """
    if len(word) <= 2 or not _IDEOGRAPHS.fullmatch(word):
        return []
    tokenizer = _jieba()
    dag = tokenizer.get_DAG(word)
    last = len(word) - 1
    dag[0] = [end for end in dag[0] if end != last] or [0]
    route: dict[int, tuple[float, int]] = {}
    tokenizer.calc(word, dag, route)
    parts, start = [], 0
    while start < len(word):
        end = route[start][1] + 1
        parts.append(word[start:end])
        start = end
    return parts


class ChineseTokenizer(Tokenizer):
    """A Whoosh tokenizer: folding plus jieba. Token offsets refer to the original text.

    In ``query`` mode only the precise-mode words are yielded; the query service builds its
    own queries from ``query_words`` and ``query_parts`` and does not rely on this mode.

    The schema pickled into the index names this class: keep its import path.
    """

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    def __hash__(self) -> int:
        return hash(self.__class__)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        folded = fold(value)
        if not tokenize:
            tokens: Iterator[tuple[str, int, int, int]] = iter([(folded, 0, len(folded), 0)])
        elif mode == "query":
            tokens = (
                (word, start, end, position)
                for position, (word, start, end) in enumerate(segment(folded))
            )
        else:
            tokens = index_tokens(folded)
        for text, start, end, position in tokens:
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def analyzer() -> ChineseTokenizer:
    return ChineseTokenizer()
