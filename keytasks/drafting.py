"""Saving key tasks. A list and its tasks' commitments (text, agencies, target, milestones and
their due dates) are edited while the list is a draft, by drafters of its government; after
that the government office records what happened — milestones reached, supervision findings
and their rectification, the year-end result — which is public at once, so it is screened for
personal data when saved. Progress reports are drafted by the lead agency, one per task and
quarter, from the quarter's first day on."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from disclosure import screening
from keytasks import progress
from keytasks.models import KeyTask, ProgressReport, TaskList, TaskResult
from portal import access, page_cache
from portal.models import AgencyKind, StaffRole
from publishing.models import Status
from publishing.workflow import record_event

Role = StaffRole.Role


def _squash(value: str | None) -> str:
    return " ".join((value or "").split())


def personal_data_problem(text: str) -> str | None:
    """Texts shown at once on the public pages hold no personal data (Art 15)."""
    hits = screening.find_personal_data(text or "")
    if hits:
        return _(
            "This text is published as it is saved and seems to hold personal data (%(kind)s): "
            "leave it out."
        ) % {"kind": screening.Kind(hits[0].kind).label}
    return None


# --- Lists ----------------------------------------------------------------------------------


def check_list(task_list: TaskList) -> None:
    task_list.title = _squash(task_list.title)
    task_list.summary = (task_list.summary or "").strip()
    errors: dict[str, str] = {}
    if task_list.agency_id and task_list.agency.kind != AgencyKind.GOVERNMENT:
        errors["agency"] = _("A key task list belongs to a people's government.")
    if not task_list.title:
        errors["title"] = _("Give the list a title.")
    if errors:
        raise ValidationError(errors)


def check_list_drafter(task_list: TaskList, *, user: User) -> None:
    if task_list.agency_id and not access.can_act(user, task_list.agency_id, Role.DRAFTER):
        raise ValidationError(
            {"agency": _("You can only draft for an agency where you are a drafter.")}
        )


@transaction.atomic
def list_save(*, task_list: TaskList, user: User) -> TaskList:
    if task_list.pk:
        current = TaskList.objects.select_for_update().get(pk=task_list.pk)
        if current.status != Status.DRAFT:
            raise ValidationError(
                _("Only a draft can be edited; this one is “%(status)s”.")
                % {"status": current.get_status_display()}
            )
    check_list_drafter(task_list, user=user)
    check_list(task_list)
    creating = task_list.pk is None
    if creating and task_list.drafter_id is None:
        task_list.drafter = user
    task_list.save()
    if creating:
        record_event(document=task_list, user=user, action="create", to_status=Status.DRAFT)
    return task_list


# --- Tasks ----------------------------------------------------------------------------------

# The commitments of a task, frozen once its list leaves the draft status.
COMMITMENT_FIELDS = ("task_list_id", "number", "text", "lead_agency_id", "target")


def commitments_editable(task_list: TaskList | None) -> bool:
    return task_list is None or task_list.status == Status.DRAFT


def check_task(task: KeyTask, *, today: dt.date | None = None) -> None:
    """Normalise and check a task's fields; raises ValidationError by field."""
    today = today or progress.local_today()
    task.text = (task.text or "").strip()
    task.target = (task.target or "").strip()
    task.result_explanation = (task.result_explanation or "").strip()
    errors: dict[str, str] = {}
    if not task.text:
        errors["text"] = _("Say what the task is.")
    if task.pk:
        before = KeyTask.objects.select_related("task_list").get(pk=task.pk)
        if not commitments_editable(before.task_list):
            changed = [f for f in COMMITMENT_FIELDS if getattr(before, f) != getattr(task, f)]
            if changed:
                errors["text"] = _(
                    "The list is published: the task, its number, lead agency and target are "
                    "commitments and stay as published."
                )
    if task.result:
        listed = task.task_list
        if listed.status != Status.PUBLISHED:
            errors["result"] = _("A result is recorded on the tasks of a published list.")
        if task.result != TaskResult.COMPLETED and not task.result_explanation:
            errors["result_explanation"] = _(
                "Explain what is missing and why when a task is not fully completed."
            )
        if task.result_date is None:
            task.result_date = today
        elif task.result_date > today:
            errors["result_date"] = _("A result cannot be recorded for a future date.")
    else:
        task.result_date = None
        if task.result_explanation:
            errors["result_explanation"] = _("Record the result before explaining it.")
    problem = personal_data_problem(task.result_explanation)
    if problem and "result_explanation" not in errors:
        errors["result_explanation"] = problem
    if errors:
        raise ValidationError(errors)


def check_task_keeper(task: KeyTask, *, user: User) -> None:
    if task.task_list_id and not access.can_act(user, task.task_list.agency_id, Role.DRAFTER):
        raise ValidationError(
            {"task_list": _("Only drafters of the list's government keep its tasks.")}
        )


