"""Timeliness (Art 26): proactive information is published within 20 working days of being
formed or changed. The due date is stored on each document (``publish_due``) when it is saved."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from disclosure.models import DisclosureAttribute, Document, Status
from portal import emails, workdays
from portal.models import Agency, StaffRole

UNPUBLISHED = [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED]
APPROACHING_WORKDAYS = 5


def late_documents(queryset: QuerySet[Document], today: dt.date | None = None) -> QuerySet:
    return queryset.late(today).select_related("agency").order_by("publish_due", "pk")


def approaching_documents(
    queryset: QuerySet[Document], today: dt.date | None = None
) -> QuerySet[Document]:
    """Unpublished documents due within the next few working days."""
    day = today or timezone.localdate()
    horizon = workdays.add_workdays(day, APPROACHING_WORKDAYS)
    return (
        queryset.filter(
            status__in=UNPUBLISHED,
            disclosure_attribute=DisclosureAttribute.PROACTIVE,
            publish_due__gte=day,
            publish_due__lte=horizon,
        )
        .select_related("agency")
        .order_by("publish_due", "pk")
    )


def send_late_digests(today: dt.date | None = None) -> int:
    """E-mail each agency's publishers the list of its late documents; returns mails sent."""
    day = today or timezone.localdate()
    late = late_documents(Document.objects.all(), day)
    by_agency: dict[int, list[Document]] = {}
    for document in late:
        by_agency.setdefault(document.agency_id, []).append(document)
    sent = 0
    User = get_user_model()
    for agency in Agency.objects.filter(pk__in=by_agency):
        recipients = list(
            User.objects.filter(
                is_active=True,
                staff_roles__agency=agency,
                staff_roles__role=StaffRole.Role.PUBLISHER,
            )
            .exclude(email="")
            .values_list("email", flat=True)
            .distinct()
        )
        if not recipients:
            continue
        send_late_digest(agency=agency, documents=by_agency[agency.pk], to=recipients, today=day)
        sent += 1
    return sent


def send_late_digest(
    *, agency: Agency, documents: list[Document], to: list[str], today: dt.date
) -> None:
    emails.send(
        "late-digest",
        to=to,
        context={
            "agency": agency,
            "documents": documents,
            "today": today,
        },
    )
