"""Public pages of key tasks: the governments and years with published lists; one
government's board for a year (its tasks filterable by list, lead agency and state, overdue
milestones said in words, not by colour alone); one task's page with its milestones, its
published quarterly progress and the supervision findings with their rectification."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from keytasks import progress, selectors
from keytasks.models import KeyTask, Milestone, ProgressReport, SupervisionFinding
from portal import sites
from portal.models import Agency


@dataclass(frozen=True)
class MilestoneRow:
    milestone: Milestone
    state: progress.MilestoneState

    @property
    def overdue(self) -> bool:
        return self.state == progress.MilestoneState.OVERDUE


@dataclass(frozen=True)
class FindingRow:
    finding: SupervisionFinding
    overdue: bool


@dataclass(frozen=True)
class TaskRow:
    task: KeyTask
    state: progress.TaskState
    milestones: list[MilestoneRow]
    reports: list[ProgressReport]
    findings: list[FindingRow]

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.milestones if row.overdue)

    @property
    def latest_report(self) -> ProgressReport | None:
        return self.reports[-1] if self.reports else None


def task_row(task: KeyTask, today: dt.date, reports: list[ProgressReport] | None = None) -> TaskRow:
    milestones = [
        MilestoneRow(m, progress.milestone_state(due_date=m.due_date, done_date=m.done_date,
                                                 today=today))
        for m in task.milestones.all()
    ]  # fmt: skip
    findings = [
        FindingRow(f, progress.finding_is_overdue(due_date=f.rectification_due,
                                                  rectified_on=f.rectified_on, today=today))
        for f in task.findings.all()
    ]  # fmt: skip
    return TaskRow(
        task=task,
        state=progress.state_of(task, today),
        milestones=milestones,
        reports=reports if reports is not None else getattr(task, "published_reports", []),
        findings=findings,
    )


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    boards = selectors.boards(sites.current_site(request))
    return render(request, "keytasks/index.html", {"boards": boards})


def board_context(
    agency: Agency, year: int, filters: selectors.BoardFilters, today: dt.date
) -> dict[str, Any]:
    tasks = [task_row(task, today) for task in selectors.board_tasks(agency, year, filters, today)]
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in filters.as_query().items() if value})
    return {
        "government": agency,
        "year": year,
        "filters": filters,
        "query": query,
        "today": today,
        "lists": selectors.lists_of(agency, year),
        "leads": selectors.lead_agencies(agency, year),
        "states": progress.TaskState.choices,
        "rows": tasks,
        "overdue_total": sum(row.overdue_count for row in tasks),
    }


@require_safe
def board(request: HttpRequest, code: str, year: int) -> HttpResponseBase:
    agency = selectors.government(code)
    if agency is None or not selectors.lists_of(agency, year).exists():
        raise Http404(_("No key task list of this government for this year is published."))
    # Another site's government: to that site's host (404 if no site shows it).
    if (moved := sites.elsewhere(request, agency)) is not None:
        return moved
    filters = selectors.BoardFilters.from_query(request.GET)
    context = board_context(agency, year, filters, progress.local_today())
    return render(request, "keytasks/board.html", context)


@require_safe
def task_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    task = selectors.task_public(pk)
    if task is None:
        raise Http404(_("No published key task has this number."))
    if (moved := sites.elsewhere(request, task.task_list.agency)) is not None:
        return moved
    row = task_row(task, progress.local_today())
    return render(request, "keytasks/task_detail.html", {"row": row, "task": task})
