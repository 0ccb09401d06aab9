"""财政预决算: 预算法 第十四条 gives 20 days after approval to publish a department's budget or
final accounts (after the finance department's 批复) and the government's (after the people's
congress approves them). A disclosure still unpublished past its due date is a finding, and so
is one published late within the last year; both cost points. The rule itself is the budgets
app's (``budgets.deadlines``)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from budgets import deadlines
from inspection.findings import Check, Finding
from portal import sites
from portal.sites import CurrentSite

#: Late publications stay on the dashboard for a year after their approval.
LATE_WINDOW_DAYS = 365


def overdue_budget_findings(today: dt.date, site: CurrentSite | None = None) -> list[Finding]:
    overdue = (
        sites.scope(deadlines.overdue(today), site)
        .select_related("agency")
        .order_by("approval_date", "pk")
    )
    return [
        Finding(
            check=Check.BUDGET_OVERDUE,
            veto=False,
            subject=disclosure.title,
            detail=_("Not published; approved %(approved)s, due %(due)s (%(days)d days overdue)")
            % {
                "approved": disclosure.approval_date,
                "due": deadlines.due_date(disclosure.approval_date),
                "days": deadlines.days_late(disclosure, today),
            },
            agency_id=disclosure.agency_id,
            fix_url=reverse("admin:budgets_budgetdisclosure_change", args=[disclosure.pk]),
        )
        for disclosure in overdue
    ]


def late_budget_findings(today: dt.date, site: CurrentSite | None = None) -> list[Finding]:
    since = today - dt.timedelta(days=LATE_WINDOW_DAYS)
    return [
        Finding(
            check=Check.BUDGET_LATE,
            veto=False,
            subject=disclosure.title,
            detail=_("Published %(published)s, %(days)d days after its due date %(due)s")
            % {
                "published": deadlines.published_on(disclosure),
                "days": deadlines.days_late(disclosure),
                "due": deadlines.due_date(disclosure.approval_date),
            },
            agency_id=disclosure.agency_id,
            public_url=disclosure.get_absolute_url(),
        )
        for disclosure in deadlines.published_late(approved_since=since)
        if site is None or site.contains(disclosure.agency)
    ]
