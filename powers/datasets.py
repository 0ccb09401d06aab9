"""The lists of powers and responsibilities as a dataset of the open-data catalog (``opendata``
finds this module; see ``portal.datasets`` for the shape): the same rows as the export
``data/power-items.<fmt>``."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.datasets import AutoDataset, Export, LatestChange
from powers.models import PowerItem


def _published() -> QuerySet[PowerItem]:
    return PowerItem.objects.published()


DATASETS = [
    AutoDataset(
        key="power-items",
        title="权力清单和责任清单",
        description=(
            "各机关公布的职权事项（行政许可、行政处罚、行政强制、行政征收、行政给付、行政检查、"
            "行政确认、行政奖励、行政裁决、其他）：事项编码、名称、类别、设定依据、实施机关、承办机构、"
            "责任事项及追责依据、咨询和监督电话。"
        ),
        theme="institutions",
        keywords=("权力清单", "责任清单", "职权事项"),
        periodicity="irregular",
        distributions=[
            Export(fmt.upper(), "export", {"dataset": "power-items", "fmt": fmt})
            for fmt in ("csv", "json")
        ],
        modified=LatestChange(_published),
        count=lambda: _published().count(),
    ),
]
