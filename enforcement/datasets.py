"""Enforcement decisions on display as a dataset of the open-data catalog (``opendata`` finds
this module; see ``portal.datasets`` for the shape): the same rows as the export
``data/enforcement-decisions.<fmt>`` (the party's published name only, never an ID number)."""

from __future__ import annotations

from django.db.models import QuerySet

from enforcement import selectors, selectors_inspections
from enforcement.models import Decision, InspectionResult
from portal.datasets import AutoDataset, Export, LatestChange


def _on_display() -> QuerySet[Decision]:
    return selectors.on_display().select_related(None)


def _results() -> QuerySet[InspectionResult]:
    return selectors_inspections.published_results().select_related(None)


DATASETS = [
    AutoDataset(
        key="enforcement-decisions",
        title="行政执法决定公示",
        description=(
            "公示期内的行政许可、行政处罚、行政强制决定和行政检查结果：执法类别、决定书文号、相对人"
            "（自然人仅显示姓氏）、统一社会信用代码、主要事实、执法依据、决定内容、金额、决定日期、"
            "公示截止日期和执法机关。公示期满的决定自动移出。"
        ),
        theme="market",
        keywords=("行政执法公示", "行政许可", "行政处罚", "行政强制", "行政检查"),
        periodicity="daily",
        distributions=[
            Export(fmt.upper(), "export", {"dataset": "enforcement-decisions", "fmt": fmt})
            for fmt in ("csv", "json")
        ],
        modified=LatestChange(_on_display),
        count=lambda: _on_display().count(),
    ),
    AutoDataset(
        key="inspection-results",
        title="双随机、一公开抽查结果",
        description=(
            "已公开的随机抽查结果：抽查计划、抽查年度、被检查的市场主体（名称和统一社会信用代码）、"
            "检查人员、检查结果、检查情况和检查日期。"
        ),
        theme="market",
        keywords=("双随机一公开", "随机抽查", "检查结果"),
        periodicity="irregular",
        distributions=[
            Export(fmt.upper(), "export", {"dataset": "inspection-results", "fmt": fmt})
            for fmt in ("csv", "json")
        ],
        modified=LatestChange(_results),
        count=lambda: _results().count(),
    ),
]
