"""The transcript (实录) of a conference: HTML pasted or typed by staff, kept as structure and
formatting only (nh3, like a document's body in ``disclosure.documents``), and shown with its
headings as a table of contents.

No scripts, styles, event handlers, frames, embeds or images (pictures are uploaded as media,
with their text alternative); links only to http, https and mailto addresses.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "span", "div", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption",
    "thead", "tbody", "tfoot", "tr", "th", "td", "a",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}


def sanitize_transcript(text: str) -> str:
    """The transcript as it is stored: only the allowed tags and attributes. Plain text (no
    tag at all) becomes paragraphs, one per line."""
    text = (text or "").strip()
    if text and not re.search(r"<[a-zA-Z/!]", text):
        text = "".join(
            f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip()
        )
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def plain_text(transcript: str) -> str:
    """The transcript's words without markup (screening, search, feeds)."""
    text = re.sub(r"<(?:br|/p|/h[2-4]|/li|/tr|/div|/blockquote)\s*/?>", "\n", transcript)
    text = nh3.clean(text, tags=set())
    return re.sub(r"\n{2,}", "\n", html.unescape(text)).strip()


@dataclass(frozen=True)
class Heading:
    anchor: str
    text: str
    level: int  # 2 for a section, 3 for a subsection


_HEADING = re.compile(r"<h([234])>(.*?)</h\1>", re.DOTALL)


def with_outline(transcript: str) -> tuple[str, list[Heading]]:
    """The stored (sanitised) transcript for its page: its headings one level below the page's
    "Transcript" heading, each with an anchor, and the list of them for the contents."""
    headings: list[Heading] = []

    def replace(match: re.Match[str]) -> str:
        level = int(match.group(1))
        anchor = f"transcript-{len(headings) + 1}"
        text = plain_text(match.group(2))
        headings.append(Heading(anchor, text, level))
        return f'<h{level + 1} id="{anchor}">{match.group(2)}</h{level + 1}>'

    return _HEADING.sub(replace, transcript), headings
