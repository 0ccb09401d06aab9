"""Downloads of key tasks: the open-data dataset of every task of the published lists
(``data/key-tasks.csv`` and ``.json``) and one board's tasks with its filters
(``keytasks/<code>/<year>/tasks.csv``), streamed like every export (``disclosure.exports``: a
BOM for Excel, formula-like text neutralised). The state is the day's, in Beijing time."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.views.decorators.http import require_safe

from disclosure.exports import CHUNK_SIZE, Dataset, content_disposition, csv_lines, json_chunks
from keytasks import progress, selectors
from keytasks.models import KeyTask
from portal import sites
from portal.models import Agency


def _tasks(agency: Agency | None) -> QuerySet[KeyTask]:
    tasks = selectors.public_tasks()
    if agency is not None:
        tasks = tasks.filter(task_list__agency__path__startswith=agency.path)
    return tasks.order_by("-task_list__year", "task_list__agency__path", "task_list_id", "number")


def _task_row(task: KeyTask) -> list[object]:
    today = progress.local_today()
    milestones = list(task.milestones.all())
    overdue = [
        m for m in milestones
        if progress.milestone_is_overdue(due_date=m.due_date, done_date=m.done_date, today=today)
    ]  # fmt: skip
    reports = getattr(task, "published_reports", [])
    latest = reports[-1] if reports else None
    return [
        task.task_list.agency.name,
        task.task_list.year,
        task.task_list.title,
        task.number,
        task.text,
        task.lead_agency.name,
        "、".join(agency.name for agency in task.assisting_agencies.all()),
        task.target,
        progress.TaskState(getattr(task, "state", progress.state_of(task, today))).label,
        len(milestones),
        "；".join(f"{m.title}（{m.due_date.isoformat()}）" for m in overdue),
        latest.get_quarter_display() if latest else "",
        "" if latest is None or latest.percent is None else latest.percent,
        task.get_result_display() if task.result else "",
        task.result_explanation,
        task.get_absolute_url(),
    ]


DATASET: Dataset[KeyTask] = Dataset(
    "key-tasks",
    [
        ("government", "政府"),
        ("year", "年度"),
        ("list", "任务清单"),
        ("number", "序号"),
        ("task", "任务"),
        ("lead_agency", "牵头单位"),
        ("assisting_agencies", "配合单位"),
        ("target", "目标"),
        ("state", "状态"),
        ("milestones", "节点数"),
        ("overdue_milestones", "逾期未完成节点"),
        ("latest_quarter", "最新进展季度"),
        ("latest_percent", "最新进展完成百分比"),
        ("result", "年终结果"),
        ("result_explanation", "结果说明"),
        ("url", "链接"),
    ],
    _tasks,
    _task_row,
    site_field=selectors.TASK_AGENCY,
)


@require_safe
def board_export(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponseBase:
    agency = selectors.government(code)
    if (
        agency is None
        or fmt not in ("csv", "json")
        or not selectors.lists_of(agency, year).exists()
    ):
        raise Http404
    if (moved := sites.elsewhere(request, agency)) is not None:
        return moved
    filters = selectors.BoardFilters.from_query(request.GET)
    rows = selectors.board_tasks(agency, year, filters).iterator(chunk_size=CHUNK_SIZE)
    fallback = f"key-tasks-{agency.code}-{year}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_lines(DATASET, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            json_chunks(DATASET, rows), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = content_disposition(
        f"{agency.name}{year}年重点工作.{fmt}", fallback
    )
    return response
