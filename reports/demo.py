"""Demo data for annual reports: last year's report (2025 when the demo runs in 2026) of the
demo city government (government-wide: the city government and its departments) and of one of
its departments, drafted from the reports app's own starting texts, their tables computed from
the demo's requests, documents and reviews, and published through the workflow, which freezes
the tables. Nothing is hand-written: a report shows what the other demo data add up to.

The government's report goes through its own demo staff (drafter, reviewer, publisher: four
eyes); the department has no demo staff, so the administrator enters and publishes it. Both are
dated as published before their statutory deadlines (Art 49).

Idempotent: each report is kept by the demo's key (agency and year).

Loaded after every other app's demo (``LOAD_LAST``): a report adds up what the others made,
including the departments some of them add to the city government.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from portal.demo import demo_record_find, demo_record_keep
from portal.models import Agency, AgencyKind
from publishing import workflow
from publishing.models import ReviewResult
from reports import publishing, tables
from reports.models import AnnualReport, AnnualReportEvent

#: ``load_demo`` runs this module after the apps whose data the reports count.
LOAD_LAST = True
GOVERNMENT = "331100000"  # 丽水市人民政府: its demo staff draft, review and publish
DEPARTMENT = "331100002"  # 丽水市财政局


def _published_on(year: int, deadline: tuple[int, int]) -> dt.datetime:
    """Ten days before the deadline of the year after ``year``, or now if that is still ahead."""
    day = dt.date(year + 1, *deadline) - dt.timedelta(days=10)
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))), timezone.now())


def _report(
    agency: Agency,
    year: int,
    *,
    drafter: User | None,
    reviewer: User,
    publisher: User,
) -> bool:
    key = f"reports.annualreport:{agency.code}:{year}"
    if demo_record_find(key, AnnualReport.objects.filter(agency=agency, year=year))[0]:
        return False
    report = AnnualReport.objects.create(
        agency=agency,
        year=year,
        drafter=drafter,
        **publishing.prefill_texts(tables.compute(agency, year)),
    )
    demo_record_keep(key, report)
    workflow.submit(obj=report, user=drafter or publisher)
    workflow.approve(obj=report, user=reviewer, review_result=ReviewResult.CLEAR)
    workflow.publish(obj=report, user=publisher)
    # Published in the reporting season, not the moment the demo ran.
    government = agency.kind == AgencyKind.GOVERNMENT
    deadline = publishing.GOVERNMENT_DEADLINE if government else publishing.DEPARTMENT_DEADLINE
    when = _published_on(year, deadline)
    AnnualReport.objects.filter(pk=report.pk).update(published_at=when)
    for days_before, action in ((2, "submit"), (1, "approve"), (0, "publish")):
        AnnualReportEvent.objects.filter(report=report, action=action).update(
            created_at=when - dt.timedelta(days=days_before)
        )
    return True


def summary() -> list[tuple[str, int]]:
    """What the portal holds, for ``load_demo``'s closing table."""
    return [("Annual reports published", publishing.published_reports().count())]


@transaction.atomic
def load(stdout: TextIO) -> None:
    users = {
        user.username: user
        for user in get_user_model().objects.filter(
            username__in=["admin", "lishui-drafter", "lishui-reviewer", "lishui-publisher"]
        )
    }
    government = Agency.objects.filter(code=GOVERNMENT).first()
    department = Agency.objects.filter(code=DEPARTMENT).first()
    if len(users) < 4 or government is None or department is None:
        return
    year = timezone.localdate().year - 1
    _report(
        government,
        year,
        drafter=users["lishui-drafter"],
        reviewer=users["lishui-reviewer"],
        publisher=users["lishui-publisher"],
    )
    # No demo staff in the department: the administrator enters its report.
    admin = users["admin"]
    _report(department, year, drafter=None, reviewer=admin, publisher=admin)
