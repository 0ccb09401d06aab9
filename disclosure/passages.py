"""A published document split into passages that can be cited and linked one by one: 章, 条 and
款 of a document written in articles, the numbered items (一、 （一） 1. （1） 一是) of a notice
that has none, and the plain paragraphs around them.

Splitting reads the paragraphs the document page shows (``paragraphs.body_html``: a plain-text
body set in paragraphs, an HTML body as saved), so each passage starts at a paragraph of the
page, and ``anchored_body_html`` gives that paragraph the passage's address.

A document with at least two paragraphs starting 第N条 is **articled**: 第N章 (and 第N节) are
chapter headings, each 第N条 paragraph is an article (its first 款), each further unnumbered
paragraph of the article is a clause (第二款, 第三款 …), and paragraphs starting with an item
number inside an article (（一） 1.) belong to the clause before them (they are its 项). Other
documents are **notices**: each numbered paragraph is an item at the level its numbering style
first appeared at (一、 above （一） above 1. in the usual order, but any order is followed), and
an unnumbered paragraph continues the item before it (or stands alone before the first item).

Addresses (anchors)
    Each passage has two addresses on the page:

    * ``anchor`` (``p-1a2b3c4d``), **stable across edits**. It is made once, from a hash of the
      passage's text without its own number, and kept for as long as the passage can be found
      again when the document is split anew: re-splitting matches the new passages to the old
      ones by that hash (so renumbering alone changes nothing), then a passage whose text was
      edited to the old passage of the same kind it most resembles (``SIMILAR``). An article
      keeps its anchor when another article is inserted before it, even though the drafter
      renumbered it from 第五条 to 第六条: a link somebody saved or an answer cited still leads
      to the same words. A passage that is new, or rewritten beyond recognition, gets a new one.
    * ``number_anchor`` (``art-5``; ``art-5-p2`` for 第五条第二款; ``ch-2``; ``n3-1`` for
      三、（一）), **the current numbering**, as people cite a text: ``#art-5`` is whatever
      is 第五条 now. It moves when articles are renumbered, as the citation 第五条 itself does.

    Both are ids on the page: the stable one on the paragraph, the numbered one on an empty
    marker at its start.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.db import transaction
from django.utils.html import escape

from disclosure import paragraphs
from disclosure.models import Document, DocumentPassage, PassageKind
from portal.search import indexing as search_indexing
from portal.search import registry as search_registry

# An edited passage keeps its anchor if its text is at least this similar (difflib's ratio) to
# the old passage of the same kind: a word or a sentence changed, not a different provision.
SIMILAR = 0.6
# Longest bare heading (an item without a full stop), and longest lead phrase taken as the
# heading of an item that goes on after its first full stop.
HEADING_MAX = 60
LEAD_MAX = 30
_NUMERALS = "零〇一二三四五六七八九十百"
_CN = f"[{_NUMERALS}]+"

_CHAPTER = re.compile(rf"^第({_CN}|\d+)章[\s\u3000]*(.*)$", re.S)
_SECTION = re.compile(rf"^第({_CN}|\d+)节[\s\u3000]*(.*)$", re.S)
_ARTICLE = re.compile(rf"^第({_CN}|\d+)条(?:之({_CN}))?[\s\u3000]*(.*)$", re.S)
# Item numbers of a notice, by style; the order is the usual hierarchy, but the hierarchy of a
# document is the order in which its styles first appear.
_ITEM_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dun", re.compile(rf"^({_CN})[、．.]")),
    ("paren", re.compile(rf"^[（(]({_CN})[）)]")),
    ("arabic", re.compile(r"^(\d{1,3})[、．.](?!\d)")),
    ("arabic_paren", re.compile(r"^[（(](\d{1,3})[）)]")),
    ("shi", re.compile(rf"^({_CN})是(?=[^，,。])")),
)
_SENTENCE_END = re.compile(r"[。！？；!?;]")
_SPACE = re.compile(r"\s+")


def chinese_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105, "7" → 7; None if it is not a number."""
    if text.isascii() and text.isdigit():
        return int(text)
    digits = {char: value for value, char in enumerate("零一二三四五六七八九")}
    digits["〇"] = 0
    total, current = 0, 0
    for char in text:
        if char in digits:
            current = digits[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


# --- The page's paragraphs --------------------------------------------------------------------

_BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "div", "blockquote", "pre"})
_SKIPPED_CLASSES = {f"doc-{paragraphs.SIGNATURE}", f"doc-{paragraphs.DATE}"}


