"""Timeliness (Art 26): proactive information is published within 20 working days of being
formed or changed — or within the limit another law or regulation sets (另有规定), which a
catalog item records as a number of working days.

The first duty, from the date formed, is stored on each document (``publish_due``) when it is
saved; each later change of a published document (amended, corrected, repealed, another change
of validity) starts a duty of its own (``PublicationDuty``). Both dates follow the calendar
(``recompute_publication_dues``, registered with ``portal.workdays``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.models import DisclosureAttribute, Document, DocumentQuerySet, PublicationDuty
from portal import access, emails, workdays
from portal.models import Agency, StaffRole
from portal.workdays import CalendarChange, WorkDate
from publishing.models import Status
from publishing.workflow import record_event

UNPUBLISHED = [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED]
APPROACHING_WORKDAYS = 5


def publication_limit(document: Document) -> int:
    """Art 26: 20 working days, unless the document's catalog item records another statutory
    limit (法律、法规另有规定的，从其规定)."""
    item = document.catalog_item if document.catalog_item_id else None
    if item is not None and item.time_limit_workdays:
        return item.time_limit_workdays
    return settings.DISCLOSURE_PUBLISH_WITHIN_WORKDAYS


def publication_due(document: Document) -> WorkDate | None:
    """The last day to publish the document as formed; none for a historical document (it
    was published long ago, elsewhere: Art 26 has nothing to count for it here)."""
    if not document.date_formed or document.is_historical:
        return None
    return workdays.add_workdays(document.date_formed, publication_limit(document))


def duty_start(
    *,
    document: Document,
    change: str,
    changed_on: dt.date,
    user: User | None,
    published_on: dt.date | None = None,
    note: str = "",
) -> PublicationDuty:
    """Record a change of ``document`` that must be published within the Art 26 limit of the
    day it happened; ``published_on`` when recording it publishes it (a validity change shows
    on the public page at once)."""
    limit = publication_limit(document)
    due = workdays.add_workdays(changed_on, limit)
    return PublicationDuty.objects.create(
        document=document,
        change=change,
        changed_on=changed_on,
        workdays=limit,
        due_on=due,
        due_provisional=due.provisional,
        published_on=published_on,
        note=note[:300],
        recorded_by=user if user is not None and user.is_authenticated else None,
    )


@transaction.atomic
def document_record_change(
    *,
    document: Document,
    user: User,
    change: str,
    changed_on: dt.date,
    note: str = "",
) -> PublicationDuty:
    """Art 26: the information of a published document changed (it is being amended or
    corrected, say) and the change is not published yet: a new 20-working-day duty starts,
    shown on the timeliness dashboard until the change is published (``duty_fulfil``)."""
    access.require_role(user, document.agency_id, StaffRole.Role.PUBLISHER)
    if change not in PublicationDuty.Change.values:
        raise ValidationError({"change": _("Choose what changed.")})
    if document.status != Status.PUBLISHED:
        raise ValidationError(
            _("Only a published document has changes to publish; a draft is simply edited.")
        )
    check_changed_on(changed_on)
    duty = duty_start(document=document, change=change, changed_on=changed_on, user=user, note=note)
    record_event(
        document=document,
        user=user,
        action="change_recorded",
        note=_("%(change)s on %(date)s; to be published by %(due)s (Art 26).")
        % {"change": duty.get_change_display(), "date": changed_on.isoformat(),
           "due": duty.due_on.isoformat()},
    )  # fmt: skip
    return duty


def check_changed_on(changed_on: dt.date) -> None:
    if changed_on > timezone.localdate():
        raise ValidationError({"changed_on": _("The day of the change cannot be in the future.")})


def duty_fulfil(*, document: Document, published_on: dt.date) -> int:
    """The document's open change duties are met: the change is public from ``published_on``."""
    return PublicationDuty.objects.filter(document=document, published_on=None).update(
        published_on=published_on
    )


def open_duties(queryset: QuerySet[Document]) -> QuerySet[PublicationDuty]:
    """Changes of the given documents not yet published, the most urgent first."""
    return (
        PublicationDuty.objects.filter(document__in=queryset, published_on=None)
        .select_related("document__agency")
        .order_by("due_on", "pk")
    )


def late_published_duties(
    queryset: QuerySet[Document], *, since: dt.date
) -> QuerySet[PublicationDuty]:
    """Changes published after their due date, since ``since``."""
    return (
        PublicationDuty.objects.filter(
            document__in=queryset, published_on__gte=since, published_on__gt=F("due_on")
        )
        .select_related("document__agency")
        .order_by("-published_on", "pk")
    )


def recompute_publication_dues(change: CalendarChange) -> int:
    """Stored dates follow the calendar (domain-spec §8): unpublished documents' due dates and
    open change duties whose count the changed days can move."""
    changed = 0
    documents = (
        Document.objects.filter(status__in=UNPUBLISHED, date_formed__lte=change.last)
        .filter(Q(publish_due__gte=change.first) | Q(publish_due_provisional=True))
        .select_related("catalog_item")
        .select_for_update(of=("self",))
    )
    for document in documents:
        due = publication_due(document)
        if due is None or (document.publish_due, document.publish_due_provisional) == (
            due, due.provisional,
        ):  # fmt: skip
            continue
        Document.objects.filter(pk=document.pk).update(
            publish_due=due, publish_due_provisional=due.provisional
        )
        changed += 1
    duties = (
        PublicationDuty.objects.filter(published_on=None, changed_on__lte=change.last)
        .filter(Q(due_on__gte=change.first) | Q(due_provisional=True))
        .select_for_update()
    )
    for duty in duties:
        due = workdays.add_workdays(duty.changed_on, duty.workdays)
        if (duty.due_on, duty.due_provisional) != (due, due.provisional):
            duty.due_on, duty.due_provisional = due, due.provisional
            duty.save(update_fields=["due_on", "due_provisional"])
            changed += 1
    return changed


def late_documents(queryset: DocumentQuerySet, today: dt.date | None = None) -> DocumentQuerySet:
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
    for agency in Agency.objects.filter(pk__in=by_agency):
        recipients = list(
            get_user_model()
            .objects.filter(
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
