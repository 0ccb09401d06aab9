"""Text of attachments (PDF, DOCX, XLSX, images), for pre-publication screening and search.

``iter_parts`` yields an attachment's text part by part (a PDF page, an XLSX sheet, a DOCX
file as a whole, an image) with a location label, so screening can report progress and say
where a hit is. ``extract_text`` joins the parts. Files are uploaded by staff but parsed by
third-party libraries, so a file that cannot be read (corrupt, encrypted, too large) yields no
text and a warning in the log; the log never carries the file's content, which may hold
personal data.

A PDF page without a text layer (a scan) and an image are read by OCR (``disclosure.ocr``):
such a part is ``machine_read``, and the attachment's text is stored with its source
(``Attachment.text_source``), so that the public page and search say the text was read by a
machine (文字由机器识别，仅供参考). ``attachment_read_text`` (the Celery task
``disclosure.tasks.read_attachment_text``, queued after an upload or an import) reads and
stores it once; the screening reuses stored OCR text instead of reading the scans again.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from functools import partial
from typing import IO, TYPE_CHECKING

import docx
import openpyxl
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from pypdf import PdfReader

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from disclosure import attachments, ocr
from disclosure.models import Attachment, TextSource, TextStatus
from portal import queue
from portal.search import indexing as search_indexing
from publishing.models import Status

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
# A PDF page with fewer characters than this in its text layer is a scan (a stray page number
# or a scanner's stamp is not the page's text): it is read by OCR.
MIN_TEXT_LAYER_CHARS = 5
MACHINE_READ_MARK = "（机器识别）"


@dataclass(frozen=True)
class Part:
    """One piece of an attachment's text: ``number`` of ``total`` (both from 1)."""

    number: int
    total: int
    location: str
    text: str
    machine_read: bool = False


@dataclass
class Reading:
    """How reading one attachment went, beyond its text: what its status says to staff."""

    unreadable: bool = False  # the file could not be parsed at all
    not_read_kind: bool = False  # a kind whose text is not extracted (DOC, OFD, ...)
    ocr_unavailable: bool = False
    ocr_pages: int = 0
    failed_pages: list[int] = field(default_factory=list)
    skipped_pages: int = 0  # past DISCLOSURE_OCR_MAX_PAGES
    reused: bool = False  # stored OCR text was used, nothing was read again


class _Ocr:
    """OCR of the pages of one attachment, within the page limit; failures are counted in
    ``reading`` and give empty text, never an exception."""

    def __init__(self, reading: Reading, attachment_id: int | None) -> None:
        self.reading = reading
        self.attachment_id = attachment_id
        # Chosen on the first page read (simplified or traditional), kept for the rest.
        self.languages: str | None = None

    def read(self, number: int, render: Callable[[], bytes]) -> str:
        reading = self.reading
        if reading.ocr_unavailable:
            return ""
        if reading.ocr_pages + len(reading.failed_pages) >= settings.DISCLOSURE_OCR_MAX_PAGES:
            reading.skipped_pages += 1
            return ""
        try:
            text, self.languages = ocr.read_png(render(), self.languages)
        except ocr.OcrUnavailable:
            logger.warning(
                "attachment %s: OCR not available (%s not installed)",
                self.attachment_id,
                settings.DISCLOSURE_OCR_COMMAND,
            )
            reading.ocr_unavailable = True
            return ""
        except Exception as exc:  # noqa: BLE001 - renderers and tesseract fail in many ways
            logger.warning(
                "attachment %s: page %d not read by OCR (%s: %s)",
                self.attachment_id,
                number,
                type(exc).__name__,
                # Our own exceptions say what failed (timeout, exit status); others may quote
                # the file, so only their type is logged.
                exc if isinstance(exc, ocr.OcrFailed | ocr.TooLarge) else "",
            )
            reading.failed_pages.append(number)
            return ""
        reading.ocr_pages += 1
        return text


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


def _pdf_parts(stream: IO[bytes], label: str, reader_ocr: _Ocr | None) -> Iterator[Part]:
    data = stream.read()
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        # Permission-only encryption opens with the empty password; anything else we cannot read.
        raise UnreadableFile("encrypted")
    total = len(reader.pages)
    with ocr.PdfRenderer(data) as renderer:
        for number, page in enumerate(reader.pages, start=1):
            try:
                text = page.extract_text() or ""
            except Exception as exc:  # noqa: BLE001 - pypdf raises many types on damaged pages
                logger.warning("PDF page %d not readable (%s)", number, type(exc).__name__)
                text = ""
            location = f"{label}第{number}页"
            if reader_ocr is not None and len("".join(text.split())) < MIN_TEXT_LAYER_CHARS:
                read = reader_ocr.read(number, partial(renderer.page_png, number - 1))
                if read:
                    yield Part(number, total, location + MACHINE_READ_MARK, read, True)
                    continue
            yield Part(number, total, location, text)


# --- Images -----------------------------------------------------------------------------------


def _image_parts(stream: IO[bytes], label: str, reader_ocr: _Ocr | None) -> Iterator[Part]:
    if reader_ocr is None:
        return
    data = io.BytesIO(stream.read())  # Pillow seeks back and forth between TIFF pages
    total = ocr.image_page_count(data)
    data.seek(0)
    pages = ocr.image_pages(data)
    for number in range(1, total + 1):
        location = (f"{label}第{number}页" if total > 1 else label) + MACHINE_READ_MARK

        def render(pages: Iterator[bytes] = pages) -> bytes:
            page = next(pages, None)
            if page is None:
                raise ocr.TooLarge("past the page limit")
            return page

        yield Part(number, total, location, reader_ocr.read(number, render), True)


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