@transaction.atomic
def task_save(*, task: KeyTask, user: User) -> KeyTask:
    """Create or update a task (its milestones and findings are saved with it by the admin's
    inline forms, checked by ``check_milestone`` and ``check_finding``)."""
    if task.pk:
        KeyTask.objects.select_for_update().filter(pk=task.pk).first()
    elif not commitments_editable(task.task_list):
        raise ValidationError({"task_list": _("Tasks are added to a list while it is a draft.")})
    check_task_keeper(task, user=user)
    check_task(task)
    task.save()
    if task.task_list.status == Status.PUBLISHED:
        # What the office records on a published task (and the milestones and findings the
        # admin saves with it, in the same transaction) is public at once.
        page_cache.public_content_changed()
    return task


def check_milestone(
    *,
    task_list: TaskList | None,
    title: str,
    due_date: dt.date | None,
    done_date: dt.date | None,
    today: dt.date | None = None,
) -> None:
    today = today or progress.local_today()
    errors: dict[str, str] = {}
    if not _squash(title):
        errors["title"] = _("Name the milestone.")
    if done_date is not None:
        if task_list is not None and task_list.status != Status.PUBLISHED:
            errors["done_date"] = _("Milestones are marked done once the list is published.")
        elif done_date > today:
            errors["done_date"] = _("A milestone cannot be done on a future date.")
        elif done_date.year < (task_list.year if task_list else done_date.year):
            errors["done_date"] = _("The date is before the list's year.")
    if due_date is not None and task_list is not None and due_date.year > task_list.year + 1:
        errors["due_date"] = _("The due date is far beyond the list's year.")
    if errors:
        raise ValidationError(errors)


def check_finding(
    *,
    found_on: dt.date | None,
    finding: str,
    rectification: str,
    rectification_due: dt.date | None,
    rectified_on: dt.date | None,
    today: dt.date | None = None,
) -> None:
    today = today or progress.local_today()
    errors: dict[str, str] = {}
    if found_on and found_on > today:
        errors["found_on"] = _("A finding cannot be dated in the future.")
    if found_on and rectification_due and rectification_due < found_on:
        errors["rectification_due"] = _("Rectification cannot be due before the finding.")
    if rectified_on is not None:
        if rectified_on > today:
            errors["rectified_on"] = _("Rectification cannot be done on a future date.")
        elif found_on and rectified_on < found_on:
            errors["rectified_on"] = _("Rectification cannot be done before the finding.")
    for field, text in (("finding", finding), ("rectification", rectification)):
        problem = personal_data_problem(text)
        if problem:
            errors[field] = problem
    if errors:
        raise ValidationError(errors)


# --- Progress reports -----------------------------------------------------------------------


def check_report(report: ProgressReport, *, today: dt.date | None = None) -> None:
    today = today or progress.local_today()
    report.text = (report.text or "").strip()
    errors: dict[str, str] = {}
    if not report.text:
        errors["text"] = _("Say what was done this quarter.")
    if report.percent is None and not report.assessment:
        errors["percent"] = _("Give the percent complete or an assessment (or both).")
    if report.task_id and report.quarter:
        task = report.task
        if task.task_list.status != Status.PUBLISHED:
            errors["task"] = _("Progress is reported on the tasks of a published list.")
        elif not progress.quarter_has_begun(
            year=task.task_list.year, quarter=report.quarter, today=today
        ):
            errors["quarter"] = _(
                "This quarter has not begun: progress is reported from its first day."
            )
        duplicate = ProgressReport.objects.filter(task_id=report.task_id, quarter=report.quarter)
        if report.pk:
            duplicate = duplicate.exclude(pk=report.pk)
        if duplicate.exists():
            errors["quarter"] = _(
                "This task already has a report for this quarter: edit that one instead."
            )
    if errors:
        raise ValidationError(errors)


def check_reporter(report: ProgressReport, *, user: User) -> None:
    if report.task_id and not access.can_act(user, report.task.lead_agency_id, Role.DRAFTER):
        raise ValidationError({"task": _("Progress is reported by drafters of the lead agency.")})


@transaction.atomic
def report_save(*, report: ProgressReport, user: User) -> ProgressReport:
    """Create or update a draft progress report of the task's lead agency."""
    if report.pk:
        current = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if current.status != Status.DRAFT:
            raise ValidationError(
                _("Only a draft can be edited; this one is “%(status)s”.")
                % {"status": current.get_status_display()}
            )
        if current.task_id != report.task_id:
            raise ValidationError({"task": _("A report stays with its task.")})
    check_reporter(report, user=user)
    check_report(report)
    report.agency_id = report.task.lead_agency_id
    creating = report.pk is None
    if creating and report.drafter_id is None:
        report.drafter = user
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:
        # Two drafters saving the same quarter at once: the constraint decides.
        raise ValidationError(
            {
                "quarter": _(
                    "This task already has a report for this quarter: edit that one instead."
                )
            }
        ) from error
    if creating:
        record_event(document=report, user=user, action="create", to_status=Status.DRAFT)
    return report
