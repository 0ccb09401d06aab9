"""Who sees and edits key tasks in the back office.

A task list belongs to its government: the government office's staff see it in any status and
its drafters keep its 台账 (tasks, milestones, supervision findings, results). A lead agency's
staff see the tasks they lead (to report on them), not the list's other tasks; assisting
agencies see nothing in the back office. A progress report belongs to the task's lead agency
and goes through that agency's workflow. Another agency's records are unreachable (404)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.http import Http404

from keytasks.models import KeyTask, ProgressReport, TaskList
from portal import access
from portal.models import StaffRole

AnyUser = User | AnonymousUser
Role = StaffRole.Role


def list_queryset_for(user: AnyUser) -> QuerySet[TaskList]:
    return access.scope_queryset(TaskList.objects.all(), user)


def get_list_for(user: AnyUser, pk: int) -> TaskList:
    found = list_queryset_for(user).select_related("agency").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def task_queryset_for(user: AnyUser) -> QuerySet[KeyTask]:
    """Tasks of the lists of the user's governments, and tasks the user's agencies lead."""
    if access.is_superuser(user):
        return KeyTask.objects.all()
    ids = access.agency_ids_for(user)
    if not ids:
        return KeyTask.objects.none()
    return KeyTask.objects.filter(Q(task_list__agency__in=ids) | Q(lead_agency__in=ids))


def get_task_for(user: AnyUser, pk: int) -> KeyTask:
    found = task_queryset_for(user).select_related("task_list", "lead_agency").filter(pk=pk)
    task = found.first()
    if task is None:
        raise Http404
    return task


def can_keep_task(user: AnyUser, task: KeyTask) -> bool:
    """Whether the user records on the task (its milestones' dates, findings, the result):
    a drafter of the list's government."""
    return access.can_act(user, task.task_list.agency_id, Role.DRAFTER)


def report_queryset_for(user: AnyUser) -> QuerySet[ProgressReport]:
    return access.scope_queryset(ProgressReport.objects.all(), user)


def get_report_for(user: AnyUser, pk: int) -> ProgressReport:
    found = (
        report_queryset_for(user)
        .select_related("agency", "task__task_list__agency", "task__lead_agency")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def reportable_tasks_for(user: AnyUser) -> QuerySet[KeyTask]:
    """Tasks the user may draft a progress report on: led by an agency where the user drafts,
    in a published list (a report on commitments not yet public would have nowhere to go)."""
    tasks = KeyTask.objects.public().select_related("task_list", "lead_agency")
    return access.scope_queryset(tasks, user, agency_field="lead_agency", roles=[Role.DRAFTER])