def _docx_parts(stream: IO[bytes], label: str, reader_ocr: _Ocr | None) -> Iterator[Part]:
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


def _xlsx_parts(stream: IO[bytes], label: str, reader_ocr: _Ocr | None) -> Iterator[Part]:
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


_READERS: dict[str, Callable[[IO[bytes], str, _Ocr | None], Iterator[Part]]] = {
    Kind.PDF: _pdf_parts,
    Kind.DOCX: _docx_parts,
    Kind.XLSX: _xlsx_parts,
    Kind.IMAGE: _image_parts,
}


# --- Public -----------------------------------------------------------------------------------


def iter_parts(
    attachment: Attachment, *, use_ocr: bool = True, reading: Reading | None = None
) -> Iterator[Part]:
    """The attachment's text part by part; nothing for kinds we cannot read (DOC, OFD, ...).

    With ``use_ocr``, scanned PDF pages and images are read by OCR, and an attachment whose
    OCR text is stored already gives that text (one part) instead of being read again.
    Stops after ``MAX_CHARS`` characters in all. A file that fails to parse ends the iteration
    with a warning in the log (parts already yielded stay valid). ``reading`` receives what
    went wrong or was left out.
    """
    reading = reading if reading is not None else Reading()
    reader = _READERS.get(attachment.kind)
    if reader is None:
        reading.not_read_kind = True
        return
    if use_ocr and attachment.machine_read and attachment.text_status in _READ:
        reading.reused = True
        yield Part(1, 1, _label(attachment) + MACHINE_READ_MARK, attachment.text, True)
        return
    reader_ocr = _Ocr(reading, attachment.pk) if use_ocr else None
    budget = MAX_CHARS
    try:
        with attachment.file.open("rb") as stream:
            for part in reader(stream, _label(attachment), reader_ocr):
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
        reading.unreadable = True


_READ = {TextStatus.DONE, TextStatus.PARTIAL}


def join_parts(texts: list[str]) -> str:
    return PART_SEPARATOR.join(text for text in texts if text)[:MAX_CHARS]


def extract_text(attachment: Attachment) -> str:
    """All the attachment's text, at most ``MAX_CHARS`` characters; "" when unreadable."""
    return join_parts([part.text for part in iter_parts(attachment)])


# --- Storing the text -------------------------------------------------------------------------


def _status(reading: Reading) -> tuple[str, str]:
    """The attachment's text status and the note for staff (in Chinese, like the screening
    locations: data the reviewer reads beside the file, never the file's text)."""
    if reading.unreadable:
        return TextStatus.FAILED, "文件无法解析（可能已损坏或加密），未能提取文字。"
    if reading.ocr_unavailable:
        return TextStatus.UNAVAILABLE, ocr.unavailable_message()
    problems = []
    if reading.failed_pages:
        pages = "、".join(str(number) for number in reading.failed_pages[:20])
        problems.append(f"第{pages}页文字识别失败（超时或无法识别）")
    if reading.skipped_pages:
        problems.append(
            f"超过每个文件{settings.DISCLOSURE_OCR_MAX_PAGES}页的识别上限，"
            f"其余{reading.skipped_pages}页未识别"
        )
    if problems:
        return TextStatus.PARTIAL, "；".join(problems) + "。"
    if reading.not_read_kind:
        return TextStatus.DONE, "不提取此类文件的文字。"
    return TextStatus.DONE, ""


def store_text(attachment: Attachment, parts: list[Part], reading: Reading) -> bool:
    """Keep what was read (for search, and so that scans are read once); True if it
    changed, and then a published document is indexed again. Stored OCR text that was reused
    is left as it is."""
    if reading.reused:
        return False
    text = join_parts([part.text for part in parts])
    machine_read = any(part.machine_read and part.text.strip() for part in parts)
    source = TextSource.OCR if machine_read else (TextSource.TEXT_LAYER if text else "")
    status, note = _status(reading)
    values = {"text": text, "text_source": source, "text_status": status, "text_note": note}
    if all(getattr(attachment, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(attachment, name, value)
    Attachment.objects.filter(pk=attachment.pk).update(**values)
    if attachment.document.status == Status.PUBLISHED:
        # Read again after publication (OCR installed since): the index follows.
        search_indexing.queue(attachment.document)
    return True


def attachment_read_text(*, attachment_id: int) -> Attachment | None:
    """Read the attachment's text (OCR where needed) and store it; a published document goes
    back to the search index with it. Idempotent: text read before (or a file that failed,
    which would fail again) is left alone; OCR that was not available is tried again.

    Returns None when the attachment no longer exists.
    """
    attachment = Attachment.objects.select_related("document").filter(pk=attachment_id).first()
    if attachment is None:
        return None
    if attachment.text_status in {*_READ, TextStatus.FAILED}:
        return attachment
    reading = Reading()
    parts = list(iter_parts(attachment, reading=reading))
    with transaction.atomic():
        store_text(attachment, parts, reading)
    logger.info(
        "attachment %s: text %s (%d pages by OCR)",
        attachment.pk,
        attachment.text_status or "pending",
        reading.ocr_pages,
    )
    return attachment


def attachment_text_queue(attachments: list[Attachment]) -> None:
    """Read the attachments' text in the background, once the current transaction commits
    (the worker must find the rows)."""
    ids = [attachment.pk for attachment in attachments]

    def send() -> None:
        for attachment_id in ids:
            queue.task("disclosure.tasks.read_attachment_text").delay(attachment_id)

    if ids:
        transaction.on_commit(send, robust=True)


def reset_text(attachment: Attachment) -> None:
    """A new file: its text is read again."""
    attachment.text = ""
    attachment.text_source = TextSource.NONE
    attachment.text_status = TextStatus.PENDING
    attachment.text_note = ""
