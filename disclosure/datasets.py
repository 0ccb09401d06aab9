"""The document catalog's open-data exports as datasets of the open-data catalog (``opendata``
finds this module; see ``portal.datasets`` for the shape): the published documents, the catalog
items and the negative list in force, each in CSV and JSON (``data/<slug>.<fmt>``), with their
live record count and last change."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db.models import QuerySet

from disclosure.exports import DATASETS as EXPORTS
from portal.datasets import AutoDataset, Export, LatestChange


def _formats(slug: str) -> list[Export]:
    return [Export(fmt.upper(), "export", {"dataset": slug, "fmt": fmt}) for fmt in ("csv", "json")]


def _rows(slug: str) -> QuerySet[Any]:
    return EXPORTS[slug].rows(None)


DATASETS = [
    AutoDataset(
        key="documents",
        title="主动公开政府信息目录",
        description=(
            "本门户主动公开的政府信息（已发布文件）的目录：索引号、标题、发文字号、发布机构、成文日期、"
            "发布日期、主题分类、体裁分类、有效性和链接。每日更新，随文件发布即时变化。"
        ),
        theme="institutions",
        keywords=("政府信息公开", "主动公开", "文件目录", "索引号"),
        periodicity="daily",
        distributions=_formats("documents"),
        modified=LatestChange(partial(_rows, "documents")),
        count=lambda: _rows("documents").count(),
    ),
    AutoDataset(
        key="catalog-items",
        title="政务公开标准目录事项",
        description=(
            "各机关基层政务公开标准目录的事项：公开主体、领域、一级和二级事项、公开内容（要素）、"
            "公开依据、公开时限、公开渠道和载体、公开对象和公开方式。"
        ),
        theme="institutions",
        keywords=("政务公开标准目录", "公开事项"),
        periodicity="irregular",
        distributions=_formats("catalog-items"),
        modified=LatestChange(partial(_rows, "catalog-items")),
        count=lambda: _rows("catalog-items").count(),
    ),
    AutoDataset(
        key="negative-list",
        title="政务公开负面清单",
        description="各机关现行有效的政务公开负面清单（不予公开事项）：类别、事项、理由、依据和生效日期。",
        theme="institutions",
        keywords=("负面清单", "不予公开"),
        periodicity="irregular",
        distributions=_formats("negative-list"),
        modified=LatestChange(partial(_rows, "negative-list")),
        count=lambda: _rows("negative-list").count(),
    ),
]
