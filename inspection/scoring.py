"""The site's score, the way the national inspection scores a government website: single-veto
items (单项否决: the home page not updated for two weeks, an empty column, too many stale
columns, requests unanswered past their deadline) fail the site whatever its score; other
failures (stale columns, broken links, listed words in published content, budgets and final
accounts not published within 20 days of approval) take points off
100 (each kind up to a cap). One run a day is kept (the history), and
the office heads of the site's agency get a digest when anything fails.

In a site group each site is inspected on its own (the issue: "each site's self-inspection
score is separate"): its columns, documents, requests, messages, accounts and budgets are those
of its agency subtree, what its pages show; its run is stored with the site, and the digest goes
to the office heads of its root agency. Without sites, the one implicit site is inspected over
the whole installation, as before.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from inspection import budgets, links, newmedia, responses, wording
from inspection import columns as column_checks
from inspection.findings import Check, Finding
from inspection.models import InspectionRun
from portal import emails, sites
from portal.models import StaffRole
from portal.sites import CurrentSite

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


def inspect_site(
    today: dt.date, site: CurrentSite | None = None
) -> tuple[Score, list[dict[str, Any]]]:
    """Everything the inspection checks on ``site`` (None: the whole installation), now;
    messages in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        columns = column_checks.all_columns(site)
        findings = [
            *column_checks.column_findings(columns, today),
            *responses.overdue_request_findings(today, site),
            *responses.overdue_message_findings(today, site),
            *links.broken_link_findings(site),
            *wording.published_wording_findings(site),
            *newmedia.stale_account_findings(today, site),
            *budgets.overdue_budget_findings(today, site),
            *budgets.late_budget_findings(today, site),
        ]
        return score(findings), [_column_row(column, today) for column in columns]


def inspected_sites() -> tuple[CurrentSite, ...]:
    """The sites inspected each day: every active site, or the implicit one without sites."""
    return sites.active_sites() or (sites.default_site(),)


def inspection_runs(
    *, today: dt.date | None = None, send_digest: bool = True
) -> list[InspectionRun]:
    """The day's run of every inspected site (``inspection_run`` for each)."""
    return [
        inspection_run(today=today, site=site, send_digest=send_digest)
        for site in inspected_sites()
    ]


def latest_runs(inspected: list[CurrentSite]) -> dict[int | None, InspectionRun]:
    """The latest run of each of the ``inspected`` sites, by site id (None: the implicit
    site), in one query."""
    ids = [site.pk for site in inspected]
    condition = Q(site_id__in=[pk for pk in ids if pk is not None])
    if None in ids:
        condition |= Q(site__isnull=True)
    runs = InspectionRun.objects.filter(condition).order_by("site_id", "-day").distinct("site_id")
    return {run.site_id: run for run in runs}


def run_site(run: InspectionRun) -> CurrentSite:
    """The site ``run`` inspected (a run kept from before the sites: the default site)."""
    found = next((site for site in sites.active_sites() if site.pk == run.site_id), None)
    return found or sites.default_site()


def inspection_run(
    *,
    today: dt.date | None = None,
    site: CurrentSite | None = None,
    send_digest: bool = True,
) -> InspectionRun:
    """The day's run of ``site`` (None: the default site, the implicit one without sites),
    stored (a second run the same day replaces it) and, when anything fails, the digest sent
    once that day."""
    day = today or timezone.localdate()
    site = site or sites.default_site()
    result, columns = inspect_site(day, site)
    run, _created = InspectionRun.objects.of_site(site.pk).update_or_create(
        day=day,
        defaults={
            "site_id": site.pk,
            "score": result.score,
            "passed": result.passed,
            "veto_count": len(result.vetoes),
            "finding_count": len(result.findings),
            "findings": [finding.as_dict() for finding in result.findings],
            "columns": columns,
        },
    )
    if send_digest and result.findings:
        digest_send(run=run, site=site)
    return run


def digest_recipients(site: CurrentSite | None = None) -> list[str]:
    """The office heads (办公室负责人) of the site's root agency (for the implicit site, the
    site's agency: ``SITE_AGENCY_CODE`` or the first root)."""
    agency = sites.root_agency(site or sites.default_site())
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


def _dashboard_url(site: CurrentSite) -> str:
    """The back-office page of ``site``'s score, on its own host when it has one."""
    path = reverse("admin:inspection_inspectionrun_changelist")
    if site.is_implicit or not site.canonical_host:
        return settings.SITE_URL + path
    secure = settings.SITE_URL.startswith("https:")
    return f"{site.base_url(secure=secure)}{path}?site={site.pk}"


def digest_send(*, run: InspectionRun, site: CurrentSite | None = None) -> bool:
    """E-mail the run's failing items to the office heads of its site, once per run."""
    site = site or run_site(run)
    with transaction.atomic():
        locked = InspectionRun.objects.select_for_update().get(pk=run.pk)
        if locked.digest_sent_at is not None:
            return False
        to = digest_recipients(site)
        if not to:
            logger.warning(
                "self-inspection digest: no office head of the agency of site %s", site.name
            )
            return False
        findings = [Finding.from_dict(data) for data in locked.findings]
        emails.send(
            "inspection-digest",
            to=to,
            context={
                **({} if site.is_implicit else {"site_name": site.name}),
                "run": locked,
                "vetoes": [f for f in findings if f.veto][:DIGEST_ITEMS],
                "others": [f for f in findings if not f.veto][:DIGEST_ITEMS],
                "more": max(len(findings) - 2 * DIGEST_ITEMS, 0),
                "dashboard_url": _dashboard_url(site),
            },
        )
        locked.digest_sent_at = timezone.now()
        locked.save(update_fields=["digest_sent_at"])
    run.digest_sent_at = locked.digest_sent_at
    return True
