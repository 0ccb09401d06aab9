"""The bodies staff write in the editor (``portal.richtext``): an interpretation's sections, a
consultation's draft, basis, explanation and adoption report, and a Q&A entry's answer.

They are stored as HTML, cleaned by the documents' sanitiser (``disclosure.documents.
sanitize_body``: no scripts, styles or event handlers; Word and WPS markup reduced to its
structure) whenever a service saves them (``bodies_clean``), so nothing else reaches the
column through the back office, an import or a script. Headings start at h3: each body sits
under one of its page's h2 headings.

Before the editor they were plain text, and the public page set them in paragraphs: an
interpretation's section one paragraph per line, a line written as 【heading】 a subheading
(``sections_html``); the others as Django's ``linebreaks`` does (``paragraphs_html``). A plain
body still found (written before migration 0003, or straight into the database) is shown and
saved the same way.

What is read rather than shown — the search index, the public API's text fields, the screening
for personal data (Art 15), "is anything written" — reads the text, never the markup
(``body_text``, ``screening_text``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from django.db.models import Model
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from disclosure.documents import sanitize_body
from disclosure.screening import html_to_text
from interpretation.models import (
    SECTION_FIELDS,
    Consultation,
    Interpretation,
    PolicyQuestion,
)
from portal.html_content import has_content

# --- Plain text as the page showed it -------------------------------------------------------

SUBHEADING = re.compile(r"【([^【】]{1,60})】")


def sections_html(text: str) -> str:
    """A plain section: each line a paragraph; a line that is only 【heading】 a subheading."""
    blocks = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        heading = SUBHEADING.fullmatch(line)
        if heading:
            blocks.append(f"<h3>{escape(heading.group(1))}</h3>")
        else:
            blocks.append(f"<p>{escape(line)}</p>")
    return "".join(blocks)


_BLANK_LINES = re.compile(r"\n{2,}")


def paragraphs_html(text: str) -> str:
    """Plain text as ``linebreaks`` showed it: paragraphs at blank lines, a line break within."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return "".join(
        "<p>{}</p>".format(escape(paragraph.strip("\n")).replace("\n", "<br>"))
        for paragraph in _BLANK_LINES.split(text)
        if paragraph.strip()
    )


# --- Saving ---------------------------------------------------------------------------------

_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*\b[^<>]*>")
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)
TOP_HEADING = 3  # the page's sections are h2


def is_html(value: str) -> bool:
    """A body with markup (the editor's), as opposed to plain text written before it."""
    return bool(_TAG.search(value))


def _headings_from(body: str, top: int) -> str:
    """Headings moved down together so that the highest is ``top`` (a paste from Word starts
    at h1 or h2; its levels under each other are kept)."""
    levels = [int(match[2]) for match in _HEADING_TAG.finditer(body)]
    if not levels or min(levels) >= top:
        return body
    shift = top - min(levels)
    return _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}", body)


def body_clean(value: str, *, plain: Callable[[str], str]) -> str:
    """What is stored for a body: sanitised HTML; plain text set in paragraphs by ``plain``;
    "" when nothing shows (an emptied editor posts ``<p></p>``)."""
    if not value or not value.strip():
        return ""
    cleaned = _headings_from(sanitize_body(value if is_html(value) else plain(value)), TOP_HEADING)
    return cleaned if has_content(cleaned) else ""


#: The rich-text bodies of each model, and how a plain one was shown.
BODIES: dict[type[Model], tuple[tuple[str, ...], Callable[[str], str]]] = {
    Interpretation: (tuple(SECTION_FIELDS), sections_html),
    Consultation: (("draft_text", "basis", "explanation", "report"), paragraphs_html),
    PolicyQuestion: (("answer",), paragraphs_html),
}


def bodies_clean(obj: Model) -> None:
    """Sanitise every rich-text body of ``obj`` in place (the saving services call this)."""
    names, plain = BODIES[type(obj)]
    for name in names:
        setattr(obj, name, body_clean(getattr(obj, name) or "", plain=plain))


def answer_clean(answer: str) -> str:
    return body_clean(answer, plain=paragraphs_html)


def report_clean(report: str) -> str:
    return body_clean(report, plain=paragraphs_html)


# --- Showing and reading --------------------------------------------------------------------


def page_html(value: str, *, plain: Callable[[str], str]) -> SafeString:
    """A body for the public page: sanitised again when shown, so that whatever reached the
    column some other way is never live on a page; a plain one set in paragraphs."""
    return mark_safe(body_clean(value or "", plain=plain))  # noqa: S308 - sanitised just now


_BLOCK_BOUNDARY = re.compile(
    r"</?(?:p|div|h[1-6]|ul|ol|li|dl|dt|dd|blockquote|pre|table|caption|thead|tbody|tfoot|tr"
    r"|td|th|hr)\b[^>]*>",
    re.IGNORECASE,
)
_LINE_BREAK = re.compile(r"<br\b[^>]*>", re.IGNORECASE)
_SPACES = " \t\u00a0\u3000\ufeff"


def body_text(value: str) -> str:
    """A body as plain text, paragraphs (and list items, table cells) separated by a blank
    line: for the search index and the public API's text fields."""
    if not value or not is_html(value):
        return (value or "").strip()
    text = _LINE_BREAK.sub("\n", _BLOCK_BOUNDARY.sub("\n\n", value))
    text = html.unescape(strip_tags(text))
    lines = [line.strip(_SPACES) for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def screening_text(value: str) -> str:
    """A body as the screening for personal data reads a document's body: its text, plus
    image descriptions and mail addresses of links (published in the page source too)."""
    return html_to_text(value) if is_html(value or "") else (value or "")
