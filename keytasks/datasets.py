"""The key tasks of the published lists as a dataset of the open-data catalog (``opendata``
finds this module; see ``portal.datasets``): the same rows as the export
``data/key-tasks.<fmt>`` — each task with its lead and assisting agencies, target, state of the
day, overdue milestones, latest published progress and year-end result."""

from __future__ import annotations

from django.db.models import QuerySet

from keytasks.models import KeyTask
from portal.datasets import AutoDataset, Export, LatestChange


def _tasks() -> QuerySet[KeyTask]:
    return KeyTask.objects.public()


DATASETS = [
    AutoDataset(
        key="key-tasks",
        title="政府重点工作任务及进展",
        description=(
            "已公开的政府工作报告重点工作、重点工作清单和民生实事项目的任务：序号、任务内容、牵头单位、"
            "配合单位、目标、当日状态（推进中、节点逾期、已完成、未完成）、逾期未完成的节点、"
            "最新一季度已公开的进展和年终结果。"
        ),
        theme="institutions",
        keywords=("重点工作", "政府工作报告", "民生实事", "督查", "进展"),
        periodicity="daily",
        distributions=[
            Export(fmt.upper(), "export", {"dataset": "key-tasks", "fmt": fmt})
            for fmt in ("csv", "json")
        ],
        modified=LatestChange(_tasks),
        count=lambda: _tasks().count(),
    ),
]
