"""Writing catalog items, and the import report, as XLSX and CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from django.db.models import QuerySet

from disclosure.catalog_io.layout import (
    AUDIENCE_NAMES,
    CHANNEL_NAMES,
    HEADINGS,
    LEVEL_COUNTY,
    LEVEL_TOWNSHIP,
    MODE_NAMES,
    VALUE_SEPARATOR,
    ImportReport,
)
from disclosure.models import (
    CatalogItem,
)
from portal.spreadsheets import neutralise_row, neutralise_workbook

# --- Export ----------------------------------------------------------------------------------


def channels_text(channels: Iterable[str]) -> str:
    return VALUE_SEPARATOR.join(CHANNEL_NAMES.get(value, value) for value in channels)


def level_text(item: CatalogItem) -> str:
    levels = [LEVEL_COUNTY] if item.level_county else []
    if item.level_township:
        levels.append(LEVEL_TOWNSHIP)
    return VALUE_SEPARATOR.join(levels)


def export_rows(queryset: QuerySet[CatalogItem]) -> Iterator[list[str]]:
    """The heading row, then one row per item in catalog order, numbered from 1."""
    yield list(HEADINGS)
    items = queryset.select_related("domain").order_by(
        "domain__order", "domain__name", "order", "id"
    )
    for number, item in enumerate(items.iterator(chunk_size=500), start=1):
        yield [
            str(number),
            item.domain.name,
            item.item_level1,
            item.item_level2,
            item.content,
            item.legal_basis,
            item.time_limit,
            item.responsible,
            channels_text(item.channels),
            AUDIENCE_NAMES.get(item.audience, item.audience),
            MODE_NAMES.get(item.mode, item.mode),
            level_text(item),
        ]


_COLUMN_WIDTHS = (6, 14, 20, 24, 40, 40, 24, 20, 28, 10, 10, 12)


def export_xlsx(queryset: QuerySet[CatalogItem]) -> bytes:
    rows = export_rows(queryset)
    return _xlsx_bytes(
        "公开目录", next(rows), ([int(row[0]), *row[1:]] for row in rows), _COLUMN_WIDTHS
    )


def export_csv(queryset: QuerySet[CatalogItem]) -> bytes:
    # With the BOM, Excel opens the file as UTF-8 instead of the system's GBK.
    return csv_bytes(export_rows(queryset))


def _xlsx_bytes(
    title: str, header: list[str], rows: Iterable[list[Any]], widths: Sequence[int]
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, str):
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    neutralise_workbook(workbook)  # text that looks like a formula stays text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Iterable[list[str]]) -> bytes:
    """CSV as Excel opens it (UTF-8 with a BOM, CRLF), every cell safe from formula injection;
    also for other apps' spreadsheet templates."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        # The quote makes Excel show the text instead of evaluating it; import removes it.
        writer.writerow(neutralise_row(row))
    return buffer.getvalue().encode("utf-8-sig")


# --- The report --------------------------------------------------------------------------------

REPORT_HEADINGS = ("行号", "列", "内容", "问题")
OUTCOME_HEADINGS = ("行号", "处理", "事项")


def report_rows(report: ImportReport) -> Iterator[list[str]]:
    """The problems (row, column, value, message); for a file without problems, what each row
    does (row, 新增/更新, item)."""
    if report.errors:
        yield list(REPORT_HEADINGS)
        for error in report.errors:
            row = "" if error.row is None else str(error.row)
            yield [row, error.column, error.value, error.message]
    else:
        yield list(OUTCOME_HEADINGS)
        for outcome in report.outcomes:
            yield [str(outcome.row), outcome.action_name, outcome.label]


def report_xlsx(report: ImportReport) -> bytes:
    rows = report_rows(report)
    header = next(rows)
    widths = (8, 18, 40, 80) if report.errors else (8, 8, 60)
    numbered = ([int(row[0]) if row[0] else None, *row[1:]] for row in rows)
    return _xlsx_bytes("导入报告", header, numbered, widths)


def report_csv(report: ImportReport) -> bytes:
    return csv_bytes(report_rows(report))
