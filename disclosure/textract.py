"""Text of attachments (PDF, DOCX, XLSX), for pre-publication screening and search.

``iter_parts`` yields an attachment's text part by part (a PDF page, an XLSX sheet, a DOCX
file as a whole) with a location label, so screening can report progress and say where a hit
is. ``extract_text`` joins the parts. Files are uploaded by staff but parsed by third-party
libraries, so a file that cannot be read (corrupt, encrypted, too large) yields no text and a
warning in the log; the log never carries the file's content, which may hold personal data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import IO, TYPE_CHECKING

import docx
import openpyxl
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from pypdf import PdfReader

from django.core.exceptions import ValidationError

from disclosure import attachments
from disclosure.models import Attachment

if TYPE_CHECKING:
    from lxml import etree

logger = logging.getLogger(__name__)

Kind = Attachment.Kind

# Enough for a few hundred pages of dense text; beyond it we stop, so one odd file cannot
# fill the database (Attachment.text) or the worker's memory.
MAX_CHARS = 2_000_000
# Attachment names are cut so that locations fit ScreeningHit.location (200 characters).
MAX_NAME_CHARS = 120

PART_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Part:
    """One piece of an attachment's text: ``number`` of ``total`` (both from 1)."""

    number: int
    total: int
    location: str
    text: str


class UnreadableFile(Exception):
    """The file can be opened but not read, e.g. a PDF encrypted with a password."""


def _label(attachment: Attachment) -> str:
    name = str(attachment)
    if len(name) > MAX_NAME_CHARS:
        name = name[: MAX_NAME_CHARS - 1] + "…"
    return f"附件《{name}》"


def _clean(text: str) -> str:
    # PostgreSQL text cannot hold NUL, and PDF text maps sometimes produce lone surrogates,
    # which cannot be encoded as UTF-8; both would make saving Attachment.text fail.
    text = text.replace("\x00", "")
    return text.encode("utf-8", "replace").decode("utf-8")


# --- PDF --------------------------------------------------------------------------------------


def _pdf_parts(stream: IO[bytes], label: str) -> Iterator[Part]:
    reader = PdfReader(stream, strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        # Permission-only encryption opens with the empty password; anything else we cannot read.
        raise UnreadableFile("encrypted")
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception as exc:  # noqa: BLE001 - pypdf raises many types on damaged pages
            logger.warning("PDF page %d not readable (%s)", number, type(exc).__name__)
            text = ""
        yield Part(number, total, f"{label}第{number}页", text)


# --- DOCX -------------------------------------------------------------------------------------

_W_P = qn("w:p")
_W_T = qn("w:t")
_W_TAB = qn("w:tab")
_W_BR = qn("w:br")
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Besides the body, text that is published with the file: headers, footers, notes, comments.
_DOCX_EXTRA_PARTS = (
    "/word/header",
    "/word/footer",
    "/word/footnotes",
    "/word/endnotes",
    "/word/comments",
)


def _docx_lines(root: etree._Element) -> Iterator[str]:
    """One line per paragraph, wherever it is: body, tables (also nested), content controls
    and text boxes, which python-docx's ``paragraphs`` and ``tables`` do not reach."""
    for paragraph in root.iter(_W_P):
        if next(paragraph.iterancestors(_MC_FALLBACK), None) is not None:
            # The Fallback copy of a drawing repeats its Choice (a text box, say).
            continue
        pieces = []
        for node in paragraph.iter(_W_T, _W_TAB, _W_BR):
            if next(node.iterancestors(_W_P)) is not paragraph:
                continue  # a nested paragraph (in a text box) is a line of its own
            if node.tag == _W_T:
                pieces.append(node.text or "")
            else:
                pieces.append("\t" if node.tag == _W_TAB else "\n")
        line = "".join(pieces).strip()
        if line:
            yield line


def _docx_parts(stream: IO[bytes], label: str) -> Iterator[Part]:
    _check_zip(stream)
    document = docx.Document(stream)
    lines = list(_docx_lines(document.element.body))
    for rel in document.part.rels.values():
        if rel.is_external:
            continue
        part = rel.target_part
        if str(part.partname).startswith(_DOCX_EXTRA_PARTS):
            # python-docx models headers, footers and comments; footnotes are plain parts.
            element = getattr(part, "element", None)
            lines.extend(_docx_lines(element if element is not None else parse_xml(part.blob)))
    yield Part(1, 1, label, "\n".join(lines))


# --- XLSX -------------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        # A number typed into a cell (a phone number, say) reads back as 13812345678.0.
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _xlsx_parts(stream: IO[bytes], label: str) -> Iterator[Part]:
    _check_zip(stream)
    # read_only streams the sheets instead of loading them; data_only gives the values that
    # were last calculated for formulas, which is what a reader of the file sees.
    workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    try:
        sheets = workbook.worksheets  # hidden sheets too: they are published with the file
        for number, sheet in enumerate(sheets, start=1):
            # Some programs write wrong dimensions; without this, rows past them are skipped.
            sheet.reset_dimensions()
            lines = [sheet.title]
            size = len(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells = [_cell_text(value) for value in row if value is not None and value != ""]
                if cells:
                    line = "\t".join(cells)
                    lines.append(line)
                    size += len(line) + 1
                    if size > MAX_CHARS:
                        break
            yield Part(number, len(sheets), f"{label}工作表{sheet.title}", "\n".join(lines))
    finally:
        workbook.close()


def _check_zip(stream: IO[bytes]) -> None:
    # Files stored before the upload check refused zip bombs are refused here too.
    try:
        attachments.check_archive_file(stream, "")
    except ValidationError as error:
        raise UnreadableFile("zip bomb") from error


_READERS: dict[str, Callable[[IO[bytes], str], Iterator[Part]]] = {
    Kind.PDF: _pdf_parts,
    Kind.DOCX: _docx_parts,
    Kind.XLSX: _xlsx_parts,
}


# --- Public -----------------------------------------------------------------------------------


def iter_parts(attachment: Attachment) -> Iterator[Part]:
    """The attachment's text part by part; nothing for kinds we cannot read (DOC, OFD, images).

    Stops after ``MAX_CHARS`` characters in all. A file that fails to parse ends the iteration
    with a warning in the log (parts already yielded stay valid).
    """
    reader = _READERS.get(attachment.kind)
    if reader is None:
        return
    budget = MAX_CHARS
    try:
        with attachment.file.open("rb") as stream:
            for part in reader(stream, _label(attachment)):
                text = _clean(part.text)
                if len(text) >= budget:
                    logger.info(
                        "attachment %s: text cut at %d characters", attachment.pk, MAX_CHARS
                    )
                    yield replace(part, text=text[:budget])
                    return
                budget -= len(text)
                yield replace(part, text=text)
    except Exception as exc:  # noqa: BLE001 - parsers raise anything on malformed input
        # Only the exception's type: its message may quote the file's content.
        logger.warning(
            "attachment %s (%s): no text extracted (%s)",
            attachment.pk,
            attachment.kind,
            type(exc).__name__,
        )


def join_parts(texts: list[str]) -> str:
    return PART_SEPARATOR.join(text for text in texts if text)[:MAX_CHARS]


def extract_text(attachment: Attachment) -> str:
    """All the attachment's text, at most ``MAX_CHARS`` characters; "" when unreadable."""
    return join_parts([part.text for part in iter_parts(attachment)])
