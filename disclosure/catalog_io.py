"""Spreadsheet import and export of standard-catalog items (基层政务公开标准目录).

Agencies keep their catalogs as spreadsheets with the column headings of the published standard
catalogs (domain-spec section 2), so the file format is Chinese: the headings, the names of the
channels, audiences, modes and levels, and the messages of the import report, which staff read
next to the spreadsheet they fix. These are data, not interface text, and are not translated.

An import checks every cell of every row before it writes anything, and then writes all rows or
none: a half-imported catalog is worse than none, because staff cannot tell which rows made it.
A row whose (公开领域, 一级事项, 二级事项) already exists in the agency's catalog updates that item.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import zip_longest
from pathlib import PurePath
from typing import Any
from xml.etree.ElementTree import ParseError
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import translation

from disclosure.models import (
    DEFAULT_TIME_LIMIT,
    Audience,
    CatalogDomain,
    CatalogItem,
    CatalogMode,
    Channel,
)
from portal import access
from portal.models import Agency, StaffRole
from portal.search import indexing as search_indexing

# --- Who keeps the catalog -------------------------------------------------------------------

# Catalog upkeep is the disclosure office's job: its publishers, who put items online, and its
# head. Drafters and reviewers file documents under the items but do not change the catalog.
CATALOG_ROLES: tuple[str, ...] = (StaffRole.Role.PUBLISHER, StaffRole.Role.OFFICE_HEAD)


def can_manage_catalog(user: access.AnyUser, agency: Agency | int) -> bool:
    return any(access.can_act(user, agency, role) for role in CATALOG_ROLES)


def require_catalog_role(user: access.AnyUser, agency: Agency | int) -> None:
    if not can_manage_catalog(user, agency):
        raise PermissionDenied("Keeping the catalog needs the publisher or office head role.")


# --- The column layout ---------------------------------------------------------------------


# The fixed channel set of domain-spec section 2, named as the standard catalogs print them.
# Export writes these names; import reads them, the zh-hans labels of ``Channel`` and a few
# names common in real catalogs (CHANNEL_ALIASES).
CHANNEL_NAMES: dict[str, str] = {
    Channel.WEBSITE: "政府网站",
    Channel.GAZETTE: "政府公报",
    Channel.NEW_MEDIA: "两微一端",
    Channel.BRIEFING: "发布会/听证会",
    Channel.BROADCAST: "广播电视",
    Channel.PRINT: "纸质媒体",
    Channel.READING_POINT: "公开查阅点",
    Channel.SERVICE_CENTRE: "政务服务中心",
    Channel.SERVICE_STATION: "便民服务站",
    Channel.DOOR_TO_DOOR: "入户/现场",
    Channel.NOTICE_BOARD: "社区/企事业单位/村公示栏（电子屏）",
    Channel.TARGETED_PUSH: "精准推送",
    Channel.OTHER: "其他",
}

CHANNEL_ALIASES: dict[str, str] = {
    **dict.fromkeys(("政府门户网站", "门户网站"), Channel.WEBSITE),
    **dict.fromkeys(("政务微博", "政务微信", "微博", "微信", "政务新媒体"), Channel.NEW_MEDIA),
    **dict.fromkeys(("发布会", "新闻发布会", "听证会"), Channel.BRIEFING),
    **dict.fromkeys(("广播", "电视"), Channel.BROADCAST),
    **dict.fromkeys(("报刊", "报纸"), Channel.PRINT),
    "政务服务大厅": Channel.SERVICE_CENTRE,
    "便民服务点": Channel.SERVICE_STATION,
    **dict.fromkeys(("入户", "现场"), Channel.DOOR_TO_DOOR),
    **dict.fromkeys(
        ("社区/企事业单位/村公示栏", "公示栏", "村务公开栏", "电子屏"), Channel.NOTICE_BOARD
    ),
    "其它": Channel.OTHER,
}

AUDIENCE_NAMES: dict[str, str] = {Audience.PUBLIC: "全社会", Audience.SPECIFIC: "特定群体"}
AUDIENCE_ALIASES: dict[str, str] = {"社会公众": Audience.PUBLIC, "特定对象": Audience.SPECIFIC}

MODE_NAMES: dict[str, str] = {CatalogMode.PROACTIVE: "主动", CatalogMode.ON_REQUEST: "依申请"}
MODE_ALIASES: dict[str, str] = {
    "主动公开": CatalogMode.PROACTIVE,
    "依申请公开": CatalogMode.ON_REQUEST,
}

LEVEL_COUNTY = "县级"
LEVEL_TOWNSHIP = "乡级"
_COUNTY_NAMES = {"县级", "县", "县区", "县区级", "县（区）级", "县（市、区）级", "县（市区）级"}
_TOWNSHIP_NAMES = {"乡级", "乡", "乡镇", "乡镇级", "乡（镇）级", "乡镇（街道）", "街道"}
_BOTH_LEVEL_NAMES = {"县乡两级", "县乡", "县、乡两级"}

# Several values in one cell: 、 is usual, but staff also type commas, semicolons or newlines.
VALUE_SEPARATOR = "、"
_SPLIT = re.compile(r"[、，,；;\s]+")
_LEVEL_SPLIT = re.compile(r"[、，,；;/／\s和及]+")
# The notice-board channel written with 、 instead of / would otherwise split into three.
_NOTICE_BOARD_VARIANT = re.compile(r"社区[、，,/／]企事业单位[、，,/／]村")


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    aliases: tuple[str, ...] = ()
    # A required column must be in the header and filled in on every row.
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("number", "序号", ("编号",)),
    Column("domain", "公开领域", ("领域", "试点领域"), required=True),
    Column("item_level1", "一级事项", required=True),
    Column("item_level2", "二级事项"),
    Column("content", "公开内容（要素）", ("公开内容", "公开要素", "公开内容要素"), required=True),
    Column("legal_basis", "公开依据"),
    Column("time_limit", "公开时限", ("时限",)),
    Column("responsible", "公开主体", ("责任主体",), required=True),
    Column("channels", "公开渠道和载体", ("公开渠道及载体", "公开渠道", "公开载体")),
    Column("audience", "公开对象", ("公开范围",)),
    Column("mode", "公开方式"),
    Column("level", "公开层级", ("层级",)),
)
HEADINGS: tuple[str, ...] = tuple(column.heading for column in COLUMNS)
REQUIRED_HEADINGS: tuple[str, ...] = tuple(c.heading for c in COLUMNS if c.required)
_HEADING_OF = {column.key: column.heading for column in COLUMNS}

# Text columns written straight to the model field of the same name (max_length checked).
_TEXT_FIELDS = ("item_level1", "item_level2", "content", "legal_basis", "time_limit", "responsible")

SUPPORTED_SUFFIXES = (".xlsx", ".csv")
# Where the header may be: below a title row or two, never further down.
HEADER_SEARCH_ROWS = 10
# A county's whole catalog has a few hundred rows; more is a wrong file or a mistake.
MAX_ROWS = 5000

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

ACTION_CREATE = "create"
ACTION_UPDATE = "update"
ACTION_NAMES = {ACTION_CREATE: "新增", ACTION_UPDATE: "更新"}


# --- Results ---------------------------------------------------------------------------------


class CatalogFileError(Exception):
    """The file as a whole cannot be read: wrong type, no header, no rows."""


@dataclass(frozen=True)
class RowData:
    """One data row: its number as the spreadsheet shows it, and the stripped text of each
    column the file has (keyed by ``Column.key``; columns the file lacks are absent)."""

    row: int
    values: dict[str, str]


@dataclass(frozen=True)
class RowError:
    row: int | None  # None: the file as a whole
    column: str  # the heading, "" for the whole row or file
    value: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if not self.column:
            return f"第{self.row}行：{self.message}"
        return f"第{self.row}行「{self.column}」：{self.message}"


@dataclass
class RowOutcome:
    """What importing a valid row does: create an item, or update ``item``."""

    row: int
    action: str
    label: str
    fields: dict[str, Any] = field(repr=False)
    item: CatalogItem | None = field(default=None, repr=False)

    @property
    def action_name(self) -> str:
        return ACTION_NAMES[self.action]


@dataclass
class ImportReport:
    filename: str = ""
    errors: list[RowError] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    imported: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def created(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action == ACTION_CREATE)

    @property
    def updated(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action == ACTION_UPDATE)

    def messages(self) -> list[str]:
        return [str(error) for error in self.errors]


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
    return _csv_bytes(export_rows(queryset))


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
                # openpyxl would store text starting with "=" as a formula.
                cell.data_type = "s"
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Text a spreadsheet program would run as a formula when it opens a CSV file.
_FORMULA_START = ("=", "+", "-", "@")


def _csv_bytes(rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        # The quote makes Excel show the text instead of evaluating it; import removes it.
        writer.writerow(["'" + v if v.startswith(_FORMULA_START) else v for v in row])
    return buffer.getvalue().encode("utf-8-sig")


# --- Reading a file ---------------------------------------------------------------------------

Grid = dict[int, list[str]]  # row number -> cell texts; only rows with some text


def parse_upload(*, filename: str, content: bytes) -> list[RowData]:
    """The data rows of an uploaded .xlsx or .csv file, under a header found by its headings.

    Raises ``CatalogFileError`` (with a Chinese message) when the file cannot be used at all.
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
    grid = _read_xlsx(content) if suffix == ".xlsx" else _read_csv(content)
    if not grid:
        raise CatalogFileError("文件是空的。")
    return _rows_from_grid(grid)


