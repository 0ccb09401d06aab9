"""The published catalogs of major decisions as a dataset of the open-data catalog
(``opendata`` finds this module; see ``portal.datasets`` for the shape): the same rows as the
export ``data/major-decisions.<fmt>`` — each decision with its government, year, lead agency,
legal basis, planned dates, whether a hearing is required and its current stage."""

from __future__ import annotations

from django.db.models import QuerySet

from decisions.models import DecisionStep
from decisions.selectors import decisions, latest_steps
from portal.datasets import AutoDataset, Export, LatestChange


def _changes() -> QuerySet[DecisionStep]:
    return latest_steps().select_related(None)


DATASETS = [
    AutoDataset(
        key="major-decisions",
        title="重大行政决策事项目录",
        description=(
            "各级政府公布的年度重大行政决策事项目录：决策机关、年度、决策事项、承办单位、决策依据、"
            "计划启动和完成时间、是否听证，以及各事项按《重大行政决策程序暂行条例》已公布到的程序"
            "环节（预公开、公众参与、专家论证、风险评估、合法性审查、集体讨论决定、决策公布、执行"
            "情况、决策后评估）。"
        ),
        theme="institutions",
        keywords=("重大行政决策", "决策事项目录", "决策预公开", "听证", "合法性审查"),
        periodicity="daily",
        distributions=[
            Export(fmt.upper(), "export", {"dataset": "major-decisions", "fmt": fmt})
            for fmt in ("csv", "json")
        ],
        modified=LatestChange(_changes),
        count=lambda: decisions().count(),
    ),
]
