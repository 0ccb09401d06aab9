"""Reading an uploaded XLSX or CSV file into rows."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date, datetime
from itertools import zip_longest
from pathlib import PurePath
from xml.etree.ElementTree import ParseError
from zipfile import BadZipFile, ZipFile

from openpyxl import load_workbook
from openpyxl.utils import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.xml.constants import SHEET_MAIN_NS

# openpyxl's own parser (lxml, entities not resolved), as it reads the workbook itself.
from openpyxl.xml.functions import fromstring, iterparse

from django.core.exceptions import ValidationError

from disclosure.attachments import check_archive_file
from disclosure.catalog_io.layout import (
    AUDIENCE_NAMES,
    COLUMNS,
    HEADER_SEARCH_ROWS,
    LEVEL_COUNTY,
    LEVEL_TOWNSHIP,
    MAX_ROWS,
    MODE_NAMES,
    REQUIRED_HEADINGS,
    SUPPORTED_SUFFIXES,
    VALUE_SEPARATOR,
    CatalogFileError,
    Column,
    RowData,
)
from portal.spreadsheets import unneutralise

# --- Reading a file ---------------------------------------------------------------------------

Grid = dict[int, list[str]]  # row number -> cell texts; only rows with some text


CATALOG_HINT = "请使用标准目录的列名，或先导出一份作为模板。"


def parse_upload(
    *,
    filename: str,
    content: bytes,
    columns: Sequence[Column] = COLUMNS,
    hint: str = CATALOG_HINT,
) -> list[RowData]:
    """The data rows of an uploaded .xlsx or .csv file, under a header found by its headings.

    ``columns`` are the headings looked for (the catalog's by default; the historical
    documents' import has its own), ``hint`` says where to find them when the header is not
    found. Raises ``CatalogFileError`` (with a Chinese message) when the file cannot be used
    at all.
    """
    return _rows_from_grid(read_grid(filename=filename, content=content), columns, hint)


def read_grid(*, filename: str, content: bytes, max_rows: int = MAX_ROWS) -> Grid:
    """The rows with any text of an uploaded .xlsx file's first sheet (merged cells filled in)
    or of a .csv file (UTF-8 or GBK), by row number, as cell texts: for every import of the
    spreadsheets staff keep (the catalog, beneficiary lists). At most ``max_rows`` rows below
    a header in the first ``HEADER_SEARCH_ROWS``.

    Raises ``CatalogFileError`` (with a Chinese message) when the file cannot be read at all.
    """
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xls":
        raise CatalogFileError(
            "不支持旧版 Excel 97-2003 格式（.xls），请在 Excel 中另存为 .xlsx 或 CSV 后再导入。"
        )
    if suffix not in SUPPORTED_SUFFIXES:
        raise CatalogFileError(
            f"无法识别的文件类型“{suffix or filename}”，请上传 Excel（.xlsx）或 CSV（.csv）文件。"
        )
    if not content.strip():
        raise CatalogFileError("文件是空的。")
    if suffix == ".xlsx":
        grid = _read_xlsx(content, filename, max_rows)
    else:
        grid = _read_csv(content, max_rows)
    if not grid:
        raise CatalogFileError("文件是空的。")
    return grid


def _read_xlsx(content: bytes, filename: str, max_rows: int) -> Grid:
    stream = io.BytesIO(content)
    try:
        check_archive_file(stream, PurePath(filename).name)
    except ValidationError as error:
        raise CatalogFileError(error.messages[0]) from error
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError, ParseError) as error:
        message = "无法读取 Excel 文件：文件已损坏，或不是 .xlsx 格式。请另存为 .xlsx 后再导入。"
        raise CatalogFileError(message) from error
    try:
        if not workbook.worksheets:
            raise CatalogFileError("Excel 文件中没有工作表。")
        sheet = workbook.worksheets[0]
        merged = _merged_ranges(stream)
        # Some programs write a wrong used range; without it read-only mode reads every row.
        sheet.reset_dimensions()
        grid: Grid = {}
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            cells = [_cell_text(value) for value in values]
            if any(cells):
                _check_size(len(grid), max_rows)
                grid[number] = cells
    except (KeyError, ValueError, ParseError) as error:
        raise CatalogFileError("无法读取 Excel 文件：文件已损坏。") from error
    finally:
        workbook.close()
    _fill_merged(grid, merged)
    return grid


_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _first_sheet_part(archive: ZipFile) -> str:
    """The zip member holding the workbook's first sheet (xl/workbook.xml names it through
    xl/_rels/workbook.xml.rels)."""
    workbook = fromstring(archive.read("xl/workbook.xml"))
    first = workbook.find(f"{{{SHEET_MAIN_NS}}}sheets/{{{SHEET_MAIN_NS}}}sheet")
    if first is None:
        raise KeyError("no sheet")
    rel_id = first.get(f"{{{_DOC_RELS_NS}}}id")
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{{{_RELS_NS}}}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise KeyError(rel_id)


def _merged_ranges(stream: io.BytesIO) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of each merged range of the first
    sheet.

    Standard catalogs merge the 公开领域 and 一级事项 cells over the rows of their level-2
    items, and the merged cells after the first read as empty. openpyxl's read-only mode does
    not report merges, so read the sheet's <mergeCell> elements from the file in a second
    streaming pass (the archive was checked for bombs before).
    """
    tag = f"{{{SHEET_MAIN_NS}}}mergeCell"
    ranges = []
    try:
        with ZipFile(stream) as archive:
            part = _first_sheet_part(archive)
            with archive.open(part) as source:
                for _event, element in iterparse(source):
                    if element.tag == tag:
                        try:
                            first_col, first_row, last_col, last_row = range_boundaries(
                                element.get("ref", "")
                            )
                        except (TypeError, ValueError):
                            continue
                        ranges.append((first_row, first_col, last_row, last_col))
                    element.clear()
    except (BadZipFile, KeyError, ParseError):
        return []
    return ranges


