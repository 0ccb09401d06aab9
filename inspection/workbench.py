"""The workbench's share of the self-inspection (``portal.workbench``): for office heads and
superusers, the items failing in the latest run (single vetoes marked urgent)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from inspection import access as inspection_access
from inspection.models import InspectionRun
from portal.workbench import Task


def tasks(request: HttpRequest) -> list[Task]:
    user = request.user
    if not inspection_access.can_view_inspection(user):
        return []
    latest = InspectionRun.objects.order_by("-day").first()
    if latest is None:
        return []
    findings = inspection_access.visible_rows(user, latest.findings)
    vetoes = sum(1 for finding in findings if finding.get("veto"))
    url = reverse("admin:inspection_inspectionrun_changelist")
    return [
        Task("inspection", _("Single-veto items failing"), vetoes, url, urgent=True),
        Task("inspection", _("Other items failing"), len(findings) - vetoes, url),
    ]
