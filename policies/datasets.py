"""Policy items on display as a dataset of the open-data catalog (``opendata`` finds this
module; see ``portal.datasets`` for the shape): the same rows as the export
``data/policy-items.<fmt>``."""

from __future__ import annotations

from django.db.models import QuerySet

from policies import selectors
from policies.models import PolicyItem
from portal.datasets import AutoDataset, Export, LatestChange


def _on_display() -> QuerySet[PolicyItem]:
    return selectors.on_display()


DATASETS = [
    AutoDataset(
        key="policy-items",
        title="惠企惠民政策事项",
        description=(
            "现行有效政策文件中的政策事项：政策名称、适用对象、申请条件、扶持内容和金额、兑现方式"
            "（申请兑现、免申即享、直达快享）、办理时限、申办指南、咨询电话和所依据的文件条款。"
        ),
        theme="economy",
        keywords=("政策文件库", "政策找人", "免申即享", "惠企政策"),
        periodicity="irregular",
        distributions=[
            Export(fmt.upper(), "export", {"dataset": "policy-items", "fmt": fmt})
            for fmt in ("csv", "json")
        ],
        modified=LatestChange(_on_display),
        count=lambda: _on_display().count(),
    ),
]
