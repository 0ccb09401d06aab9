"""The catalog file layout: who keeps the catalog, the columns, the names of channels and
levels, and the result types."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied

from disclosure.models import (
    Audience,
    CatalogItem,
    CatalogMode,
    Channel,
)
from portal import access
from portal.models import Agency, StaffRole

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
