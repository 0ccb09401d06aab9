"""Spreadsheet import of enforcement decisions (行政执法公示), all rows or none.

Agencies keep their decisions in spreadsheets with the headings of the open-data export
(执法类别, 决定书文号, 相对人类别, …) plus 身份证号码. The file is read as the catalog import reads
its own (``disclosure.catalog_io``: XLSX or CSV in UTF-8 or GBK, formula quotes taken off), and
each row is checked exactly like a decision typed into the back office: the model's fields, and
``enforcement.drafting``'s checks of the party (GB 11643 for an ID number, GB 32100 for a credit
code, the person's fields). Nothing is saved unless every row passes; then every row becomes a
draft of the chosen agency, through ``drafting.decision_save``.

The report names the row, the heading and the problem in Chinese, as staff read it next to
their spreadsheet ("第5行「统一社会信用代码」：…"). A natural person's name and every ID number
appear in it, and in the log, only masked.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation

from disclosure.catalog_io import (
    HEADER_SEARCH_ROWS,
    CatalogFileError,
    Column,
    Grid,
    RowError,
    csv_bytes,
    read_grid,
)
from enforcement import drafting, masking
from enforcement.models import Decision, DecisionKind, SubjectType
from portal import access
from portal.models import Agency, StaffRole
from portal.spreadsheets import neutralise_workbook

logger = logging.getLogger(__name__)

# The headings of the open-data export (``enforcement.exports``), the ID number, and names
# common in agencies' own sheets. Keys are the model's fields.
COLUMNS: tuple[Column, ...] = (
    Column("kind", "执法类别", ("类别", "执法类型", "决定类别"), required=True),
    Column("number", "决定书文号", ("文号", "决定文号", "行政决定书文号"), required=True),
    Column("subject_type", "相对人类别", ("行政相对人类别", "相对人类型"), required=True),
    Column(
        "subject_name", "相对人名称", ("行政相对人名称", "相对人姓名", "当事人", "当事人名称"),
        required=True,
    ),
    Column("id_number", "身份证号码", ("身份证号", "居民身份证号码", "证件号码")),
    Column("credit_code", "统一社会信用代码", ("信用代码",)),
    Column("legal_representative", "法定代表人", ("法定代表人（负责人）", "负责人")),
    Column(
        "summary", "主要事实或内容", ("主要事实", "违法事实", "许可内容", "内容摘要"),
        required=True,
    ),
    Column("legal_basis", "执法依据", ("依据", "法律依据", "处罚依据", "许可依据"), required=True),
    Column("decision_text", "决定内容", ("处罚内容", "处理决定", "处罚结果"), required=True),
    Column("amount", "金额（元）", ("金额", "罚没金额", "罚没金额（元）", "罚款金额（元）")),
    Column("decision_date", "决定日期", ("作出决定日期", "决定作出日期"), required=True),
)  # fmt: skip
HEADINGS: tuple[str, ...] = tuple(column.heading for column in COLUMNS)
REQUIRED_HEADINGS: tuple[str, ...] = tuple(c.heading for c in COLUMNS if c.required)
_HEADING_OF = {column.key: column.heading for column in COLUMNS}
# One import is one agency's batch; a larger file is split.
MAX_ROWS = 2000

KIND_NAMES = {
    DecisionKind.LICENSING: "行政许可",
    DecisionKind.PENALTY: "行政处罚",
    DecisionKind.COERCION: "行政强制",
    DecisionKind.INSPECTION: "行政检查",
}
SUBJECT_TYPE_NAMES = {
    SubjectType.PERSON: "自然人",
    SubjectType.ORGANISATION: "法人或其他组织",
    SubjectType.INDIVIDUAL_BUSINESS: "个体工商户",
}
_KIND_ALIASES = {"许可": DecisionKind.LICENSING, "处罚": DecisionKind.PENALTY,
                 "强制": DecisionKind.COERCION, "检查": DecisionKind.INSPECTION,
                 "行政强制措施": DecisionKind.COERCION}  # fmt: skip
_SUBJECT_TYPE_ALIASES = {
    **dict.fromkeys(("个人", "公民"), SubjectType.PERSON),
    **dict.fromkeys(
        ("法人", "其他组织", "法人及非法人组织", "非法人组织", "企业", "单位"),
        SubjectType.ORGANISATION,
    ),
    "个体": SubjectType.INDIVIDUAL_BUSINESS,
}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TIME_OF_DAY = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2})?$")
# What a spreadsheet program makes of an 18-digit number typed into a number cell.
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")


def _key(text: str) -> str:
    """Text compared without whitespace, with full-width brackets, without a required mark."""
    text = re.sub(r"\s+", "", text).strip("*＊★")
    return text.replace("(", "（").replace(")", "）")


_COLUMN_BY_HEADING = {_key(name): c for c in COLUMNS for name in (c.heading, *c.aliases)}


def _choice_table(
    names: dict[Any, str], aliases: dict[str, Any], choices: Sequence[tuple[str, Any]]
) -> dict[str, str]:
    table = {_key(value): str(value) for value, _label in choices}
    with translation.override("zh-hans"):
        table.update({_key(str(label)): str(value) for value, label in choices})
    table.update({_key(name): str(value) for name, value in aliases.items()})
    table.update({_key(name): str(value) for value, name in names.items()})
    return table


# --- The report --------------------------------------------------------------------------------


@dataclass
class DecisionImportReport:
    filename: str = ""
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)

    @property
    def imported(self) -> bool:
        return bool(self.decisions) and not self.errors

    def messages(self) -> list[str]:
        return [str(error) for error in self.errors]


# --- Reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    number: int
    values: dict[str, str]


def _locate_header(rows: list[tuple[int, list[str]]]) -> tuple[dict[str, int], int]:
    """The column index of each known heading, and the header's row number."""
    best: tuple[int, int, list[str]] | None = None  # (headings known, row, missing)
    for number, cells in rows[:HEADER_SEARCH_ROWS]:
        mapping: dict[str, int] = {}
        for index, text in enumerate(cells):
            column = _COLUMN_BY_HEADING.get(_key(text))
            if column is None:
                continue
            if column.key in mapping:
                raise CatalogFileError(
                    f"表头（第{number}行）中“{column.heading}”出现了不止一次，请只保留一列。"
                )
            mapping[column.key] = index
        missing = [c.heading for c in COLUMNS if c.required and c.key not in mapping]
        if not missing:
            return mapping, number
        if mapping and (best is None or len(mapping) > best[0]):
            best = (len(mapping), number, missing)
    if best is not None:
        raise CatalogFileError(
            f"表头（第{best[1]}行）缺少必需的列：{'、'.join(best[2])}。请下载导入模板，按模板的列名填写。"
        )
    raise CatalogFileError(
        f"没有找到表头：前{HEADER_SEARCH_ROWS}行中没有"
        + "".join(f"“{heading}”" for heading in REQUIRED_HEADINGS)
        + "等列名。请下载导入模板，按模板的列名填写。"
    )


