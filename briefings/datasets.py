"""Published press conferences as a dataset of the open-data catalog (``opendata`` finds this
module; see ``portal.datasets`` for the shape): the same rows as the export
``data/press-conferences.<fmt>``."""

from __future__ import annotations

from django.db.models import QuerySet

from briefings.models import Conference
from portal.datasets import AutoDataset, Export, LatestChange


def _published() -> QuerySet[Conference]:
    return Conference.objects.published()


DATASETS = [
    AutoDataset(
        key="press-conferences",
        title="新闻发布会和政策吹风会目录",
        description=(
            "已发布的新闻发布会和政策吹风会（含预告）：标题、类别、发布机关、时间、地点、发布人、"
            "是否已发布文字实录和页面链接。"
        ),
        theme="institutions",
        keywords=("新闻发布会", "政策吹风会", "政策解读", "发布人", "实录"),
        periodicity="irregular",
        distributions=[
            Export(fmt.upper(), "export", {"dataset": "press-conferences", "fmt": fmt})
            for fmt in ("csv", "json")
        ],
        modified=LatestChange(_published),
        count=lambda: _published().count(),
    ),
]
