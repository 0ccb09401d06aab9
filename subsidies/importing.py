"""Importing a beneficiary list's spreadsheet (XLSX or CSV), as staff keep it.

The file is checked like every upload (its content, not its name: ``disclosure.attachments``
for XLSX, zip bombs included; text for CSV) and read by the catalog import's reader
(``disclosure.catalog_io.read_grid``: first sheet, merged cells, UTF-8 or GBK). Columns are
recognised by their headings (姓名, 身份证号, 银行卡号, 联系电话, 住址, 村/社区, 金额, 人数,
类别 and the names agencies use for them) in a header within the first rows; other columns are
kept, in their place, but screened like every cell.

Every cell of every row is checked before anything is saved, and every problem is reported
with its row and column, in Chinese, as staff read them next to the spreadsheet; the numbers
in clear are never repeated in a message. The values that reach the result are masked
(``subsidies.masking``): a ``ParsedUpload`` holds what the public will see, and the file's
bytes, which the drafting service stores encrypted.

The file format is Chinese (headings, messages), as the catalog import's: data, not interface
text, and not translated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from disclosure import attachments, screening
from disclosure.catalog_io import CatalogFileError, Grid, RowError, read_grid
from portal.identity import resident_id_problem
from subsidies import masking

# A county's list for one month has a few thousand rows at most; more is a wrong file.
MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 10
# Messages shown at once: the first fifty problems, and how many more there are.
MAX_ERRORS_SHOWN = 50
SUFFIXES = (".xlsx", ".csv")
MAX_AMOUNT = Decimal("99999999.99")
MAX_PEOPLE = 99


@dataclass(frozen=True)
class Column:
    key: str  # the BeneficiaryRow field
    heading: str  # as the public table names it
    aliases: tuple[str, ...] = ()


SEQUENCE = "sequence"
COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", ("户主姓名", "户主", "申请人", "申请人姓名", "救助对象", "保障对象",
                           "补贴对象", "享受对象", "对象姓名", "收款人", "收款人姓名", "持卡人",
                           "户名", "姓名（户主）", "户主（姓名）", "家庭成员", "监护人")),
    Column("id_number", "身份证号", ("身份证号码", "公民身份号码", "身份证", "证件号码",
                                    "身份证件号码", "户主身份证号", "户主身份证号码", "身份号码")),
    Column("bank_card", "银行卡号", ("银行账号", "银行卡号码", "卡号", "账号", "存折号",
                                    "存折账号", "一卡通账号", "一卡通卡号", "收款账号",
                                    "银行账户", "发放账号")),
    Column("phone", "联系电话", ("电话", "手机", "手机号", "手机号码", "联系方式", "电话号码")),
    Column("address", "住址", ("家庭住址", "地址", "居住地址", "户籍地址", "家庭地址", "现住址",
                              "详细地址", "户籍所在地")),
    Column("community", "村/社区", ("村（社区）", "村社区", "村居", "村（居）", "所在村",
                                   "所在社区", "社区", "村", "村委会", "居委会", "行政村",
                                   "所属村（社区）", "村（居）委会", "所在村（社区）")),
    Column("amount", "金额（元）", ("金额", "发放金额", "补助金额", "救助金额", "补贴金额",
                                   "保障金额", "保障金", "月保障金", "月保障金额", "合计金额",
                                   "发放标准", "补助标准", "补贴标准")),
    Column("people", "人数", ("家庭人口", "保障人数", "家庭人数", "人口数", "家庭人口数", "户人口",
                             "享受人数", "救助人数", "保障人口", "供养人数")),
    Column("category", "类别", ("保障类别", "救助类别", "类型", "补贴类别", "分类", "对象类别",
                               "供养方式", "救助类型", "补贴类型", "保障类型", "残疾类别",
                               "补贴项目")),
    Column(SEQUENCE, "序号", ("编号", "顺序号", "户号")),
)  # fmt: skip
HEADING_OF = {column.key: column.heading for column in COLUMNS}
_TOTAL_ROWS = {"合计", "总计", "小计", "共计"}


def normalize_heading(text: str) -> str:
    """A heading compared without whitespace or required-marks, with full-width brackets."""
    text = re.sub(r"\s+", "", text).strip("*＊★")
    return text.replace("(", "（").replace(")", "）").replace("／", "/")


_BY_HEADING = {
    normalize_heading(name): column for column in COLUMNS for name in (column.heading,
                                                                       *column.aliases)
}  # fmt: skip
_UNIT = re.compile(r"（[^（）]*）$")


def column_for(heading: str) -> Column | None:
    """The recognised column a heading names; a unit in brackets may follow (金额（元/月）)."""
    name = normalize_heading(heading)
    return _BY_HEADING.get(name) or _BY_HEADING.get(_UNIT.sub("", name))


# --- The file ---------------------------------------------------------------------------------


def check_file(upload: UploadedFile) -> tuple[str, bytes]:
    """The upload's name and bytes, after the checks every upload passes; raises
    ValidationError with a message for staff."""
    name = PurePath(upload.name or "").name.strip()
    suffix = PurePath(name).suffix.lower()
    if suffix == ".xls":
        raise ValidationError(
            "不支持旧版 Excel 97-2003 格式（.xls），请在 Excel 中另存为 .xlsx 或 CSV 后再上传。"
        )
    if suffix not in SUFFIXES:
        raise ValidationError("请上传 Excel（.xlsx）或 CSV（.csv）格式的名单文件。")
    size = upload.size or 0
    if size == 0:
        raise ValidationError("文件是空的。")
    limit = settings.SUBSIDY_UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(
            f"文件大小为{filesizeformat(size)}，名单文件最大为{filesizeformat(limit)}，请分批上传。"
        )
    if suffix == ".xlsx":
        # By its content (a zip holding a workbook, not a bomb), like every attachment.
        attachments.inspect_upload(upload)
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if suffix == ".csv" and (
        b"\x00" in content[:8192]
        or content.startswith((b"PK\x03\x04", attachments.OLE_MAGIC, b"%PDF-"))
    ):
        raise ValidationError(
            "文件内容不是 CSV 文本（可能是改了扩展名的其他文件），请另存为 CSV 后再上传。"
        )
    return name, content


# --- The header ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    row: int  # the number of the header's row
    known: dict[str, int]  # column key -> index
    unknown: list[tuple[int, str]]  # (index, heading as written) of other columns with data


def _known_headings(cells: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    known: dict[str, int] = {}
    problems = []
    for index, text in enumerate(cells):
        column = column_for(text) if text else None
        if column is None:
            continue
        if column.key in known:
            first = cells[known[column.key]]
            problems.append(
                f"有两列都是“{column.heading}”（“{first}”和“{text}”），请只保留一列，"
                "或改写其中一列的列名。"
            )
        else:
            known[column.key] = index
    return known, problems


def locate_header(rows: list[tuple[int, list[str]]]) -> Header:
    """The header: the row among the first ``HEADER_SEARCH_ROWS`` that names the most
    recognised columns, one of them 姓名 (below a title row or two, as lists are printed)."""
    best: tuple[int, int, dict[str, int], list[str]] | None = None
    for number, cells in rows[:HEADER_SEARCH_ROWS]:
        known, problems = _known_headings(cells)
        if "name" in known and (best is None or len(known) > best[0]):
            best = (len(known), number, known, problems)
    if best is None:
        raise ValidationError(
            f"没有找到表头：前{HEADER_SEARCH_ROWS}行中没有“姓名”列（也可写作“户主姓名”“救助对象”等）。"
        )
    _count, number, known, problems = best
    if problems:
        raise ValidationError([f"表头（第{number}行）：{problem}" for problem in problems])
    width = max(len(cells) for _number, cells in rows)
    header_cells = dict(rows)[number]
    used = set(known.values())
    unknown = []
    for index in range(width):
        if index in used:
            continue
        heading = header_cells[index] if index < len(header_cells) else ""
        has_data = any(index < len(cells) and cells[index] for n, cells in rows if n > number)
        if heading or has_data:
            unknown.append((index, heading))
    return Header(row=number, known=known, unknown=unknown)


def extra_key(index: int) -> str:
    return f"x{index + 1}"


# --- Rows as written ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RawRow:
    """One data row as written: known columns by key, others by ``extra_key``."""

    row: int
    cells: dict[str, str]


def _is_total_row(row: RawRow, first_cell: str) -> bool:
    candidates = (row.cells.get("name", ""), row.cells.get(SEQUENCE, ""), first_cell)
    return any(re.sub(r"\s+", "", text)[:2] in _TOTAL_ROWS for text in candidates if text)


def raw_rows(grid: Grid) -> tuple[Header, list[RawRow], list[str]]:
    """The header, the data rows (totals rows left out) and notes on what was left out."""
    rows = sorted(grid.items())
    header = locate_header(rows)
    found, notes = [], []
    for number, cells in rows:
        if number <= header.row:
            continue

        def cell(index: int, cells: list[str] = cells) -> str:
            return cells[index].strip() if index < len(cells) else ""

        values = {key: cell(index) for key, index in header.known.items()}
        values |= {extra_key(index): cell(index) for index, _heading in header.unknown}
        if not any(values.values()):
            continue
        row = RawRow(row=number, cells=values)
        if _is_total_row(row, cell(0)):
            notes.append(f"第{number}行是合计行，未导入（合计由系统根据明细计算）。")
            continue
        found.append(row)
    if not found:
        raise ValidationError("表头下面没有数据行。")
    if len(found) > MAX_ROWS:
        raise ValidationError(f"文件行数过多：一份名单最多{MAX_ROWS}行，请分批上传。")
    return header, found, notes


# --- Checking and masking each value -----------------------------------------------------------

_ID_MESSAGES = {
    "length": "身份证号应为18位（或旧版15位）",
    "characters": "身份证号应为17位数字加1位数字或X",
    "birth_date": "身份证号中的出生日期不存在",
    "checksum": "身份证号的校验位不正确，请核对",
}


def id_number_problem(value: str) -> str | None:
    """None for a valid 18-digit (GB 11643, checksum) or 15-digit (1999 and before) resident
    ID number, else the key of what is wrong."""
    number = masking.normalize_number(value)
    if len(number) == 15:
        if not number.isdigit() or number[0] == "0":
            return "characters"
        try:
            dt.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
        except ValueError:
            return "birth_date"
        return None
    return resident_id_problem(number)


def bank_card_problem(value: str) -> str | None:
    digits = masking.normalize_number(value)
    if not digits.isdigit():
        return "银行卡号只能由数字组成"
    if not 16 <= len(digits) <= 19:
        return "银行卡号应为16至19位数字"
    if not screening.luhn_ok(digits):
        return "银行卡号的校验位不正确（Luhn 校验未通过），请核对"
    return None


def _spreadsheet_hint(value: str) -> str:
    """Excel shows a long number typed as a number as 3.31102E+17 and keeps 15 digits."""
    if re.search(r"[Ee]\+\d+$", value) or re.fullmatch(r"\d{11,}0{3,}", value):
        return (
            "（Excel 会把超过15位的数字改成科学计数法或末尾补0，"
            "请把该列设置为“文本”格式后重新填写）"
        )
    return ""


_AMOUNT_NOISE = re.compile(r"[\s,，元¥￥]")


def parse_amount(text: str) -> tuple[Decimal | None, str]:
    """(amount, problem): ``1,234.5元`` → 1234.50."""
    cleaned = _AMOUNT_NOISE.sub("", text)
    if not cleaned:
        return None, ""
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None, "金额不是数字"
    if not amount.is_finite():
        return None, "金额不是数字"
    cents = amount.quantize(Decimal("0.01"))
    # A spreadsheet's sum may come back as 1234.5600000000001: that is 1234.56.
    if abs(amount - cents) >= Decimal("0.000001"):
        return None, "金额最多保留两位小数（元、角、分）"
    if cents < 0:
        return None, "金额不能为负数"
    if cents > MAX_AMOUNT:
        return None, "金额过大，请核对单位（元）"
    return cents, ""


def parse_people(text: str) -> tuple[int | None, str]:
    cleaned = re.sub(r"[\s人口]", "", text)
    if not cleaned:
        return None, ""
    if not cleaned.isdigit():
        return None, "人数应为整数"
    people = int(cleaned)
    if not 1 <= people <= MAX_PEOPLE:
        return None, f"人数应在1至{MAX_PEOPLE}之间"
    return people, ""


_MAX_LENGTHS = {"name": 50, "address": 300, "community": 100, "category": 100}
MAX_EXTRA_LENGTH = 500


class _RowChecker:
    """Checks one row and builds its public values (masked), collecting problems."""

    def __init__(self, names: masking.NameMasker) -> None:
        self.names = names
        self.errors: list[RowError] = []
        self.seen_ids: dict[str, int] = {}

    def error(self, row: RawRow, key: str, message: str, heading: str = "") -> None:
        self.errors.append(RowError(row.row, heading or HEADING_OF.get(key, key), "", message))

    def text(self, row: RawRow, key: str, heading: str = "") -> str:
        value = row.cells.get(key, "")
        limit = _MAX_LENGTHS.get(key, MAX_EXTRA_LENGTH)
        if len(value) > limit:
            self.error(row, key, f"内容过长（最多{limit}个字）", heading)
        return value

    def public(self, row: RawRow, extra: Sequence[tuple[int, str]]) -> dict[str, Any]:
        cells = row.cells
        values: dict[str, Any] = {"source_row": row.row}
        name = self.text(row, "name")
        if not name:
            self.error(row, "name", "姓名为空")
        elif re.search(r"\d", name):
            self.error(row, "name", "姓名中含有数字，请检查各列是否错位")
        values["name"] = masking.mask_name(name)
        id_number = cells.get("id_number", "")
        if id_number:
            problem = id_number_problem(id_number)
            if problem:
                self.error(row, "id_number", _ID_MESSAGES[problem] + _spreadsheet_hint(id_number))
            else:
                normalized = masking.normalize_number(id_number)
                if normalized in self.seen_ids:
                    self.error(row, "id_number", f"与第{self.seen_ids[normalized]}行的身份证号重复")
                self.seen_ids.setdefault(normalized, row.row)
            values["id_number"] = masking.mask_id_number(id_number)
        card = cells.get("bank_card", "")
        if card:
            problem = bank_card_problem(card)
            if problem:
                self.error(row, "bank_card", problem + _spreadsheet_hint(card))
            values["bank_card"] = masking.mask_bank_card(card)
        phone = cells.get("phone", "")
        if phone:
            if not all(masking.is_phone(part) for part in masking.phone_parts(phone)):
                self.error(row, "phone", "联系电话应为11位手机号码或带区号的固定电话")
            values["phone"] = masking.mask_phone(phone)
        address = self.text(row, "address")
        values["address"] = self.names(masking.mask_text(masking.mask_address(address)))
        for key in ("community", "category"):
            values[key] = masking.mask_text(self.text(row, key), self.names)
        amount, problem = parse_amount(cells.get("amount", ""))
        if problem:
            self.error(row, "amount", problem)
        values["amount"] = amount
        people, problem = parse_people(cells.get("people", ""))
        if problem:
            self.error(row, "people", problem)
        values["people"] = people
        values["extra"] = {
            extra_key(index): masking.mask_text(
                self.text(row, extra_key(index), heading), self.names
            )
            for index, heading in extra
        }
        return values


# --- The result -------------------------------------------------------------------------------


@dataclass
class ParsedUpload:
    """What an import gives: the public (masked) columns and rows, notes, and the file."""

    filename: str
    content: bytes = field(repr=False)
    columns: list[dict[str, str]]
    rows: list[dict[str, Any]] = field(repr=False)
    notes: list[str] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def amount_total(self) -> Decimal | None:
        amounts = [row["amount"] for row in self.rows if row["amount"] is not None]
        return sum(amounts, Decimal("0.00")) if amounts else None


def _columns(header: Header, names: masking.NameMasker) -> list[dict[str, str]]:
    """The public table's columns, in the file's order (序号 left out: the table numbers its
    rows itself); a heading not recognised is screened like a cell."""
    positions = [(index, key) for key, index in header.known.items() if key != SEQUENCE]
    positions += [(index, extra_key(index)) for index, _heading in header.unknown]
    headings = dict(header.unknown)
    columns = []
    for index, key in sorted(positions):
        if key in HEADING_OF:
            heading = HEADING_OF[key]
        else:
            heading = masking.mask_text(headings[index], names)[:100] or f"第{index + 1}列"
        columns.append({"key": key, "heading": heading})
    return columns


def _failure(errors: list[RowError]) -> ValidationError:
    messages = [str(error) for error in errors[:MAX_ERRORS_SHOWN]]
    if len(errors) > MAX_ERRORS_SHOWN:
        messages.append(f"另有{len(errors) - MAX_ERRORS_SHOWN}处问题未列出，请先改正以上问题。")
    return ValidationError(messages)


def grid_of(*, filename: str, content: bytes) -> Grid:
    try:
        return read_grid(filename=filename, content=content, max_rows=MAX_ROWS)
    except CatalogFileError as error:
        raise ValidationError(str(error)) from error


def parse_content(*, filename: str, content: bytes) -> ParsedUpload:
    """Check every row of a list's file and mask it; raises ValidationError with every
    problem (in Chinese, by row and column), before anything is saved."""
    header, rows, notes = raw_rows(grid_of(filename=filename, content=content))
    names = masking.NameMasker(row.cells.get("name", "") for row in rows)
    checker = _RowChecker(names)
    public = [checker.public(row, header.unknown) for row in rows]
    if checker.errors:
        raise _failure(checker.errors)
    for number, values in enumerate(public, start=1):
        values["number"] = number
    return ParsedUpload(
        filename=filename, content=content, columns=_columns(header, names), rows=public,
        notes=notes,
    )  # fmt: skip


def read_upload(upload: UploadedFile) -> ParsedUpload:
    """An uploaded list file checked, read and masked (raises ValidationError)."""
    filename, content = check_file(upload)
    return parse_content(filename=filename, content=content)


# --- What must never be public ----------------------------------------------------------------


def clear_values(*, filename: str, content: bytes) -> dict[int, list[str]]:
    """The values of a stored file that must not appear on any public page, by row: full
    names, ID and card numbers, phone numbers (as written and as digits), and the part of an
    address below the village. Read again from the file, for the check before review."""
    _header, rows, _notes = raw_rows(grid_of(filename=filename, content=content))
    found: dict[int, list[str]] = {}
    for row in rows:
        values = []
        name = "".join(row.cells.get("name", "").split())
        if len(name) >= 2:
            values.append(name)
        for key in ("id_number", "bank_card", "phone"):
            written = row.cells.get(key, "").strip()
            if len(written) >= 7:
                values.append(written)  # as typed, and as digits below
        for key in ("id_number", "bank_card"):
            number = masking.normalize_number(row.cells.get(key, ""))
            if len(number) >= 8:
                values.append(number)
        values += [p for p in masking.phone_parts(row.cells.get("phone", "")) if len(p) >= 7]
        address = " ".join(row.cells.get("address", "").split())
        if masking.mask_address(address).endswith(masking.REST):
            values.append(address)
        found[row.row] = values
    return found


def leaked_rows(public_by_row: dict[int, str], clear: dict[int, list[str]]) -> list[int]:
    """The rows whose public text holds one of their own clear values."""
    return sorted(
        number
        for number, values in clear.items()
        if any(value in public_by_row.get(number, "") for value in values)
    )
