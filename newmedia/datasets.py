"""The 政务新媒体 list as a dataset of the open-data catalog (``opendata`` finds this module; see
``portal.datasets`` for the shape): the same rows as the export ``data/newmedia-accounts``."""

from __future__ import annotations

from django.db.models import QuerySet

from newmedia import selectors
from newmedia.models import Account
from portal.datasets import AutoDataset, Export, LatestChange


def _accounts() -> QuerySet[Account]:
    return selectors.published().select_related(None)


DATASETS = [
    AutoDataset(
        key="newmedia-accounts",
        title="政务新媒体名录",
        description="政府及其部门开设的政务新媒体账号：平台、账号名称和ID、主办单位、认证情况、"
        "开设和关停日期、最近更新日期和检查情况。",
        theme="institutions",
        keywords=("政务新媒体", "政务微博", "微信公众号"),
        periodicity="monthly",
        distributions=[
            Export(fmt.upper(), "export", {"dataset": "newmedia-accounts", "fmt": fmt})
            for fmt in ("csv", "json")
        ],
        modified=LatestChange(_accounts),
        count=lambda: _accounts().count(),
    ),
]
