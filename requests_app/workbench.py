"""The workbench's share of information requests (``portal.workbench``): for handlers, the
online applications awaiting registration, the requests past their answer date and those due
within five working days; for office heads, the share of this year's answers given on time."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access, workdays
from portal.admin_marks import SOON_WORKDAYS
from portal.models import StaffRole
from portal.workbench import Rate, Task, this_year_start
from requests_app import access as request_access
from requests_app.models import Status
from requests_app.models.choices import CLOCK_STATUSES

Role = StaffRole.Role
RUNNING = [Status.RECEIVED, Status.IN_PROGRESS]


def tasks(request: HttpRequest) -> list[Task]:
    user = request.user
    if not access.is_superuser(user) and not access.agency_ids_for(user, [Role.HANDLER]):
        return []
    today = timezone.localdate()
    horizon = workdays.add_workdays(today, SOON_WORKDAYS)
    counts = request_access.request_queryset_for(user).aggregate(
        submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
        overdue=Count("pk", filter=Q(status__in=CLOCK_STATUSES, due_date__lt=today)),
        soon=Count("pk", filter=Q(status__in=RUNNING, due_date__gte=today, due_date__lte=horizon)),
    )
    changelist = reverse("admin:requests_app_informationrequest_changelist")
    return [
        Task("requests", _("Online applications awaiting registration"), counts["submitted"],
             reverse("admin:requests_app_inbox"), urgent=True),
        Task("requests", _("Past the answer due date"), counts["overdue"],
             f"{changelist}?due=overdue", urgent=True),
        Task("requests", _("Answer due within 5 working days"), counts["soon"],
             f"{changelist}?due=soon"),
    ]  # fmt: skip


def rates(request: HttpRequest) -> list[Rate]:
    """This year's answers of the agencies the user heads: how many within their due date."""
    user = request.user
    headed = access.agency_ids_for(user, [Role.OFFICE_HEAD])
    if not headed:
        return []
    start = this_year_start(timezone.localdate())
    counts = (
        request_access.request_queryset_for(user)
        .filter(agency_id__in=headed, answered_on__gte=start, due_date__isnull=False)
        .aggregate(total=Count("pk"), on_time=Count("pk", filter=Q(answered_on__lte=F("due_date"))))
    )
    return [Rate(_("Requests answered on time this year"), counts["on_time"], counts["total"])]