def _fill_merged(grid: Grid, ranges: list[tuple[int, int, int, int]]) -> None:
    """Copy each merged range's value into all its cells, as the spreadsheet shows it."""
    if not grid:
        return
    last_row = max(grid)
    last_col = max(len(cells) for cells in grid.values())
    for first_row, first_col, to_row, to_col in ranges:
        anchor = grid.get(first_row, [])
        value = anchor[first_col - 1] if first_col - 1 < len(anchor) else ""
        if not value:
            continue
        for number in range(first_row, min(to_row, last_row) + 1):
            cells = grid.setdefault(number, [])
            for column in range(first_col, min(to_col, last_col) + 1):
                cells.extend([""] * (column - len(cells)))
                if not cells[column - 1]:
                    cells[column - 1] = value


def _read_csv(content: bytes, max_rows: int) -> Grid:
    # Excel saves "CSV UTF-8" with a BOM, and plain "CSV" in the system code page (GBK on
    # Chinese Windows); GB18030 is the superset of GBK.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CatalogFileError("无法识别 CSV 文件的编码，请保存为 UTF-8 或 GBK 编码后再导入。")
    grid: Grid = {}
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            cells = [_cell_text(unneutralise(value)) for value in values]
            if any(cells):
                _check_size(len(grid), max_rows)
                grid[number] = cells
    except csv.Error as error:
        raise CatalogFileError(f"无法读取 CSV 文件：{error}") from error
    return grid


def _check_size(rows_so_far: int, max_rows: int) -> None:
    if rows_so_far >= max_rows + HEADER_SEARCH_ROWS:
        raise CatalogFileError(f"文件行数过多：一次最多导入{max_rows}行，请分批导入。")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.strip()


def _normalize(text: str) -> str:
    """Text compared without whitespace and with full-width brackets and slashes."""
    text = re.sub(r"\s+", "", text)
    return text.replace("(", "（").replace(")", "）").replace("／", "/")


def _by_heading(columns: Sequence[Column]) -> dict[str, Column]:
    return {
        _normalize(name): column for column in columns for name in (column.heading, *column.aliases)
    }


_COLUMN_BY_HEADING = _by_heading(COLUMNS)


# The standard catalogs as published split 公开对象, 公开方式 and 公开层级 into one column per
# value (全社会 | 特定群体, 主动 | 依申请, 县级 | 乡级) and tick the ones that apply (√).
_FLAG_BY_HEADING = {
    name: f"{key}={name}"
    for key, names in (
        ("audience", AUDIENCE_NAMES.values()),
        ("mode", MODE_NAMES.values()),
        ("level", (LEVEL_COUNTY, LEVEL_TOWNSHIP)),
    )
    for name in names
}
_UNTICKED = {"", "否", "×", "x", "X", "无", "-", "—", "/", "0", "N", "n"}


