"""Budgets and final accounts as a dataset of the open-data catalog (``opendata`` finds this
module; see ``portal.datasets`` for the shape): the same rows as the export
``data/budget-totals``."""

from __future__ import annotations

from django.db.models import QuerySet

from budgets import selectors
from budgets.models import BudgetDisclosure
from portal.datasets import AutoDataset, Export, LatestChange


def _disclosures() -> QuerySet[BudgetDisclosure]:
    return selectors.published_disclosures().select_related(None)


DATASETS = [
    AutoDataset(
        key="budget-totals",
        title="部门预决算和政府预决算主要数据",
        description="已公开的部门预算、部门决算和政府预算、决算：年度、公开单位、批复日期、公开日期、"
        "收入总计、支出总计和“三公”经费（因公出国（境）费、公务用车购置及运行费、公务接待费），"
        "单位为万元。",
        theme="finance",
        keywords=("财政预决算", "部门预算", "部门决算", "三公经费"),
        periodicity="annual",
        distributions=[
            Export(fmt.upper(), "export", {"dataset": "budget-totals", "fmt": fmt})
            for fmt in ("csv", "json")
        ],
        modified=LatestChange(_disclosures),
        count=lambda: _disclosures().count(),
    ),
]
