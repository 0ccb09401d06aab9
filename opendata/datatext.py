"""The text of a version's data files, for the screening at approval (Art 15: no personal data
is published, in a data file no more than on a page): CSV, JSON and XML as they are, XLSX cell by
cell. Other formats (PDF, DOCX, XLS, ZIP) are not read here; the reviewer's 保密审查 covers them.

At most ``MAX_CHARS`` characters a file. Files are uploaded by staff but parsed by third-party
code, so one that cannot be read yields no text and a warning in the log, which never carries
the file's content."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import openpyxl

from disclosure import attachments
from opendata.models import Distribution, Format

logger = logging.getLogger(__name__)

MAX_CHARS = 2_000_000


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        # A phone or ID number typed into a cell reads back as 13812345678.0.
        return str(int(value))
    return str(value)


def _xlsx_lines(distribution: Distribution) -> Iterator[str]:
    with distribution.file.open("rb") as stream:
        attachments.check_archive_file(stream, distribution.original_name)
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        try:
            for sheet in workbook.worksheets:  # hidden sheets too: they are published
                sheet.reset_dimensions()
                yield sheet.title
                for row in sheet.iter_rows(values_only=True):
                    cells = [_cell(value) for value in row if value is not None and value != ""]
                    if cells:
                        yield "\t".join(cells)
        finally:
            workbook.close()


def data_text(distribution: Distribution) -> str:
    """The file's text, "" for a link, an unread format or an unreadable file."""
    if not distribution.file:
        return ""
    try:
        if distribution.format in (Format.CSV, Format.JSON, Format.XML):
            with distribution.file.open("rb") as stream:
                raw = stream.read(MAX_CHARS * 4)
            return raw.decode("utf-8", "replace")[:MAX_CHARS]
        if distribution.format == Format.XLSX:
            lines, size = [], 0
            for line in _xlsx_lines(distribution):
                lines.append(line)
                size += len(line) + 1
                if size > MAX_CHARS:
                    break
            return "\n".join(lines)[:MAX_CHARS]
    except Exception as exc:  # noqa: BLE001 - parsers raise anything on malformed input
        logger.warning(
            "distribution %s (%s): no text read (%s)",
            distribution.pk,
            distribution.format,
            type(exc).__name__,
        )
    return ""