def _map_headings(
    cells: Sequence[str], columns: Sequence[Column] = COLUMNS
) -> tuple[dict[str, int], list[str]]:
    """Column key -> index for the known headings in ``cells``, and headings seen twice.

    A tick column of the catalog is keyed ``<column key>=<value name>``, e.g. ``level=乡级``.
    """
    catalog = columns is COLUMNS
    by_heading = _COLUMN_BY_HEADING if catalog else _by_heading(columns)
    mapping: dict[str, int] = {}
    repeated = []
    for index, text in enumerate(cells):
        name = _normalize(text).strip("*＊★")
        column = by_heading.get(name)
        key = column.key if column else (_FLAG_BY_HEADING.get(name) if catalog else None)
        if key is None:
            continue
        if key in mapping:
            repeated.append(column.heading if column else name)
        else:
            mapping[key] = index
    return mapping, repeated


def _locate_header(
    rows: list[tuple[int, list[str]]],
    columns: Sequence[Column] = COLUMNS,
    hint: str = CATALOG_HINT,
) -> tuple[dict[str, int], int]:
    """The column mapping and the number of the header's last row.

    The header may sit below title rows, and may take two rows: standard catalogs often put
    公开事项 over 一级事项 and 二级事项, so a row is also tried merged with the one below it.
    """
    best: tuple[int, int, list[str]] | None = None  # (matched, row, missing)
    for index, (number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        candidates = [(cells, number)]
        if index + 1 < len(rows) and rows[index + 1][0] == number + 1:
            lower = rows[index + 1][1]
            merged = [b or a for a, b in zip_longest(cells, lower, fillvalue="")]
            candidates.append((merged, number + 1))
        found = []
        for header, last_row in candidates:
            mapping, repeated = _map_headings(header, columns)
            missing = [c.heading for c in columns if c.required and c.key not in mapping]
            if not missing:
                found.append((len(mapping), last_row, mapping, repeated))
            elif mapping and (best is None or len(mapping) > best[0]):
                best = (len(mapping), last_row, missing)
        if found:
            # The two-row reading wins when it names more columns (tick columns below 公开对象).
            _count, last_row, mapping, repeated = max(found, key=lambda f: f[0])
            if repeated:
                raise CatalogFileError(
                    f"表头（第{last_row}行）中“{repeated[0]}”出现了不止一次，请只保留一列。"
                )
            return mapping, last_row
    if best is not None:
        raise CatalogFileError(
            f"表头（第{best[1]}行）缺少必需的列：{VALUE_SEPARATOR.join(best[2])}。" + hint
        )
    required = [c.heading for c in columns if c.required] if columns is not COLUMNS else None
    raise CatalogFileError(
        f"没有找到表头：前{HEADER_SEARCH_ROWS}行中没有"
        + "".join(f"“{heading}”" for heading in (required or REQUIRED_HEADINGS))
        + "等列名。"
        + hint
    )


def _rows_from_grid(
    grid: Grid, layout: Sequence[Column] = COLUMNS, hint: str = CATALOG_HINT
) -> list[RowData]:
    rows = sorted(grid.items())
    mapping, header_row = _locate_header(rows, layout, hint)
    columns = {key: index for key, index in mapping.items() if "=" not in key}
    ticks: dict[str, list[tuple[str, int]]] = {}
    for key, index in mapping.items():
        if "=" in key:
            column, name = key.split("=")
            if column not in columns:
                ticks.setdefault(column, []).append((name, index))
    width = max(mapping.values()) + 1
    data = []
    for number, cells in rows:
        if number <= header_row:
            continue
        cells = cells + [""] * (width - len(cells))
        values = {key: cells[index] for key, index in columns.items()}
        for column, names in ticks.items():
            ticked = [name for name, index in names if cells[index] not in _UNTICKED]
            values[column] = VALUE_SEPARATOR.join(ticked)
        if any(values.values()):
            data.append(RowData(row=number, values=values))
    if not data:
        raise CatalogFileError("表头下面没有数据行。")
    if len(data) > MAX_ROWS:
        raise CatalogFileError(f"文件行数过多：一次最多导入{MAX_ROWS}行，请分批导入。")
    return data
