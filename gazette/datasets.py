"""The government gazette as datasets of the open-data catalog (``opendata`` finds this module;
see ``portal.datasets`` for the shape): the same rows as the exports ``data/gazette-issues`` and
``data/gazette-contents``."""

from __future__ import annotations

from django.db.models import QuerySet

from gazette import selectors
from gazette.models import Entry, Issue
from portal.datasets import AutoDataset, Export, LatestChange


def _issues() -> QuerySet[Issue]:
    return selectors.published_issues().select_related(None)


def _entries() -> QuerySet[Entry]:
    return selectors.agency_entries(None).select_related(None)


def _exports(dataset: str) -> list[Export]:
    return [
        Export(fmt.upper(), "export", {"dataset": dataset, "fmt": fmt}) for fmt in ("csv", "json")
    ]


DATASETS = [
    AutoDataset(
        key="gazette-issues",
        title="政府公报期刊目录",
        description="已出版的各期政府公报：公报名称、年份和期号、总期号、出版日期、本期导读和PDF页数。",
        theme="institutions",
        keywords=("政府公报", "电子公报"),
        periodicity="monthly",
        distributions=_exports("gazette-issues"),
        modified=LatestChange(_issues),
        count=lambda: _issues().count(),
    ),
    AutoDataset(
        key="gazette-contents",
        title="政府公报所载文件",
        description="已出版各期政府公报的目录条目：期号、栏目、文件标题、文号、页码和文件链接。",
        theme="institutions",
        keywords=("政府公报", "目录"),
        periodicity="monthly",
        distributions=_exports("gazette-contents"),
        modified=LatestChange(_issues),
        count=lambda: _entries().count(),
    ),
]