def _rows(grid: Grid) -> list[_Row]:
    rows = sorted(grid.items())
    mapping, header = _locate_header(rows)
    width = max(mapping.values()) + 1
    found = []
    for number, cells in rows:
        if number <= header:
            continue
        cells = cells + [""] * (width - len(cells))
        values = {key: cells[index].strip() for key, index in mapping.items()}
        if any(values.values()):
            found.append(_Row(number, values))
    if not found:
        raise CatalogFileError("表头下面没有数据行。")
    if len(found) > MAX_ROWS:
        raise CatalogFileError(f"文件行数过多：一次最多导入{MAX_ROWS}行，请分批导入。")
    return found


# --- Checking a row ----------------------------------------------------------------------------


def _date(text: str) -> dt.date | None:
    text = _TIME_OF_DAY.sub("", text.strip())
    match = _DATE.match(text) or _COMPACT_DATE.match(text)
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _amount(text: str) -> Decimal | None:
    cleaned = re.sub(r"[\s,，元¥￥]", "", text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _shown(key: str, value: str, secrets: list[tuple[str, str]], is_person: bool) -> str:
    """A cell's text as the report shows it: a person's name and ID numbers masked, anywhere."""
    if key == "id_number":
        return masking.mask_id_number(value)
    if key == "subject_name" and is_person:
        return masking.mask_person_name(value)
    for secret, masked in secrets:
        value = value.replace(secret, masked)
    return value[:60] + ("…" if len(value) > 60 else "")


class _RowChecker:
    """Turns one row into a decision of ``agency`` and its problems."""

    def __init__(self, agency: Agency, user: User) -> None:
        self.agency = agency
        self.user = user
        self.kinds = _choice_table(KIND_NAMES, _KIND_ALIASES, DecisionKind.choices)
        self.types = _choice_table(SUBJECT_TYPE_NAMES, _SUBJECT_TYPE_ALIASES, SubjectType.choices)
        self.model_fields = [f.name for f in Decision._meta.fields]

    def check(self, row: _Row) -> tuple[Decision, dict[str, str]]:
        values = row.values
        problems: dict[str, str] = {}
        fields: dict[str, Any] = {}
        for column in COLUMNS:
            text = values.get(column.key, "")
            if column.required and not text:
                problems[column.key] = "不能为空。"
            elif column.key == "kind" and text:
                fields["kind"] = self.kinds.get(_key(text))
                if fields["kind"] is None:
                    names = "、".join(KIND_NAMES.values())
                    problems["kind"] = f"无法识别的执法类别“{text}”，可选：{names}。"
            elif column.key == "subject_type" and text:
                fields["subject_type"] = self.types.get(_key(text))
                if fields["subject_type"] is None:
                    names = "、".join(SUBJECT_TYPE_NAMES.values())
                    problems["subject_type"] = f"无法识别的相对人类别“{text}”，可选：{names}。"
            elif column.key == "decision_date" and text:
                fields["decision_date"] = _date(text)
                if fields["decision_date"] is None:
                    problems["decision_date"] = "日期无法识别，请写作 2026-03-02 的格式。"
            elif column.key == "amount":
                fields["amount"] = _amount(text) if text else None
                if text and fields["amount"] is None:
                    problems["amount"] = "金额应为数字，例如 5000 或 5000.00。"
            elif column.key == "id_number" and _SCIENTIFIC.match(text):
                problems["id_number"] = (
                    "身份证号码被表格软件当成了数字（如 4.40524E+17），末几位已丢失；"
                    "请把该列设为文本格式后重新填写。"
                )
            else:
                fields[column.key] = text
        decision = Decision(
            agency=self.agency, **{k: v for k, v in fields.items() if v is not None}
        )
        # As in the back office: the model's fields first, then the checks of the party.
        errors: dict[str, list[str]] = {}
        with translation.override("zh-hans"):
            exclude = [name for name in self.model_fields if name not in _HEADING_OF]
            for check in (
                lambda: decision.full_clean(
                    exclude=[*exclude, *problems], validate_unique=False, validate_constraints=False
                ),
                lambda: drafting.check_party(decision),
            ):
                try:
                    check()
                except ValidationError as error:
                    for name, messages in error.message_dict.items():
                        errors.setdefault(name, []).extend(messages)
        for name, messages in errors.items():
            problems.setdefault(name, messages[0])
        return decision, problems


def _row_errors(row: _Row, decision: Decision, problems: dict[str, str]) -> list[RowError]:
    is_person = decision.subject_type not in (
        SubjectType.ORGANISATION,
        SubjectType.INDIVIDUAL_BUSINESS,
    )
    secrets = []
    id_number, name = row.values.get("id_number", ""), row.values.get("subject_name", "")
    if len(id_number) >= 6:
        secrets.append((id_number, masking.mask_id_number(id_number)))
    if is_person and len(name) >= 2:
        secrets.append((name, masking.mask_person_name(name)))
    errors = []
    for name, message in problems.items():
        if name == NON_FIELD_ERRORS or name not in _HEADING_OF:
            errors.append(RowError(row.number, "", "", message))
            continue
        value = _shown(name, row.values.get(name, ""), secrets, is_person)
        errors.append(RowError(row.number, _HEADING_OF[name], value, message))
    return errors


def validate_rows(
    *, agency: Agency, user: User, rows: Sequence[_Row]
) -> tuple[list[Decision], list[RowError]]:
    """Check every cell of every row; nothing is written."""
    checker = _RowChecker(agency, user)
    existing = set(Decision.objects.filter(agency=agency).values_list("number", flat=True))
    first_seen: dict[str, int] = {}
    decisions, errors = [], []
    for row in rows:
        decision, problems = checker.check(row)
        number = row.values.get("number", "")
        if number and "number" not in problems:
            # A file imported twice would record every decision twice.
            if number in existing:
                problems["number"] = "本机关已有此文号的决定，请勿重复导入。"
            elif number in first_seen:
                problems["number"] = f"与第{first_seen[number]}行的决定书文号相同。"
            else:
                first_seen[number] = row.number
        if problems:
            errors += _row_errors(row, decision, problems)
        else:
            decisions.append(decision)
    return decisions, errors


# --- Import ------------------------------------------------------------------------------------


def decision_import(
    *, agency: Agency, user: User, filename: str, content: bytes
) -> DecisionImportReport:
    """Import an uploaded spreadsheet as draft decisions of ``agency``: every row or none.

    Raises PermissionDenied unless the user is a drafter of the agency.
    """
    if not access.can_act(user, agency, StaffRole.Role.DRAFTER):
        raise PermissionDenied("Importing decisions needs the drafter role in the agency.")
    report = DecisionImportReport(filename=filename)
    try:
        rows = _rows(read_grid(filename=filename, content=content))
    except CatalogFileError as error:
        report.errors.append(RowError(None, "", "", str(error)))
        _log(agency, user, report)
        return report
    report.rows = len(rows)
    with transaction.atomic():
        # One import per agency at a time: the check for numbers already recorded must hold
        # until the rows are written.
        list(Agency.objects.select_for_update().filter(pk=agency.pk).values_list("pk"))
        decisions, report.errors = validate_rows(agency=agency, user=user, rows=rows)
        if not report.errors:
            for decision in decisions:
                drafting.decision_save(decision=decision, user=user)
            report.decisions = decisions
    _log(agency, user, report)
    return report


def _log(agency: Agency, user: User, report: DecisionImportReport) -> None:
    # Counts only: the rows hold people's names and ID numbers.
    logger.info(
        "Decision import for agency %s by user %s: %d rows, %d problems, %d drafts saved.",
        agency.code,
        user.pk,
        report.rows,
        len(report.errors),
        len(report.decisions),
    )


# --- The template ------------------------------------------------------------------------------

_GUIDE = {
    "kind": "、".join(KIND_NAMES.values()),
    "number": "如：丽市监处罚〔2026〕12号",
    "subject_type": "、".join(SUBJECT_TYPE_NAMES.values()),
    "subject_name": "自然人填写全名（公示时只显示姓氏，如“张*”）；单位填写登记名称",
    "id_number": "自然人或个体工商户经营者的18位居民身份证号码；不公示",
    "credit_code": "法人或其他组织必填，个体工商户有则填；18位",
    "legal_representative": "法人或其他组织填写；自然人不填",
    "summary": "违法事实、许可内容或检查结果；提及自然人时只写姓氏加*",
    "legal_basis": "如：《中华人民共和国食品安全法》第三十五条",
    "decision_text": "决定内容",
    "amount": "罚没金额等，没有则不填；如 5000 或 5000.00",
    "decision_date": "如：2026-03-02",
}


def template_xlsx() -> bytes:
    """The import template: the headings, and a sheet saying what goes in each column."""
    book = Workbook()
    sheet = book.active
    sheet.title = "行政执法决定"
    sheet.append(list(HEADINGS))
    for index, cell in enumerate(sheet[1], start=1):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = 24
    sheet.freeze_panes = "A2"
    # Typed as numbers, 18-digit ID numbers lose their last digits: these columns are text.
    for key in ("id_number", "credit_code", "number"):
        letter = get_column_letter(HEADINGS.index(_HEADING_OF[key]) + 1)
        for row in range(2, 502):
            sheet[f"{letter}{row}"].number_format = "@"
    guide = book.create_sheet("填写说明")
    guide.append(["列名", "是否必填", "填写说明"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        guide.append([column.heading, "必填" if column.required else "", _GUIDE[column.key]])
    for letter, width in (("A", 18), ("B", 10), ("C", 70)):
        guide.column_dimensions[letter].width = width
    neutralise_workbook(book)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_csv() -> bytes:
    return csv_bytes([list(HEADINGS)])
