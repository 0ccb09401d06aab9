"""The open-data dataset of budgets and final accounts (``data/budget-totals.csv`` and
``.json``, all agencies or one with its sub-agencies): each published disclosure with its
approval and publication dates, its totals and its "三公" expenses in 万元, streamed like every
export (``disclosure.exports``: a BOM for Excel, formula-like text neutralised)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet

from budgets import deadlines, selectors
from budgets.models import BudgetDisclosure
from disclosure.exports import Dataset
from portal.models import Agency


def _disclosures(agency: Agency | None) -> QuerySet[BudgetDisclosure]:
    found = selectors.published_disclosures()
    if agency is not None:
        found = found.filter(agency__path__startswith=agency.path)
    return found


def _amount(value: Decimal | None) -> object:
    return "" if value is None else value


def _row(d: BudgetDisclosure) -> list[object]:
    return [
        d.title,
        d.kind_name,
        d.year,
        d.agency.name,
        d.region,
        d.approval_date,
        deadlines.due_date(d.approval_date),
        deadlines.published_on(d) or "",
        "是" if deadlines.timeliness(d) == deadlines.Timeliness.ON_TIME else "否",
        d.total_income,
        d.total_expenditure,
        _amount(d.three_public_total),
        _amount(d.outbound_travel),
        _amount(d.vehicle_purchase),
        _amount(d.vehicle_operation),
        _amount(d.reception),
        "、".join(d.table_names),
        d.get_absolute_url(),
    ]


TOTALS: Dataset[BudgetDisclosure] = Dataset(
    "budget-totals",
    [
        ("title", "名称"),
        ("kind", "类别"),
        ("year", "年度"),
        ("agency", "公开单位"),
        ("region", "政府"),
        ("approval_date", "批复日期"),
        ("due_date", "法定公开期限"),
        ("published", "公开日期"),
        ("on_time", "按时公开"),
        ("total_income", "收入总计（万元）"),
        ("total_expenditure", "支出总计（万元）"),
        ("three_public_total", "“三公”经费合计（万元）"),
        ("outbound_travel", "因公出国（境）费（万元）"),
        ("vehicle_purchase", "公务用车购置费（万元）"),
        ("vehicle_operation", "公务用车运行费（万元）"),
        ("reception", "公务接待费（万元）"),
        ("tables", "所含报表"),
        ("url", "链接"),
    ],
    _disclosures,
    _row,
)