@dataclass
class _Block:
    start: int  # offset of the opening tag in the HTML
    tag_end: int  # offset just after the opening tag
    text: str
    skipped: bool  # the 落款 or its date


class _Blocks(HTMLParser):
    """The block elements of body HTML with their text (up to the next block's start)."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.blocks: list[_Block] = []
        self._line_starts = [0]
        for line in source.splitlines(keepends=True):
            self._line_starts.append(self._line_starts[-1] + len(line))

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _BLOCK_TAGS:
            return
        start = self._offset()
        text = self.get_starttag_text() or ""
        classes = set((dict(attrs).get("class") or "").split())
        self.blocks.append(_Block(start, start + len(text), "", bool(classes & _SKIPPED_CLASSES)))

    def handle_data(self, data: str) -> None:
        if self.blocks:
            self.blocks[-1].text += data


def _normal(text: str) -> str:
    return _SPACE.sub("", text.replace("\u3000", " ")).strip()


def _page_blocks(body_html: str) -> list[_Block]:
    parser = _Blocks(body_html)
    parser.feed(body_html)
    parser.close()
    for block in parser.blocks:
        block.text = " ".join(html.unescape(block.text).split())
    return parser.blocks


def body_paragraphs(document: Document) -> list[str]:
    """The paragraphs of the document's page, in order, without the 落款 and date."""
    blocks = _page_blocks(paragraphs.body_html(document.body))
    return [block.text for block in blocks if block.text and not block.skipped]


# --- Splitting --------------------------------------------------------------------------------


@dataclass
class Piece:
    """A passage as split, before it is matched to the stored ones and saved."""

    kind: str
    text: str
    paragraph: int  # index in ``body_paragraphs`` of its first paragraph
    number: int | None = None
    label: str = ""
    citation: str = ""
    context: str = ""
    heading: str = ""
    number_anchor: str = ""
    has_body: bool = True
    own_text: str = ""  # the text without its own number: what identifies it across edits
    extra: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        key = f"{self.kind}|{_normal(self.own_text or self.text)}"
        return hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()

    def full_text(self) -> str:
        return "\n".join([self.text, *self.extra])


def _lead(rest: str) -> tuple[str, bool]:
    """An item's heading (its lead phrase) and whether it has text beyond it."""
    rest = rest.strip()
    end = _SENTENCE_END.search(rest)
    if end is None:
        # A bare heading (三、推进基层政务公开,提高标准化规范化程度), or one long sentence.
        return (rest, False) if len(rest) <= HEADING_MAX else ("", True)
    head = rest[: end.start()]
    more = rest[end.end() :].strip()
    if more and len(head) <= LEAD_MAX:
        return head, True  # （一）落实标准指引,编制公开目录。主要包括……
    return "", True


def _is_articled(texts: list[str]) -> bool:
    return sum(1 for text in texts if _ARTICLE.match(text)) >= 2


def _split_articled(texts: list[str]) -> list[Piece]:
    pieces: list[Piece] = []
    chapter: Piece | None = None
    section: Piece | None = None
    article: Piece | None = None
    clause = 0
    for index, text in enumerate(texts):
        if found := _CHAPTER.match(text):
            number = chinese_number(found.group(1))
            label = f"第{found.group(1)}章"
            chapter = Piece(
                PassageKind.CHAPTER, text, index, number=number, label=label, citation=label,
                heading=found.group(2).strip(), number_anchor=f"ch-{number}", has_body=False,
                own_text=found.group(2),
            )  # fmt: skip
            section = article = None
            pieces.append(chapter)
            continue
        if (found := _SECTION.match(text)) and chapter is not None:
            number = chinese_number(found.group(1))
            label = f"第{found.group(1)}节"
            section = Piece(
                PassageKind.CHAPTER, text, index, number=number, label=label,
                citation=f"{chapter.label}{label}", context=chapter.text,
                heading=found.group(2).strip(), has_body=False, own_text=found.group(2),
                number_anchor=f"{chapter.number_anchor}-sec-{number}",
            )  # fmt: skip
            article = None
            pieces.append(section)
            continue
        context = " › ".join(part.text for part in (chapter, section) if part is not None)
        if found := _ARTICLE.match(text):
            number = chinese_number(found.group(1))
            label = f"第{found.group(1)}条" + (f"之{found.group(2)}" if found.group(2) else "")
            suffix = f"-bis{chinese_number(found.group(2))}" if found.group(2) else ""
            article = Piece(
                PassageKind.ARTICLE, text, index, number=number, label=label, citation=label,
                context=context, number_anchor=f"art-{number}{suffix}", own_text=found.group(3),
            )  # fmt: skip
            clause = 1
            pieces.append(article)
            continue
        if article is None:
            pieces.append(Piece(PassageKind.PARAGRAPH, text, index, context=context))
            continue
        if any(pattern.match(text) for _style, pattern in _ITEM_STYLES[1:4]):
            # A 项 (（一）, 1.) belongs to the clause it lists under.
            pieces[-1].extra.append(text)
            continue
        clause += 1
        label = f"第{paragraphs_number(clause)}款"
        pieces.append(
            Piece(
                PassageKind.CLAUSE,
                text,
                index,
                number=clause,
                label=label,
                citation=f"{article.label}{label}",
                context=context,
                number_anchor=f"{article.number_anchor}-p{clause}",
            )
        )
    return pieces


