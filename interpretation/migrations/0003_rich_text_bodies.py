"""Interpretation sections, consultation texts and Q&A answers become HTML written in the editor.

Each plain body becomes the HTML its public page showed: an interpretation's section one
paragraph per line, a line written as 【heading】 an h3 subheading; a consultation's texts and
a Q&A answer as Django's ``linebreaks`` set them (paragraphs at blank lines, ``<br>`` within).
So every page looks as before, and the editor opens each body unchanged.

Safe to run again: a body that already has markup is left as it is. Reversible: going back, the
HTML becomes the plain text of the same paragraphs (an h3 becomes its 【heading】 line).

The converters are copied here (not imported from ``interpretation.bodies``) so that this
migration does what it did when it was written, whatever that module becomes.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

from django.db import migrations, models

SECTION_FIELDS = ["background", "purpose", "main_content", "scope", "standards", "time_limits",
                  "terms", "attention"]  # fmt: skip
CONSULTATION_FIELDS = ["draft_text", "basis", "explanation", "report"]
QUESTION_FIELDS = ["answer"]

_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*\b[^<>]*>")
_SUBHEADING = re.compile(r"【([^【】]{1,60})】")
_BLANK_LINES = re.compile(r"\n{2,}")


def _escape(text: str) -> str:
    # As the sanitiser writes text (quotes are left as they are).
    return escape(text, quote=False)


def sections_html(text: str) -> str:
    blocks = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        heading = _SUBHEADING.fullmatch(line)
        if heading:
            blocks.append(f"<h3>{_escape(heading.group(1))}</h3>")
        else:
            blocks.append(f"<p>{_escape(line)}</p>")
    return "".join(blocks)


def paragraphs_html(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return "".join(
        "<p>{}</p>".format(_escape(paragraph.strip("\n")).replace("\n", "<br>"))
        for paragraph in _BLANK_LINES.split(text)
        if paragraph.strip()
    )


class _Blocks(HTMLParser):
    """The blocks of a body as (tag, text), a ``<br>`` a line break within its block."""

    BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dt", "dd",
                        "pre", "blockquote", "div", "caption"})  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._tag = "p"
        self._text: list[str] = []

    def _flush(self) -> None:
        text = "".join(self._text).strip()
        if text:
            self.blocks.append((self._tag, text))
        self._text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self._flush()
            self._tag = tag
        elif tag == "br":
            self._text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self._flush()
            self._tag = "p"

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _blocks(html: str) -> list[tuple[str, str]]:
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


def sections_text(html: str) -> str:
    lines = []
    for tag, text in _blocks(html):
        flat = " ".join(part.strip() for part in text.splitlines() if part.strip())
        lines.append(f"【{flat}】" if tag in {"h3", "h4"} else flat)
    return "\n".join(lines)


def paragraphs_text(html: str) -> str:
    return "\n\n".join(text for _tag, text in _blocks(html))


def _convert(apps, model_name: str, fields: list[str], convert, wanted) -> None:
    model = apps.get_model("interpretation", model_name)
    changed = []
    for obj in model.objects.only("pk", *fields).iterator(chunk_size=500):
        dirty = False
        for name in fields:
            value = getattr(obj, name) or ""
            if value.strip() and wanted(value):
                setattr(obj, name, convert(value))
                dirty = True
        if dirty:
            changed.append(obj)
        if len(changed) >= 500:
            model.objects.bulk_update(changed, fields)
            changed = []
    if changed:
        model.objects.bulk_update(changed, fields)


def _is_plain(value: str) -> bool:
    return not _TAG.search(value)


def _is_html(value: str) -> bool:
    return bool(_TAG.search(value))


def plain_to_html(apps, schema_editor) -> None:
    _convert(apps, "Interpretation", SECTION_FIELDS, sections_html, _is_plain)
    _convert(apps, "Consultation", CONSULTATION_FIELDS, paragraphs_html, _is_plain)
    _convert(apps, "PolicyQuestion", QUESTION_FIELDS, paragraphs_html, _is_plain)


def html_to_plain(apps, schema_editor) -> None:
    _convert(apps, "Interpretation", SECTION_FIELDS, sections_text, _is_html)
    _convert(apps, "Consultation", CONSULTATION_FIELDS, paragraphs_text, _is_html)
    _convert(apps, "PolicyQuestion", QUESTION_FIELDS, paragraphs_text, _is_html)


BODY_HELP = (
    "Headings, lists, tables and links from the toolbar; text pasted from Word or WPS keeps its "
    "structure, not its fonts and colours. Scripts, styles and images from other sites are "
    "removed when saved."
)


def _section(name: str, label: str) -> migrations.AlterField:
    return migrations.AlterField(
        model_name="interpretation",
        name=name,
        field=models.TextField(blank=True, help_text=BODY_HELP, verbose_name=label),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("interpretation", "0002_question_screening_override"),
    ]

    operations = [
        _section("background", "Background and basis"),
        _section("purpose", "Purpose and significance"),
        _section("main_content", "Main content"),
        _section("scope", "Scope of application"),
        _section("standards", "Standards"),
        _section("time_limits", "Time limits"),
        _section("terms", "Explanation of terms"),
        _section("attention", "Points of attention"),
        migrations.RunPython(plain_to_html, html_to_plain, elidable=False),
    ]