def _read_xlsx(content: bytes) -> Grid:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError, ParseError) as error:
        message = "无法读取 Excel 文件：文件已损坏，或不是 .xlsx 格式。请另存为 .xlsx 后再导入。"
        raise CatalogFileError(message) from error
    try:
        if not workbook.worksheets:
            raise CatalogFileError("Excel 文件中没有工作表。")
        sheet = workbook.worksheets[0]
        merged = _merged_ranges(sheet)
        # Some programs write a wrong used range; without it read-only mode reads every row.
        sheet.reset_dimensions()
        grid: Grid = {}
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            cells = [_cell_text(value) for value in values]
            if any(cells):
                _check_size(len(grid))
                grid[number] = cells
    except (KeyError, ValueError, ParseError) as error:
        raise CatalogFileError("无法读取 Excel 文件：文件已损坏。") from error
    finally:
        workbook.close()
    _fill_merged(grid, merged)
    return grid


def _merged_ranges(sheet: Any) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of each merged range of the sheet.

    Standard catalogs merge the 公开领域 and 一级事项 cells over the rows of their level-2
    items, and the merged cells after the first read as empty. openpyxl's read-only mode does
    not report merges, so read the sheet's <mergeCell> elements in a second streaming pass.
    """
    tag = f"{{{SHEET_MAIN_NS}}}mergeCell"
    ranges = []
    try:
        source = sheet._get_source()  # the read-only sheet's XML (openpyxl 3.1)
    except (AttributeError, KeyError):
        return []
    with source:
        try:
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
        except ParseError:
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


def _read_csv(content: bytes) -> Grid:
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
            cells = [_cell_text(_unquote_formula(value)) for value in values]
            if any(cells):
                _check_size(len(grid))
                grid[number] = cells
    except csv.Error as error:
        raise CatalogFileError(f"无法读取 CSV 文件：{error}") from error
    return grid


def _check_size(rows_so_far: int) -> None:
    if rows_so_far >= MAX_ROWS + HEADER_SEARCH_ROWS:
        raise CatalogFileError(f"文件行数过多：一次最多导入{MAX_ROWS}行，请分批导入。")


def _unquote_formula(value: str) -> str:
    if value.startswith("'") and value[1:2] in _FORMULA_START:
        return value[1:]
    return value


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


_COLUMN_BY_HEADING = {
    _normalize(name): column for column in COLUMNS for name in (column.heading, *column.aliases)
}


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


def _map_headings(cells: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    """Column key -> index for the known headings in ``cells``, and headings seen twice.

    A tick column is keyed ``<column key>=<value name>``, e.g. ``level=乡级``.
    """
    mapping: dict[str, int] = {}
    repeated = []
    for index, text in enumerate(cells):
        name = _normalize(text).strip("*＊★")
        column = _COLUMN_BY_HEADING.get(name)
        key = column.key if column else _FLAG_BY_HEADING.get(name)
        if key is None:
            continue
        if key in mapping:
            repeated.append(column.heading if column else name)
        else:
            mapping[key] = index
    return mapping, repeated


def _locate_header(rows: list[tuple[int, list[str]]]) -> tuple[dict[str, int], int]:
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
            mapping, repeated = _map_headings(header)
            missing = [c.heading for c in COLUMNS if c.required and c.key not in mapping]
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
            f"表头（第{best[1]}行）缺少必需的列：{VALUE_SEPARATOR.join(best[2])}。"
            "请使用标准目录的列名，或先导出一份作为模板。"
        )
    raise CatalogFileError(
        f"没有找到表头：前{HEADER_SEARCH_ROWS}行中没有"
        + "".join(f"“{heading}”" for heading in REQUIRED_HEADINGS)
        + "等列名。请使用标准目录的列名，或先导出一份作为模板。"
    )


def _rows_from_grid(grid: Grid) -> list[RowData]:
    rows = sorted(grid.items())
    mapping, header_row = _locate_header(rows)
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


# --- Validation ----------------------------------------------------------------------------


def _choice_table(
    choices: type[Channel] | type[Audience] | type[CatalogMode],
    names: dict[str, str],
    aliases: dict[str, str],
) -> dict[str, str]:
    """Normalized name -> value: the canonical names, the aliases, the zh-hans labels (once
    translated) and the stored values."""
    table = {_normalize(value): value for value in choices.values}
    with translation.override("zh-hans"):
        table.update({_normalize(str(label)): value for value, label in choices.choices})
    table.update({_normalize(name): value for name, value in aliases.items()})
    table.update({_normalize(name): value for value, name in names.items()})
    return table


def _parse_channels(text: str, table: dict[str, str]) -> tuple[list[str], list[str]]:
    """The channel values named in ``text`` in the fixed order, and the unknown names."""
    text = _NOTICE_BOARD_VARIANT.sub("社区/企事业单位/村", text)
    found, unknown = set(), []
    for token in _SPLIT.split(text):
        if not token:
            continue
        value = table.get(_normalize(token))
        if value is None:
            unknown.append(token)
        else:
            found.add(value)
    return [value for value in Channel.values if value in found], unknown


def _parse_levels(text: str) -> tuple[bool, bool] | None:
    """(county, township), or None when the text names no known level."""
    if _normalize(text) in _BOTH_LEVEL_NAMES:
        return True, True
    county = township = False
    for token in _LEVEL_SPLIT.split(text):
        if not token:
            continue
        name = _normalize(token)
        if name in _COUNTY_NAMES:
            county = True
        elif name in _TOWNSHIP_NAMES:
            township = True
        else:
            return None
    return (county, township) if county or township else None


@dataclass(frozen=True)
class _Lookups:
    """What the cells are checked against, read once per import."""

    domains: dict[str, CatalogDomain]
    channels: dict[str, str]
    audiences: dict[str, str]
    modes: dict[str, str]

    @classmethod
    def load(cls) -> _Lookups:
        return cls(
            domains={_normalize(d.name): d for d in CatalogDomain.objects.all()},
            channels=_choice_table(Channel, CHANNEL_NAMES, CHANNEL_ALIASES),
            audiences=_choice_table(Audience, AUDIENCE_NAMES, AUDIENCE_ALIASES),
            modes=_choice_table(CatalogMode, MODE_NAMES, MODE_ALIASES),
        )


def _cell_error(row: RowData, key: str, message: str) -> RowError:
    return RowError(row.row, _HEADING_OF[key], row.values.get(key, ""), message)


def _check_row(
    row: RowData, *, position: int, lookups: _Lookups
) -> tuple[list[RowError], dict[str, Any], CatalogDomain | None]:
    """The errors of one row, the model fields it sets, and its domain."""
    values = row.values
    errors = [
        _cell_error(row, column.key, "不能为空。")
        for column in COLUMNS
        if column.required and not values.get(column.key)
    ]
    fields: dict[str, Any] = {}
    for key in _TEXT_FIELDS:
        if key not in values:
            continue
        text = fields[key] = values[key]
        limit = CatalogItem._meta.get_field(key).max_length
        if limit is not None and len(text) > limit:
            message = f"长度为{len(text)}个字符，超过上限{limit}个字符。"
            errors.append(_cell_error(row, key, message))
    if "time_limit" in fields and not fields["time_limit"]:
        fields["time_limit"] = DEFAULT_TIME_LIMIT
    fields.setdefault("item_level2", "")

    domain = None
    if values.get("domain"):
        domain = lookups.domains.get(_normalize(values["domain"]))
        if domain is None:
            names = VALUE_SEPARATOR.join(d.name for d in lookups.domains.values())
            message = f"公开领域“{values['domain']}”不存在，可选：{names}。"
            errors.append(_cell_error(row, "domain", message))

    if "channels" in values:
        channels, unknown = _parse_channels(values["channels"], lookups.channels)
        if unknown:
            named = "".join(f"“{token}”" for token in unknown)
            options = VALUE_SEPARATOR.join(CHANNEL_NAMES.values())
            errors.append(_cell_error(row, "channels", f"无法识别的渠道{named}，可选：{options}。"))
        fields["channels"] = channels

    for key, table, names, default in (
        ("audience", lookups.audiences, AUDIENCE_NAMES, Audience.PUBLIC),
        ("mode", lookups.modes, MODE_NAMES, CatalogMode.PROACTIVE),
    ):
        if key not in values:
            continue
        # An empty cell means the model's default, as for a new item entered by hand.
        value = table.get(_normalize(values[key])) if values[key] else default
        if value is None:
            options = " / ".join(names.values())
            message = f"无法识别的{_HEADING_OF[key]}“{values[key]}”，可选：{options}。"
            errors.append(_cell_error(row, key, message))
        fields[key] = value

    if "level" in values:
        levels = _parse_levels(values["level"]) if values["level"] else (True, False)
        if levels is None:
            options = f"{LEVEL_COUNTY} / {LEVEL_TOWNSHIP} / {LEVEL_COUNTY}、{LEVEL_TOWNSHIP}"
            message = f"无法识别的公开层级“{values['level']}”，可选：{options}。"
            errors.append(_cell_error(row, "level", message))
        else:
            fields["level_county"], fields["level_township"] = levels

    # 序号 orders the items; numbering like （一） or 1.1 is kept out of it, not an error.
    number = values.get("number", "")
    fields["order"] = int(number) if number.isdecimal() and len(number) <= 9 else position
    return errors, fields, domain


def validate_rows(*, agency: Agency, rows: Sequence[RowData]) -> ImportReport:
    """Check every cell of every row, and plan for each valid row a create or an update.

    Nothing is written. Errors carry the row number, the heading and a specific message.
    """
    report = ImportReport()
    lookups = _Lookups.load()
    existing = {
        (item.domain_id, item.item_level1, item.item_level2): item
        for item in CatalogItem.objects.filter(agency=agency)
    }
    first_seen: dict[tuple[str, str, str], int] = {}
    for position, row in enumerate(rows, start=1):
        errors, fields, domain = _check_row(row, position=position, lookups=lookups)
        domain_name = row.values.get("domain", "")
        level1, level2 = fields.get("item_level1", ""), fields["item_level2"]
        label = " / ".join(part for part in (domain_name, level1, level2) if part)
        key = (_normalize(domain_name), level1, level2)
        if domain_name and level1:
            if key in first_seen:
                message = f"与第{first_seen[key]}行重复：公开领域、一级事项和二级事项都相同。"
                errors.append(RowError(row.row, "", label, message))
            else:
                first_seen[key] = row.row
        report.errors.extend(errors)
        if errors or domain is None:
            continue
        item = existing.get((domain.pk, level1, level2))
        if item is None:
            fields["domain"] = domain
        report.outcomes.append(
            RowOutcome(
                row=row.row,
                action=ACTION_CREATE if item is None else ACTION_UPDATE,
                label=label,
                fields=fields,
                item=item,
            )
        )
    return report


# --- Import --------------------------------------------------------------------------------


def catalog_import(
    *, agency: Agency, user: access.AnyUser, filename: str, content: bytes
) -> ImportReport:
    """Import an uploaded catalog spreadsheet into ``agency``'s catalog: every row or none.

    Rows matching an existing item (same domain, level-1 and level-2 item) update it; the rest
    are created. Raises PermissionDenied unless the user keeps the agency's catalog.
    """
    require_catalog_role(user, agency)
    try:
        rows = parse_upload(filename=filename, content=content)
    except CatalogFileError as error:
        return ImportReport(filename=filename, errors=[RowError(None, "", "", str(error))])
    with transaction.atomic():
        # One import per agency at a time: validation decides between create and update on
        # what exists, and that must not change before the rows are written.
        list(Agency.objects.select_for_update().filter(pk=agency.pk).values_list("pk"))
        report = validate_rows(agency=agency, rows=rows)
        report.filename = filename
        if report.errors:
            return report
        try:
            with transaction.atomic():
                _write(agency, report.outcomes)
                search_indexing.queue_many(CatalogItem.objects.for_agency(agency))
        except IntegrityError:
            # Someone added one of the items in the back office meanwhile.
            report.errors.append(
                RowError(None, "", "", "保存时与其他人的修改冲突，未导入任何行，请重新导入。")
            )
            return report
    report.imported = True
    return report


def _write(agency: Agency, outcomes: Sequence[RowOutcome]) -> None:
    new = [CatalogItem(agency=agency, **o.fields) for o in outcomes if o.item is None]
    changed, names = [], set()
    for outcome in outcomes:
        if outcome.item is not None:
            for name, value in outcome.fields.items():
                setattr(outcome.item, name, value)
            changed.append(outcome.item)
            names.update(outcome.fields)
    CatalogItem.objects.bulk_create(new)
    if changed:
        CatalogItem.objects.bulk_update(changed, sorted(names), batch_size=500)


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
    return _csv_bytes(report_rows(report))
