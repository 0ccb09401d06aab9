"""The published responses to public concerns as a dataset of the open-data catalog
(``opendata`` finds this module; see ``portal.datasets``): the rows of the export
``data/concern-responses.<fmt>``."""

from __future__ import annotations

from django.db.models import QuerySet

from concerns import selectors
from concerns.models import Response
from portal.datasets import AutoDataset, Export, LatestChange


def _published() -> QuerySet[Response]:
    return selectors.published().select_related(None).prefetch_related(None)


DATASETS = [
    AutoDataset(
        key="concern-responses",
        title="政务舆情回应目录",
        description=(
            "各机关在回应关切栏目发布的权威信息、答记者问、情况通报和政策解读链接：标题、回应形式、"
            "发布机关、发布时间、内容和链接。不含舆情登记信息。"
        ),
        theme="institutions",
        keywords=("回应关切", "政务舆情", "权威信息", "新闻发布会"),
        periodicity="daily",
        distributions=[
            Export(fmt.upper(), "export", {"dataset": "concern-responses", "fmt": fmt})
            for fmt in ("csv", "json")
        ],
        modified=LatestChange(_published),
        count=lambda: _published().count(),
    ),
]
