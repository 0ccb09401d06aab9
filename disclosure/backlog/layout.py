"""The spreadsheet of a historical import: its columns (the catalog metadata of a document,
domain-spec section 2, and 文件名), the accepted files, and the report types."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from disclosure.catalog_io.layout import Column, RowError
from disclosure.models import Attachment, Scope, Validity

Kind = Attachment.Kind

COLUMNS: tuple[Column, ...] = (
    Column("number", "序号", ("编号",)),
    Column("title", "标题", ("文件标题", "名称", "文件名称"), required=True),
    Column("doc_number", "发文字号", ("文号", "文件编号")),
    Column("issuer", "发文机关", ("发布机构", "发文单位")),
    Column("date_formed", "成文日期", ("成文时间",), required=True),
    Column("date_published", "发布日期", ("发布时间", "公开日期"), required=True),
    Column("theme", "主题分类", ("主题",)),
    Column("keywords", "主题词", ("关键词",)),
    Column("genre", "体裁分类", ("体裁", "文种")),
    Column("validity", "有效性", ("效力状态",)),
    Column("disclosure", "公开方式", ("公开属性",)),
    Column("scope", "公开范围", ("公开对象",)),
    Column("normative", "规范性文件", ("是否规范性文件",)),
    Column("summary", "摘要", ("内容概述",)),
    Column("files", "文件名", ("附件", "文件", "附件名称"), required=True),
)
HEADINGS: tuple[str, ...] = tuple(column.heading for column in COLUMNS)
REQUIRED_HEADINGS: tuple[str, ...] = tuple(c.heading for c in COLUMNS if c.required)
HEADING_OF: dict[str, str] = {column.key: column.heading for column in COLUMNS}
HINT = "请使用历史文件导入模板中的列名（导入页面列出了各列）。"

# Several files of one document in one cell.
FILE_SEPARATORS = re.compile(r"[、；;\n]+")

# What the backlog holds: documents as issued (PDF, OFD, Word) and scans of paper ones.
ACCEPTED_KINDS = {Kind.PDF, Kind.OFD, Kind.DOC, Kind.DOCX, Kind.IMAGE}
ACCEPTED_NAMES = "PDF、OFD、DOC、DOCX、JPG、PNG、TIFF"

VALIDITY_NAMES: dict[str, str] = {
    "有效": Validity.VALID,
    "现行有效": Validity.VALID,
    "失效": Validity.EXPIRED,
    "已失效": Validity.EXPIRED,
    "废止": Validity.REPEALED,
    "已废止": Validity.REPEALED,
    "已修改": Validity.AMENDED,
    "已修订": Validity.AMENDED,
    "修改": Validity.AMENDED,
}
SCOPE_NAMES: dict[str, str] = {
    "全社会": Scope.PUBLIC,
    "社会公众": Scope.PUBLIC,
    "特定群体": Scope.SPECIFIC,
    "特定对象": Scope.SPECIFIC,
}
PROACTIVE_NAMES = {"主动公开", "主动"}
YES_NAMES = {"是", "√", "Y", "y", "yes", "1"}
NO_NAMES = {"否", "", "×", "N", "n", "no", "0"}


@dataclass(frozen=True)
class FileEntry:
    """A file of the archive, matched to its row."""

    name: str  # the name the spreadsheet and the archive share
    member: str  # the archive member's own name (with folders)


@dataclass
class RowPlan:
    """What a valid row imports."""

    row: int
    fields: dict[str, object]
    files: list[FileEntry] = field(default_factory=list)


@dataclass
class RowResult:
    row: int
    title: str
    files: list[str]
    document_id: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class BacklogReport:
    spreadsheet: str = ""
    archive: str = ""
    errors: list[RowError] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    batch_id: int | None = None

    @property
    def imported(self) -> bool:
        return self.batch_id is not None

    def add(self, row: int | None, column: str, value: str, message: str) -> None:
        self.errors.append(RowError(row, column, value, message))
        if row is not None:
            for result in self.rows:
                if result.row == row:
                    result.problems.append(message)

    def messages(self) -> list[str]:
        return [str(error) for error in self.errors]
