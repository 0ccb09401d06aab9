"""Highlighted snippets: passages of the ORIGINAL text with the query's words marked.

Matches are found by plain substring search in the folded text (same length as the original,
see ``analysis.fold``), so a traditional-character passage is marked for a simplified query and
the other way round, without segmenting the whole text again (jieba manages about 100,000
characters a second, too slow for twenty long results per page). Whoosh's pinpoint fragmenter
and fragment scorer pick the passages; the formatter escapes every character of the text and
adds only ``<mark>`` tags.
"""

from __future__ import annotations

from collections.abc import Iterable

from whoosh.highlight import BasicFragmentScorer, Formatter, PinpointFragmenter

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal.search.analysis import fold

SNIPPET_CHARS = 100
CONTEXT_CHARS = 30
MAX_MATCHES = 200


class _Match:
    """What Whoosh's fragmenter needs of a token."""

    __slots__ = ("boost", "endchar", "matched", "startchar", "text")

    def __init__(self, text: str, startchar: int, endchar: int) -> None:
        self.text = text
        self.startchar = startchar
        self.endchar = endchar
        self.boost = 1.0
        self.matched = True

    def copy(self) -> _Match:
        return _Match(self.text, self.startchar, self.endchar)


class MarkFormatter(Formatter):
    between = " … "

    def _text(self, text: str) -> str:
        return escape(text)

    def format_token(self, text: str, token: _Match, replace: bool = False) -> str:
        return f"<mark>{escape(text[token.startchar : token.endchar])}</mark>"


def _matches(folded: str, terms: Iterable[str]) -> list[_Match]:
    """Non-overlapping occurrences of the terms, longest first where they overlap."""
    found: list[_Match] = []
    for term in sorted(set(terms), key=len, reverse=True):
        if not term:
            continue
        start = folded.find(term)
        while start != -1 and len(found) < MAX_MATCHES:
            found.append(_Match(term, start, start + len(term)))
            start = folded.find(term, start + len(term))
    found.sort(key=lambda match: (match.startchar, -match.endchar))
    kept: list[_Match] = []
    end = -1
    for match in found:
        if match.startchar >= end:
            kept.append(match)
            end = match.endchar
    return kept


def _first_matches(folded: str, tiers: Iterable[Iterable[str]]) -> list[_Match]:
    for terms in tiers:
        matches = _matches(folded, terms)
        if matches:
            return matches
    return []


def _plain_start(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length].rstrip() + "…"


def snippet(text: str, *tiers: Iterable[str], length: int = SNIPPET_CHARS) -> SafeString:
    """Up to two passages of ``text`` around the query, HTML-escaped, matches in ``<mark>``;
    the start of the text when nothing occurs in it.

    ``tiers`` are tried in turn and the first that occurs is marked: the whole query (a
    document number), then its words, then the parts of long words
    (``query.highlight_terms``): marking 公开 all over a passage about 政务公开 helps no one.
    """
    # Line breaks and runs of spaces make no sense in a one-line snippet.
    text = " ".join(text.split())
    matches = _first_matches(fold(text), tiers)
    if not matches:
        return mark_safe(escape(_plain_start(text, length)))  # noqa: S308 - escaped above
    fragmenter = PinpointFragmenter(maxchars=length, surround=CONTEXT_CHARS, charlimit=None)
    scorer = BasicFragmentScorer()
    # The two passages with the most (and most varied) matches, earliest first on a tie.
    ranked = sorted(
        fragmenter.fragment_matches(text, matches),
        key=lambda fragment: (-scorer(fragment), fragment.startchar),
    )
    fragments = sorted(ranked[:2], key=lambda fragment: fragment.startchar)
    formatter = MarkFormatter()
    parts = []
    for fragment in fragments:
        formatted = formatter.format_fragment(fragment)
        prefix = "…" if fragment.startchar > 0 else ""
        suffix = "…" if fragment.endchar < len(text) else ""
        parts.append(f"{prefix}{formatted}{suffix}")
    return mark_safe(" ".join(parts))  # noqa: S308 - MarkFormatter escapes all text


def highlight(text: str, *tiers: Iterable[str]) -> SafeString:
    """All of a short text (a title), escaped, with the first tier that occurs in ``<mark>``."""
    matches = _first_matches(fold(text), tiers)
    output: list[str] = []
    index = 0
    for match in matches:
        output.append(escape(text[index : match.startchar]))
        output.append(f"<mark>{escape(text[match.startchar : match.endchar])}</mark>")
        index = match.endchar
    output.append(escape(text[index:]))
    return mark_safe("".join(output))  # noqa: S308 - every piece is escaped
