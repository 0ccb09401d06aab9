"""The site's score, the way the national inspection scores a government website: single-veto
items (单项否决: the home page not updated for two weeks, an empty column, too many stale
columns, requests unanswered past their deadline) fail the site whatever its score; other
failures (stale columns, broken links, listed words in published content, budgets and final
accounts not published within 20 days of approval) take points off
100 (each kind up to a cap). One run a day is kept (the history), and
the office heads of the site's agency get a digest when anything fails.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from inspection import budgets, links, newmedia, responses, wording
from inspection import columns as column_checks
from inspection.findings import Check, Finding
from inspection.models import InspectionRun
from portal import emails
from portal.agencies import site_agency
from portal.models import StaffRole

logger = logging.getLogger(__name__)

# Points off per failing item, and the most a kind of failure may take off.
DEDUCTIONS: dict[str, tuple[int, int]] = {
    Check.COLUMN_STALE: (2, 30),
    Check.BROKEN_LINK: (1, 20),
    Check.WORDING: (2, 20),
    Check.MESSAGE_OVERDUE: (2, 30),
    Check.BUDGET_OVERDUE: (3, 30),
    Check.BUDGET_LATE: (1, 10),
}
PASS_MARK = 60
# The digest lists at most this many items; the dashboard has them all.
DIGEST_ITEMS = 50


@dataclass(frozen=True)
class Score:
    score: int
    passed: bool
    findings: list[Finding]  # single vetoes first

    @property
    def vetoes(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.veto]


def score(findings: list[Finding]) -> Score:
    ordered = sorted(findings, key=lambda finding: not finding.veto)  # stable: order kept
    points = 100
    for check, (each, cap) in DEDUCTIONS.items():
        points -= min(each * sum(1 for f in findings if f.check == check), cap)
    points = max(points, 0)
    passed = points >= PASS_MARK and not any(finding.veto for finding in findings)
    return Score(score=points, passed=passed, findings=ordered)


def _column_row(column: column_checks.Column, today: dt.date) -> dict[str, Any]:
    return {
        "title": column.title,
        "count": column.count,
        "last_updated": column.last_updated.isoformat() if column.last_updated else None,
        "days": column.days_since_update(today),
        "limit": column.limit.max_age_days,
        "stale": column.is_stale(today),
        "empty": column.is_empty and not column.limit.may_be_empty,
        "agency_id": column.agency_id,
        "public_url": column.public_url,
    }


def inspect_site(today: dt.date) -> tuple[Score, list[dict[str, Any]]]:
    """Everything the inspection checks, now; messages in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        columns = column_checks.all_columns()
        findings = [
            *column_checks.column_findings(columns, today),
            *responses.overdue_request_findings(today),
            *responses.overdue_message_findings(today),
            *links.broken_link_findings(),
            *wording.published_wording_findings(),
            *newmedia.stale_account_findings(today),
            *budgets.overdue_budget_findings(today),
            *budgets.late_budget_findings(today),
        ]
        return score(findings), [_column_row(column, today) for column in columns]


def inspection_run(*, today: dt.date | None = None, send_digest: bool = True) -> InspectionRun:
    """The day's run, stored (a second run the same day replaces it) and, when anything
    fails, the digest sent once that day."""
    day = today or timezone.localdate()
    result, columns = inspect_site(day)
    run, _created = InspectionRun.objects.update_or_create(
        day=day,
        defaults={
            "score": result.score,
            "passed": result.passed,
            "veto_count": len(result.vetoes),
            "finding_count": len(result.findings),
            "findings": [finding.as_dict() for finding in result.findings],
            "columns": columns,
        },
    )
    if send_digest and result.findings:
        digest_send(run=run)
    return run


def digest_recipients() -> list[str]:
    """The office heads (办公室负责人) of the site's agency."""
    agency = site_agency()
    if agency is None:
        return []
    return list(
        get_user_model()
        .objects.filter(
            is_active=True, staff_roles__agency=agency, staff_roles__role=StaffRole.Role.OFFICE_HEAD
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .order_by("email")
        .distinct()
    )


def digest_send(*, run: InspectionRun) -> bool:
    """E-mail the run's failing items to the office heads, once per run."""
    with transaction.atomic():
        locked = InspectionRun.objects.select_for_update().get(pk=run.pk)
        if locked.digest_sent_at is not None:
            return False
        to = digest_recipients()
        if not to:
            logger.warning("self-inspection digest: no office head of the site's agency")
            return False
        findings = [Finding.from_dict(data) for data in locked.findings]
        emails.send(
            "inspection-digest",
            to=to,
            context={
                "run": locked,
                "vetoes": [f for f in findings if f.veto][:DIGEST_ITEMS],
                "others": [f for f in findings if not f.veto][:DIGEST_ITEMS],
                "more": max(len(findings) - 2 * DIGEST_ITEMS, 0),
                "dashboard_url": settings.SITE_URL
                + reverse("admin:inspection_inspectionrun_changelist"),
            },
        )
        locked.digest_sent_at = timezone.now()
        locked.save(update_fields=["digest_sent_at"])
    run.digest_sent_at = locked.digest_sent_at
    return True
