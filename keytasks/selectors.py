"""What the public pages, the API, the feeds, the sitemap, the exports and search read: the
tasks of published lists with their state (``keytasks.progress``), their milestones, the
published progress reports only, and the supervision findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from keytasks import progress
from keytasks.models import KeyTask, KeyTaskQuerySet, ProgressReport, TaskList
from portal import sites
from portal.models import Agency

# A task, and its progress, is its list's government's (portal.sites scopes by it).
TASK_AGENCY = "task_list__agency"


def published_lists() -> QuerySet[TaskList]:
    return TaskList.objects.published().select_related("agency")


def boards(site: sites.CurrentSite | None = None) -> list[tuple[Agency, int, list[TaskList]]]:
    """(government, year, its published lists), newest year first, for the index: the
    governments of ``site`` (portal.sites)."""
    found: dict[tuple[int, int], tuple[Agency, int, list[TaskList]]] = {}
    lists = sites.scope(published_lists(), site)
    for task_list in lists.order_by("-year", "agency__path", "kind", "id"):
        key = (task_list.agency_id, task_list.year)
        found.setdefault(key, (task_list.agency, task_list.year, []))[2].append(task_list)
    return list(found.values())


def government(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()


def lists_of(agency: Agency, year: int) -> QuerySet[TaskList]:
    return published_lists().filter(agency=agency, year=year).order_by("kind", "id")


def published_reports() -> QuerySet[ProgressReport]:
    return ProgressReport.objects.published()


def public_tasks(today: dt.date | None = None) -> KeyTaskQuerySet:
    """Tasks of published lists, with their state, milestones, published reports and
    findings (a constant number of queries for any number of tasks)."""
    tasks = KeyTask.objects.public().select_related("task_list__agency", "lead_agency")
    return progress.with_state(tasks, today).prefetch_related(
        "assisting_agencies",
        "milestones",
        "findings",
        Prefetch(
            "progress_reports",
            queryset=published_reports().order_by("quarter"),
            to_attr="published_reports",
        ),
    )


@dataclass(frozen=True)
class BoardFilters:
    task_list: int | None = None
    lead: str = ""
    state: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> BoardFilters:
        raw_list = query.get("list", "").strip()
        state = query.get("status", "").strip()
        return cls(
            task_list=int(raw_list) if raw_list.isdigit() and len(raw_list) < 10 else None,
            lead=query.get("lead", "").strip()[:32],
            state=state if state in progress.TaskState.values else "",
        )

    def as_query(self) -> dict[str, str]:
        return {
            "list": "" if self.task_list is None else str(self.task_list),
            "lead": self.lead,
            "status": self.state,
        }

    @property
    def active(self) -> bool:
        return any(self.as_query().values())


def board_tasks(
    agency: Agency, year: int, filters: BoardFilters | None = None, today: dt.date | None = None
) -> KeyTaskQuerySet:
    tasks = public_tasks(today).filter(task_list__agency=agency, task_list__year=year)
    if filters is not None:
        if filters.task_list is not None:
            tasks = tasks.filter(task_list_id=filters.task_list)
        if filters.lead:
            tasks = tasks.filter(lead_agency__code=filters.lead)
        if filters.state:
            tasks = tasks.filter(state=filters.state)
    return tasks.order_by("task_list__kind", "task_list_id", "number")


def lead_agencies(agency: Agency, year: int) -> QuerySet[Agency]:
    led = KeyTask.objects.public().filter(task_list__agency=agency, task_list__year=year)
    return Agency.objects.filter(pk__in=led.values("lead_agency_id")).order_by("path")


def tasks_in(tasks: KeyTaskQuerySet, site: sites.CurrentSite | None) -> KeyTaskQuerySet:
    """``tasks`` of the governments within ``site``."""
    return sites.scope(tasks, site, field=TASK_AGENCY)


def task_public(pk: int, today: dt.date | None = None) -> KeyTask | None:
    return public_tasks(today).filter(pk=pk).first()
