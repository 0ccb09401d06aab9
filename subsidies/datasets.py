"""The beneficiary lists on display as a dataset of the open-data catalog (``opendata`` finds
this module; see ``portal.datasets`` for the shape): the same rows as the export
``data/subsidy-lists.<fmt>`` — each list with its period, 公示期, supervision phone and totals,
never a beneficiary. A list's masked rows are downloaded from its own page."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.datasets import AutoDataset, Export, LatestChange
from subsidies import selectors
from subsidies.models import BeneficiaryList


def _on_display() -> QuerySet[BeneficiaryList]:
    return selectors.on_display().select_related(None)


DATASETS = [
    AutoDataset(
        key="subsidy-lists",
        title="民生资金公示名单目录",
        description=(
            "公示期内的最低生活保障、特困人员救助供养、临时救助和各类补贴对象名单：名单名称、类别、"
            "所属期间、公示机关、公示起止日期、监督电话、对象条目数、人数合计和金额合计。不含对象"
            "明细；各名单的脱敏明细可在名单页面下载。公示期满的名单自动移出。"
        ),
        theme="livelihood",
        keywords=("民生资金", "最低生活保障", "特困人员", "临时救助", "补贴", "公示"),
        periodicity="daily",
        distributions=[
            Export(fmt.upper(), "export", {"dataset": "subsidy-lists", "fmt": fmt})
            for fmt in ("csv", "json")
        ],
        modified=LatestChange(_on_display),
        count=lambda: _on_display().count(),
    ),
]
