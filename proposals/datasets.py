"""Replies to suggestions and proposals as a dataset of the open-data catalog (``opendata``
finds this module; see ``portal.datasets`` for the shape): the same rows as the export
``data/proposal-replies``."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.datasets import AutoDataset, Export, LatestChange
from proposals.models import Proposal


def _proposals() -> QuerySet[Proposal]:
    return Proposal.objects.published()


DATASETS = [
    AutoDataset(
        key="proposal-replies",
        title="建议提案办理结果",
        description="人大代表建议和政协提案的办理结果：年度、编号、标题、提出者、主办和协办单位、"
        "交办和答复日期、答复期限、是否逾期和答复类别。",
        theme="institutions",
        keywords=("人大代表建议", "政协提案", "办理结果"),
        periodicity="annual",
        distributions=[
            Export(fmt.upper(), "export", {"dataset": "proposal-replies", "fmt": fmt})
            for fmt in ("csv", "json")
        ],
        modified=LatestChange(_proposals),
        count=lambda: _proposals().count(),
    ),
]
