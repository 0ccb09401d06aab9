"""The workbench's share of proactive disclosure (``portal.workbench``): documents past their
publication due date (Art 26) for the drafters and publishers who can still publish them, and
for office heads the share of this year's documents published on time."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import access as disclosure_access
from disclosure import timeliness
from portal import access
from portal.models import StaffRole
from portal.workbench import Rate, Task, this_year_start

Role = StaffRole.Role


def tasks(request: HttpRequest) -> list[Task]:
    user = request.user
    roles = [Role.DRAFTER, Role.PUBLISHER]
    if not access.is_superuser(user) and not access.agency_ids_for(user, roles):
        return []
    documents = disclosure_access.document_queryset_for(user)
    if not access.is_superuser(user):
        documents = documents.filter(agency_id__in=access.agency_ids_for(user, roles))
    late = timeliness.late_documents(documents).count()
    changelist = reverse("admin:disclosure_document_changelist")
    return [
        Task("timeliness", _("Documents past their publication due date"), late,
             f"{changelist}?late=late", urgent=True),
    ]  # fmt: skip


def rates(request: HttpRequest) -> list[Rate]:
    user = request.user
    headed = access.agency_ids_for(user, [Role.OFFICE_HEAD])
    if not headed:
        return []
    start = this_year_start(timezone.localdate())
    counts = (
        disclosure_access.document_queryset_for(user)
        .filter(agency_id__in=headed, date_published__gte=start, publish_due__isnull=False)
        .aggregate(
            total=Count("pk"),
            on_time=Count("pk", filter=Q(date_published__lte=F("publish_due"))),
        )
    )
    return [Rate(_("Documents published on time this year"), counts["on_time"], counts["total"])]
