"""Cells of every CSV and XLSX export, public and staff, made safe to open in a spreadsheet.

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is run
as a formula by Excel, WPS and LibreOffice when a CSV file is opened: a document titled
``=HYPERLINK("http://…","点击查看")`` in the open-data CSV becomes a link in every downloader's
spreadsheet, and worse formulas reach other files or run commands (CSV injection, OWASP).

One rule (``looks_like_formula``) for both formats:

- CSV has no types, so such text gets a leading apostrophe, the usual way to say "text, not a
  formula" (``neutralise``; the catalog import takes it off again, ``unneutralise``);
- XLSX has them: such text is stored as a text cell, never a formula, and marked with the
  quote prefix, so that editing the cell keeps it text (``neutralise_workbook``); the reader
  sees the text as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook

# The formula starts spreadsheet programs recognise, and their full-width forms (a Chinese
# input method types those, and some programs accept them).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def neutralise(value: object) -> object:
    """The CSV cell to write: text that a spreadsheet would run as a formula gets a leading
    apostrophe; anything else (numbers, dates, ordinary text) is unchanged."""
    return "'" + value if isinstance(value, str) and looks_like_formula(value) else value


def neutralise_row(values: Iterable[object]) -> list[object]:
    return [neutralise(value) for value in values]


def unneutralise(value: str) -> str:
    """What ``neutralise`` wrote, read back (the catalog import of an exported CSV)."""
    if value.startswith("'") and looks_like_formula(value[1:]):
        return value[1:]
    return value


def neutralise_workbook(book: Workbook) -> None:
    """Every text cell of an openpyxl workbook stored as text before it is saved: openpyxl
    itself writes text that starts with ``=`` as a formula."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if looks_like_formula(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
