"""The open-data dataset of enforcement decisions (``data/enforcement-decisions.csv`` and
``.json``, all agencies or one with its sub-agencies): decisions on display only, the party's
published name only (a natural person masked as 张*), never an ID number."""

from __future__ import annotations

from django.db.models import QuerySet

from disclosure.exports import Dataset
from enforcement import selectors
from enforcement.models import Decision
from portal.models import Agency


def _rows(agency: Agency | None) -> QuerySet[Decision]:
    found = selectors.on_display()
    if agency is not None:
        found = found.filter(agency__path__startswith=agency.path)
    return found


def _row(d: Decision) -> list[object]:
    return [
        d.get_kind_display(),
        d.number,
        d.get_subject_type_display(),
        d.public_subject_name,
        d.public_credit_code,
        d.public_legal_representative,
        d.summary,
        d.legal_basis,
        d.decision_text,
        "" if d.amount is None else d.amount,
        d.decision_date,
        d.public_until,
        d.agency.name,
        f"{d.power_item.code} {d.power_item.name}" if d.power_item else "",
        d.get_absolute_url(),
    ]


DATASET: Dataset[Decision] = Dataset(
    "enforcement-decisions",
    [
        ("kind", "执法类别"),
        ("number", "决定书文号"),
        ("subject_type", "相对人类别"),
        ("subject_name", "相对人名称"),
        ("credit_code", "统一社会信用代码"),
        ("legal_representative", "法定代表人"),
        ("summary", "主要事实或内容"),
        ("legal_basis", "执法依据"),
        ("decision", "决定内容"),
        ("amount", "金额（元）"),
        ("decision_date", "决定日期"),
        ("public_until", "公示截止日期"),
        ("agency", "执法机关"),
        ("power_item", "职权事项"),
        ("url", "链接"),
    ],
    _rows,
    _row,
)
