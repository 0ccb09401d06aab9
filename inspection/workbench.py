"""The workbench's share of the self-inspection (``portal.workbench``): for office heads and
superusers, the items failing in the latest run of each site they see (single vetoes marked
urgent; an item failing on two sites, a city's and its county's, is counted once)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from inspection import access as inspection_access
from inspection import scoring
from portal.workbench import Task


def tasks(request: HttpRequest) -> list[Task]:
    user = request.user
    if not inspection_access.can_view_inspection(user):
        return []
    visible = inspection_access.visible_sites(user, scoring.inspected_sites())
    latest = scoring.latest_runs(visible).values()
    if not latest:
        return []
    rows = [row for run in latest for row in inspection_access.visible_rows(user, run.findings)]
    findings = list({tuple(sorted(row.items())): row for row in rows}.values())
    vetoes = sum(1 for finding in findings if finding.get("veto"))
    url = reverse("admin:inspection_inspectionrun_changelist")
    return [
        Task("inspection", _("Single-veto items failing"), vetoes, url, urgent=True),
        Task("inspection", _("Other items failing"), len(findings) - vetoes, url),
    ]
