"""The staff inbox: open requests sorted by urgency, with the next deadline of each.

Overdue requests come first (most overdue first), then the running ones by answer due date,
then online requests awaiting registration, then paused ones (correction, consultation, fee)
by the date the applicant or the consulted party must reply or pay. One query, whatever the
number of requests: the next deadline is computed in SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.contrib.auth.models import User
from django.db.models import (
    Case,
    DateField,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import access
from portal.typed import StrOrPromise
from requests_app import deadlines, releases
from requests_app.access import request_queryset_for
from requests_app.models import OPEN_STATUSES, FeeNotice, InformationRequest, Pause, Status

INBOX_LIMIT = 200

TAB_AGENCY = "agency"
TAB_MINE = "mine"
TABS = {TAB_AGENCY: _("My agencies' open requests"), TAB_MINE: _("Assigned to me")}

# The deadline that matters next, per status.
DEADLINE_KINDS: dict[str, StrOrPromise] = {
    Status.SUBMITTED: _("proposed receipt date"),
    Status.RECEIVED: _("answer due"),
    Status.IN_PROGRESS: _("answer due"),
    Status.CORRECTION: _("correction due"),
    Status.THIRD_PARTY: _("third-party reply due"),
    Status.AGENCY_CONSULT: _("agency reply due"),
    Status.FEE_PENDING: _("fee to be paid by"),
}

_RUNNING, _AWAITING_REGISTRATION, _PAUSED = 0, 1, 2

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class Urgency(TypedDict):
        """What ``with_next_deadline`` adds to each request."""

        next_deadline: dt.date | None
        urgency_group: int

    InboxRequest = WithAnnotations[InformationRequest, Urgency]


@dataclass(frozen=True)
class InboxRow:
    info_request: InformationRequest
    deadline: dt.date | None
    deadline_kind: str
    days_left: int | None  # working days; 0 on the day, negative when past
    overdue: bool  # the deadline's day has passed (even if no working day has since)
    paused: bool

    @property
    def overdue_by(self) -> int:
        """Working days past the deadline (0 when only a weekend or holiday has passed)."""
        return -self.days_left if self.overdue and self.days_left is not None else 0


def with_next_deadline(queryset: QuerySet[InformationRequest]) -> QuerySet[InboxRequest]:
    """Annotate ``next_deadline`` and ``urgency_group`` and order by them."""
    open_pause_due = Subquery(
        Pause.objects.filter(request=OuterRef("pk"), ended_on=None, reply_due__isnull=False)
        .order_by("reply_due")
        .values("reply_due")[:1]
    )
    open_fee_due = Subquery(
        FeeNotice.objects.filter(request=OuterRef("pk"), paid_on=None, waived=False)
        .order_by("pay_by")
        .values("pay_by")[:1]
    )
    return queryset.annotate(
        next_deadline=Case(
            When(status__in=[Status.RECEIVED, Status.IN_PROGRESS], then=F("due_date")),
            When(status=Status.CORRECTION, then=F("correction__due_on")),
            When(status__in=[Status.THIRD_PARTY, Status.AGENCY_CONSULT], then=open_pause_due),
            When(status=Status.FEE_PENDING, then=open_fee_due),
            default=Value(None),
            output_field=DateField(),
        ),
        urgency_group=Case(
            When(status__in=[Status.RECEIVED, Status.IN_PROGRESS], then=Value(_RUNNING)),
            When(status=Status.SUBMITTED, then=Value(_AWAITING_REGISTRATION)),
            default=Value(_PAUSED),
            output_field=IntegerField(),
        ),
    ).order_by("urgency_group", F("next_deadline").asc(nulls_last=True), "submitted_at", "pk")


def inbox_queryset(user: User, tab: str = TAB_AGENCY) -> QuerySet[InboxRequest]:
    # RequestQuerySet.open(), on the scoped queryset (typed as a plain QuerySet)
    queryset = request_queryset_for(user).filter(status__in=OPEN_STATUSES)
    if tab == TAB_MINE:
        queryset = queryset.filter(handler=user)
    return with_next_deadline(queryset).select_related("agency", "handler")


def inbox_rows(user: User, tab: str = TAB_AGENCY, today: dt.date | None = None) -> list[InboxRow]:
    day = today or timezone.localdate()
    rows = []
    for info_request in inbox_queryset(user, tab)[:INBOX_LIMIT]:
        deadline = info_request.next_deadline
        left = deadlines.workdays_left(deadline, day) if deadline else None
        overdue = deadline is not None and deadline < day
        if info_request.status == Status.SUBMITTED:
            # Art 31: the receipt date staff are expected to confirm, not a legal deadline.
            deadline = deadlines.online_receipt_date(timezone.localdate(info_request.submitted_at))
            left, overdue = None, False
        rows.append(
            InboxRow(
                info_request=info_request,
                deadline=deadline,
                deadline_kind=str(DEADLINE_KINDS.get(info_request.status, "")),
                days_left=left,
                overdue=overdue,
                paused=info_request.is_paused,
            )
        )
    return rows


def repeated_subjects_for(user: User) -> list:
    """Art 44: subjects asked for by several applicants."""
    agency_ids = list(access.agencies_for(user).values_list("pk", flat=True))
    return list(releases.repeated_subjects(agency_ids=agency_ids, min_applicants=2))
