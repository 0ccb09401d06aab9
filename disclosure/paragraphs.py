"""Plain text of an official document as paragraphs: the source's paragraphs are kept, its hard
line breaks are not.

Text copied from a PDF, a Word file printed to text or an old web page often breaks lines at a
fixed width, and a title or a sentence may be cut in the middle of a 《book title》. Rendered
line by line, such a text shows half-sentences as paragraphs, each indented by two characters.
Here a line is joined to the next when it was visibly cut:

- a bracket (《》, （）, “”, 〔〕, ...) opened on the line closes only on the next line (even
  across a blank line, as in a title split over two lines);
- the text is wrapped at a fixed width (several lines of nearly the same, greatest length)
  and this line is that long, unless the next line starts a new item (一、, （一）, 1., 第一条,
  an indentation).

The 落款 (issuing body's signature) and date that close a notice are marked, so that the page
can set them right-aligned as in the printed document.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from django.utils.html import escape

TEXT = "text"
SIGNATURE = "signature"  # 落款: the issuing body's name above the date
DATE = "date"  # the date under the 落款
# The classes of a body's paragraphs that the sanitiser keeps (disclosure.documents).
BODY_CLASSES = frozenset({f"doc-{SIGNATURE}", f"doc-{DATE}"})

# Whitespace at either end of a line, full-width and no-break spaces included.
_SPACES = " \t\u00a0\u3000\ufeff"
_PAIRS = ("《》", "（）", "()", "“”", "「」", "『』", "〔〕", "【】")
_GROUP = {"(": "（", ")": "）"}  # a half-width parenthesis pairs with a full-width one
_OPENING = {pair[0]: _GROUP.get(pair[0], pair[0]) for pair in _PAIRS}
_CLOSING = {pair[1]: _GROUP.get(pair[0], pair[0]) for pair in _PAIRS}
# A new item of a list or a new article: never the continuation of a wrapped line.
_ITEM_START = re.compile(
    r"[一二三四五六七八九十百]+[、.．]"
    r"|[（(][一二三四五六七八九十百\d]+[）)]"
    r"|\d+[、.．]\D"
    r"|第[一二三四五六七八九十百零〇\d]+[条章节款]"
    r"|[【附]"
)
_DATE_LINE = re.compile(
    r"(\d{4}|[一二三四五六七八九〇零○]{4})年"
    r"[\d一二三四五六七八九十〇]{1,3}月[\d一二三四五六七八九十〇]{1,3}日"
)
_END_PUNCTUATION = tuple("。！？；：，、…,.;:!?）)》」』”")
_SENTENCE_END = re.compile(r"[。！？；：.!?;:][”’」』）)]*$")
_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")
# At least this many lines of the (nearly) greatest length make a text hard-wrapped.
_WRAPPED_LINES = 3
_WRAP_TOLERANCE = 2  # characters: a wrapped line may be shorter where punctuation moved
_SIGNATURE_MAX = 30  # characters of a line of the 落款


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = TEXT


def _unclosed(text: str) -> int:
    """How many brackets or quotation marks opened in ``text`` are not closed (half- and
    full-width parentheses close each other: sources mix them)."""
    depth = Counter[str]()
    for char in text:
        if char in _OPENING:
            depth[_OPENING[char]] += 1
        elif char in _CLOSING and depth[_CLOSING[char]]:
            depth[_CLOSING[char]] -= 1
    return sum(depth.values())


def _closes(current: str, line: str) -> bool:
    """``line`` closes a bracket left open in ``current``: a sentence cut inside a bracket."""
    return bool(line) and not _starts_item(line) and _unclosed(current + line) < _unclosed(current)


def _join(left: str, right: str) -> str:
    # Words of Latin script need the space the line break stood for; Chinese has none.
    if _LATIN_END.search(left) and _LATIN_START.search(right):
        return f"{left} {right}"
    return left + right


def _wrap_width(lines: list[str]) -> int | None:
    """The length of the text's longest lines when it was wrapped at a fixed width (several
    lines of nearly that length), else None."""
    lengths = [len(line) for line in lines if line]
    if not lengths:
        return None
    longest = max(lengths)
    near = [length for length in lengths if length >= longest - _WRAP_TOLERANCE]
    if longest < 10 or len(near) < _WRAPPED_LINES or len(near) * 4 < len(lengths):
        return None
    return longest


def _cut(line: str, width: int | None) -> bool:
    """``line`` was broken before its paragraph ended (the next line does not start an item).

    In a wrapped text, a line of (nearly) the full width, unless it ends a sentence and is
    shorter than the longest lines. In any text, a line of prose (it has a comma or a full
    stop) that does not end with punctuation: Chinese paragraphs end with one, headings and
    titles have none inside."""
    if width is not None and len(line) >= width - _WRAP_TOLERANCE:
        return len(line) >= width or not _SENTENCE_END.search(line)
    return not line.endswith(_END_PUNCTUATION) and any(mark in line for mark in "，。,；;")


def _continues(current: str, previous: str, raw_line: str, width: int | None = None) -> bool:
    """``raw_line`` continues the paragraph ``current``, whose last line is ``previous``."""
    if _closes(current, raw_line):
        return True
    line = raw_line.strip(_SPACES)
    return _cut(previous, width) and not _starts_item(raw_line) and not _DATE_LINE.fullmatch(line)


def _starts_item(raw_line: str) -> bool:
    stripped = raw_line.lstrip(_SPACES)
    return stripped != raw_line or bool(_ITEM_START.match(stripped))


def paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of ``text``, each on one line, with the closing 落款 and date marked."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [line.strip(_SPACES) for line in raw_lines]
    width = _wrap_width(lines)
    joined: list[str] = []
    current = ""
    previous = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line:
            if current and _unclosed(current):
                # A blank line inside a bracket (a title split over two lines): joined if the
                # next line closes the bracket. A blank line is otherwise a paragraph break,
                # even after a line without its full stop (sources lose some).
                following = index
                while following < len(lines) and not lines[following]:
                    following += 1
                if following < len(lines) and _closes(current, raw_lines[following]):
                    index = following
                    continue
            if current:
                joined.append(current)
                current = ""
            continue
        if current and not _continues(current, previous, raw_lines[index - 1], width):
            joined.append(current)
            current = ""
        current = _join(current, line) if current else line
        previous = line
    if current:
        joined.append(current)
    return _mark_signature(joined)


def _mark_signature(texts: list[str]) -> list[Paragraph]:
    """The date that closes the notice, and the short lines above it naming the issuers."""
    kinds = [TEXT] * len(texts)
    for position, text in enumerate(texts):
        if not _DATE_LINE.fullmatch(text):
            continue
        kinds[position] = DATE
        above = position - 1
        while (
            above >= 0
            and position - above <= 3
            and len(texts[above]) <= _SIGNATURE_MAX
            and not texts[above].endswith(_END_PUNCTUATION)
            and not _ITEM_START.match(texts[above])
        ):
            kinds[above] = SIGNATURE
            above -= 1
        break  # only the first: later dates are inside the attached text
    return [Paragraph(text, kind) for text, kind in zip(texts, kinds, strict=True)]


def paragraphs_html(text: str) -> str:
    """The paragraphs of plain ``text`` as escaped HTML, the 落款 and date marked by class."""
    blocks = []
    for paragraph in paragraphs(text):
        attribute = "" if paragraph.kind == TEXT else f' class="doc-{paragraph.kind}"'
        blocks.append(f"<p{attribute}>{escape(paragraph.text)}</p>")
    return "\n".join(blocks)


_BLOCK_TAG = re.compile(r"<(p|div|br|table|ul|ol|h[2-6]|pre|blockquote)\b", re.IGNORECASE)


def is_plain_text(body: str) -> bool:
    """A body without any block markup: text pasted or imported as is."""
    return bool(body.strip()) and not _BLOCK_TAG.search(body)


def body_html(body: str) -> str:
    """A document's body for its page: HTML as saved (sanitised), or a plain-text body set in
    paragraphs (the sanitiser escaped its ``<`` and ``&``: unescaped first, escaped again)."""
    if is_plain_text(body):
        return paragraphs_html(html.unescape(body))
    return body