def paragraphs_number(number: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一: how 款 and 条 are numbered in citations."""
    units = "零一二三四五六七八九"
    if number < 10:
        return units[number]
    if number < 20:
        return "十" + (units[number % 10] if number % 10 else "")
    if number < 100:
        return units[number // 10] + "十" + (units[number % 10] if number % 10 else "")
    return str(number)


def _split_notice(texts: list[str]) -> list[Piece]:
    pieces: list[Piece] = []
    # The open items, outermost first: (style, piece).
    stack: list[tuple[str, Piece]] = []
    current: Piece | None = None
    for index, text in enumerate(texts):
        style, found = next(
            ((name, match) for name, pattern in _ITEM_STYLES if (match := pattern.match(text))),
            ("", None),
        )
        if found is None:
            if current is not None:
                current.extra.append(text)  # the item goes on
                current.has_body = True
            else:
                pieces.append(Piece(PassageKind.PARAGRAPH, text, index))
            continue
        styles = [name for name, _piece in stack]
        if style in styles:
            del stack[styles.index(style) :]
        number = chinese_number(found.group(1))
        label = found.group(0)
        heading, has_body = _lead(text[found.end() :])
        parents = [piece for _name, piece in stack]
        current = Piece(
            PassageKind.ITEM, text, index, number=number, label=label,
            citation="".join(parent.label for parent in parents) + label,
            context=" › ".join(parent.heading or parent.label for parent in parents),
            heading=heading, has_body=has_body, own_text=text[found.end() :],
            number_anchor="n" + "-".join(str(n) for n in [*(p.number for p in parents), number]),
        )  # fmt: skip
        stack.append((style, current))
        pieces.append(current)
    return pieces


def split(texts: list[str]) -> list[Piece]:
    """The passages of a document whose page shows the paragraphs ``texts``."""
    texts = [text for text in texts if text.strip()]
    pieces = _split_articled(texts) if _is_articled(texts) else _split_notice(texts)
    taken: set[str] = set()
    for piece in pieces:
        # A number used twice (an annex numbered anew): the later one gets a suffix.
        if piece.number_anchor:
            anchor, count = piece.number_anchor, 1
            while anchor in taken:
                count += 1
                anchor = f"{piece.number_anchor}-{count}"
            piece.number_anchor = anchor
            taken.add(anchor)
    return pieces


# --- Keeping anchors --------------------------------------------------------------------------


def _similarity(left: str, right: str) -> float:
    return difflib.SequenceMatcher(None, _normal(left), _normal(right), autojunk=False).ratio()


def assign_anchors(pieces: list[Piece], old: list[DocumentPassage]) -> list[str]:
    """A stable anchor for each piece: the old passage's where it is the same passage (same
    text without its number; else the most similar of its kind, at least ``SIMILAR``), a new
    one from its text otherwise."""
    anchors: list[str | None] = [None] * len(pieces)
    unused = {passage.pk: passage for passage in old}
    by_hash: dict[str, list[DocumentPassage]] = {}
    for passage in old:
        by_hash.setdefault(passage.content_hash, []).append(passage)
    for position, piece in enumerate(pieces):
        for passage in by_hash.get(piece.content_hash, []):
            if passage.pk in unused:
                anchors[position] = passage.anchor
                del unused[passage.pk]
                break
    for position, piece in enumerate(pieces):
        if anchors[position] is not None or not unused:
            continue
        best, best_ratio = None, SIMILAR
        for passage in unused.values():
            if passage.kind != piece.kind:
                continue
            ratio = _similarity(piece.own_text or piece.text, _own_text(passage))
            # On a tie, the passage with the same number.
            if ratio > best_ratio or (
                ratio == best_ratio and best is not None and passage.number == piece.number
            ):
                best, best_ratio = passage, ratio
        if best is not None:
            anchors[position] = best.anchor
            del unused[best.pk]
    taken = {anchor for anchor in anchors if anchor}
    result = []
    for position, piece in enumerate(pieces):
        anchor = anchors[position]
        if anchor is None:
            base = f"p-{piece.content_hash[:8]}"
            anchor, count = base, 1
            while anchor in taken:
                count += 1
                anchor = f"{base}-{count}"
            taken.add(anchor)
        result.append(anchor)
    return result


def _own_text(passage: DocumentPassage) -> str:
    text = passage.text.split("\n", 1)[0]
    return text[len(passage.label) :] if passage.label and text.startswith(passage.label) else text


# --- Saving -----------------------------------------------------------------------------------


_FIELDS = (
    "kind", "number", "label", "citation", "context", "heading", "text", "has_body", "order",
    "number_anchor", "content_hash",
)  # fmt: skip


@dataclass
class Split:
    changed: int  # passages added, changed or removed
    keys: list[str]  # the search keys of every passage the index must look at again


@transaction.atomic
def passages_split(*, document: Document) -> Split:
    """Split the document's current text into passages and store them, keeping the anchors of
    passages that are still there. Idempotent: nothing is written when the text has not
    changed. Returns the search keys of its passages, present and removed, for the caller to
    queue with the document (one index task for both)."""
    old = list(DocumentPassage.objects.select_for_update().filter(document=document))
    pieces = split(body_paragraphs(document))
    anchors = assign_anchors(pieces, old)
    by_anchor = {passage.anchor: passage for passage in old}
    kept: set[str] = set()
    changed: list[DocumentPassage] = []
    created: list[DocumentPassage] = []
    for order, (piece, anchor) in enumerate(zip(pieces, anchors, strict=True)):
        values = {
            "kind": piece.kind,
            "number": piece.number,
            "label": piece.label[:40],
            "citation": piece.citation[:200],
            "context": piece.context[:500],
            "heading": piece.heading[:300],
            "text": piece.full_text(),
            "has_body": piece.has_body,
            "order": order,
            "number_anchor": piece.number_anchor[:60],
            "content_hash": piece.content_hash,
        }
        passage = by_anchor.get(anchor)
        kept.add(anchor)
        if passage is None:
            created.append(DocumentPassage(document=document, anchor=anchor, **values))
            continue
        if any(getattr(passage, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(passage, name, value)
            changed.append(passage)
    removed = [passage for passage in old if passage.anchor not in kept]
    keys = search_registry.keys_for(removed)  # taken before the delete
    if removed:
        DocumentPassage.objects.filter(pk__in=[passage.pk for passage in removed]).delete()
    if changed:
        DocumentPassage.objects.bulk_update(changed, [*_FIELDS, "updated_at"])
    if created:
        DocumentPassage.objects.bulk_create(created)
    # Every passage, changed or not, follows its document into or out of the index (a
    # withdrawal changes no passage's text but takes them all off the site).
    keys += search_registry.keys_for(DocumentPassage.objects.filter(document=document))
    return Split(changed=len(changed) + len(created) + len(removed), keys=keys)


def passages_sync(*, document: Document) -> int:
    """``passages_split``, with the search index following after the commit (for callers
    outside the workflow: the demo loader, imports). Returns how many passages changed."""
    result = passages_split(document=document)
    search_indexing.queue_keys(result.keys)
    return result.changed


# --- The page ---------------------------------------------------------------------------------


def anchored_body_html(body_html: str, passages: list[DocumentPassage]) -> str:
    """The document's body HTML with each passage's first paragraph carrying its stable
    ``id`` and, inside it, an empty marker with its number anchor. A paragraph is marked only
    if its text is still the passage's: a body changed since the split is shown unmarked rather
    than with addresses on the wrong paragraphs."""
    blocks = [block for block in _page_blocks(body_html) if block.text and not block.skipped]
    output: list[str] = []
    position = 0
    cursor = 0
    for passage in passages:
        first = _normal(passage.text.split("\n", 1)[0])
        found = next(
            (i for i in range(cursor, len(blocks)) if _normal(blocks[i].text) == first), None
        )
        if found is None:
            continue
        cursor = found + 1
        block = blocks[found]
        opening = body_html[block.start : block.tag_end]
        marker = (
            f'<span id="{escape(passage.number_anchor)}"></span>' if passage.number_anchor else ""
        )
        tag = opening[:-1].rstrip("/").rstrip()
        output.append(body_html[position : block.start])
        output.append(f'{tag} id="{escape(passage.anchor)}">{marker}')
        position = block.tag_end
    output.append(body_html[position:])
    return "".join(output)
