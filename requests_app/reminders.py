"""Deadline reminders, escalation of overdue requests, and the expiry of the applicant's periods.

Run each morning by Celery beat (``requests_app.tasks``); each sweep does nothing on a
non-working day (调休 makes some Saturdays working days, so beat runs daily and the calendar
decides). Safe to run twice: a ``ReminderSent`` row, unique per request, kind and due date, is
inserted in the same transaction that sends the e-mail; a second run finds the row and sends
nothing, and a failed send rolls the row back so the next run tries again.

Staff e-mails carry the tracking number and the subject of the request, never the applicant's
name, identity number or contacts: e-mail is not a secure channel.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, Exists, F, OuterRef, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy

from portal import emails, workdays
from portal.models import StaffRole
from requests_app import deadlines, handling
from requests_app.models import FeeNotice, InformationRequest, ReminderSent, Status

logger = logging.getLogger(__name__)
Role = StaffRole.Role

ESCALATION_KIND = "escalation"


def reminder_kind(workdays_before: int) -> str:
    return f"reminder-{workdays_before}"


class ReminderDeliveryError(OSError):
    """Some e-mails could not be sent; their rows were rolled back, so a retry sends them."""


@dataclass(frozen=True)
class StaffNotice:
    """What a staff e-mail may say about a request: nothing about the applicant."""

    tracking_number: str
    subject: str
    agency_name: str
    status: str
    due_date: dt.date
    due_provisional: bool
    admin_path: str


# What the sweeps load: never the applicant's (encrypted) personal data, which they do not need
# and which would cost a decryption per field and row.
NOTICE_FIELDS = [
    "tracking_number", "status", "due_date", "due_provisional", "document_title",
    "document_number", "agency_id", "handler_id", "agency__name", "handler__email",
    "handler__is_active",
]  # fmt: skip
NO_SUBJECT = gettext_lazy("no document title given; see the back office")


def staff_notice(info_request: InformationRequest) -> StaffNotice:
    # The applicant's free-text description may name people: only the title or number of the
    # document asked for goes into an e-mail.
    subject = info_request.document_title or info_request.document_number or str(NO_SUBJECT)
    return StaffNotice(
        tracking_number=info_request.tracking_number,
        subject=subject,
        agency_name=info_request.agency.name,
        status=info_request.get_status_display(),
        due_date=info_request.due_date,
        due_provisional=info_request.due_provisional,
        admin_path=info_request.get_admin_url(),
    )


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _staff_emails(agency_ids: set[int], role: str) -> dict[int, list[str]]:
    """The e-mail addresses of the active users holding ``role``, per agency: one query."""
    found: dict[int, list[str]] = defaultdict(list)
    rows = (
        StaffRole.objects.filter(agency_id__in=agency_ids, role=role, user__is_active=True)
        .exclude(user__email="")
        .values_list("agency_id", "user__email")
        .order_by("agency_id", "user__email")
        .distinct()
    )
    for agency_id, email in rows:
        found[agency_id].append(email)
    return found


def _send_once(
    info_request: InformationRequest, kind: str, due_date: dt.date, send: Callable[[], None]
) -> bool:
    """Record the reminder, then send it, in one transaction. False when already recorded."""
    try:
        with transaction.atomic():
            # Inserted before sending: a concurrent run blocks on the unique row, then skips.
            ReminderSent.objects.create(request=info_request, kind=kind, due_date=due_date)
            send()
    except IntegrityError:
        return False
    return True


Delivery = tuple[InformationRequest, str, dt.date, Callable[[], None]]


def _deliver(items: list[Delivery]) -> int:
    """Send each (request, kind, due date, send) once; failures are retried by the next run."""
    sent = 0
    failed = 0
    for info_request, kind, due_date, send in items:
        try:
            sent += _send_once(info_request, kind, due_date, send)
        except OSError:
            failed += 1
            logger.exception("could not send %s for request %s", kind, info_request.pk)
    if failed:
        raise ReminderDeliveryError(f"{failed} e-mail(s) not sent; {sent} sent")
    return sent


# --- Reminders before the answer is due ----------------------------------------------------


def reminder_targets(today: dt.date) -> dict[dt.date, int]:
    """The due dates that are 5, 3 and 1 working days away, each with its distance."""
    return {workdays.add_workdays(today, n): n for n in deadlines.REMINDER_WORKDAYS}


def due_for_reminder(today: dt.date) -> QuerySet[InformationRequest]:
    """Running requests whose answer is due 5, 3 or 1 working days from ``today`` and that
    were not reminded yet: one query over the indexed stored due date (stored due dates are
    always working days, so equality with the targets is enough)."""
    targets = reminder_targets(today)
    kind = Case(
        *[When(due_date=day, then=Value(reminder_kind(n))) for day, n in targets.items()],
        output_field=CharField(),
    )
    already = ReminderSent.objects.filter(
        request=OuterRef("pk"), due_date=OuterRef("due_date"), kind=OuterRef("reminder_kind")
    )
    return (
        InformationRequest.objects.running()
        .filter(due_date__in=list(targets))
        .annotate(reminder_kind=kind)
        .exclude(Exists(already))
        .select_related("agency", "handler")
        .only(*NOTICE_FIELDS)
        .order_by("due_date", "pk")
    )


def send_reminder(*, info_request: InformationRequest, workdays_left: int, to: list[str]) -> None:
    emails.send(
        "request-reminder",
        to=to,
        context={"notice": staff_notice(info_request), "workdays_left": workdays_left},
    )


def send_deadline_reminders(today: dt.date | None = None) -> int:
    """Remind handlers 5, 3 and 1 working days before an answer is due; returns e-mails sent.

    To the request's handler, or without one, to the agency's handlers.
    """
    day = _today(today)
    if not workdays.is_workday(day):
        return 0
    targets = reminder_targets(day)
    requests = list(due_for_reminder(day))
    unassigned = {r.agency_id for r in requests if not _handler_email(r)}
    handlers = _staff_emails(unassigned, Role.HANDLER)
    items = []
    for info_request in requests:
        own = _handler_email(info_request)
        to = [own] if own else handlers[info_request.agency_id]
        if not to:
            logger.warning("request %s: nobody to remind (no handler e-mail)", info_request.pk)
            continue
        n = targets[info_request.due_date]
        send = partial(send_reminder, info_request=info_request, workdays_left=n, to=to)
        items.append((info_request, reminder_kind(n), info_request.due_date, send))
    return _deliver(items)


def _handler_email(info_request: InformationRequest) -> str:
    handler = info_request.handler
    if handler is None or not handler.is_active:
        return ""
    return handler.email


# --- Escalation of overdue requests to the office head ---------------------------------------


def overdue_not_escalated(today: dt.date) -> QuerySet[InformationRequest]:
    already = ReminderSent.objects.filter(
        request=OuterRef("pk"), due_date=OuterRef("due_date"), kind=ESCALATION_KIND
    )
    return (
        InformationRequest.objects.overdue(today)
        .exclude(Exists(already))
        .select_related("agency", "handler")
        .only(*NOTICE_FIELDS)
        .order_by("due_date", "pk")
    )


def send_escalation(
    *, info_request: InformationRequest, workdays_overdue: int, to: list[str]
) -> None:
    emails.send(
        "request-escalation",
        to=to,
        context={"notice": staff_notice(info_request), "workdays_overdue": workdays_overdue},
    )


def escalate_overdue(today: dt.date | None = None) -> int:
    """Tell the agency's office heads about each request past its answer due date, once per
    due date (an extension gives a new due date, and a new escalation if that passes too)."""
    day = _today(today)
    if not workdays.is_workday(day):
        return 0
    requests = list(overdue_not_escalated(day))
    heads = _staff_emails({r.agency_id for r in requests}, Role.OFFICE_HEAD)
    items = []
    for info_request in requests:
        to = heads[info_request.agency_id]
        if not to:
            logger.warning(
                "request %s overdue: the agency has no office head e-mail", info_request.pk
            )
            continue
        late = int(workdays.workdays_between(info_request.due_date, day))
        send = partial(send_escalation, info_request=info_request, workdays_overdue=late, to=to)
        items.append((info_request, ESCALATION_KIND, info_request.due_date, send))
    return _deliver(items)


# --- Expired correction and fee periods ------------------------------------------------------

PROVISIONAL_EXPIRY_KIND = "provisional-expiry"


def expired_corrections(today: dt.date) -> QuerySet[InformationRequest]:
    """Requests whose correction period ran out on a date resting on official calendar data
    (domain-spec §8: no automatic closure on a provisional date)."""
    return InformationRequest.objects.filter(
        status=Status.CORRECTION, correction__due_on__lt=today, correction__due_provisional=False
    ).order_by("pk")


def expired_fees(today: dt.date) -> QuerySet[InformationRequest]:
    unpaid = FeeNotice.objects.filter(
        request=OuterRef("pk"), paid_on=None, waived=False, pay_by__lt=today,
        pay_by_provisional=False,
    )  # fmt: skip
    return InformationRequest.objects.filter(status=Status.FEE_PENDING).filter(Exists(unpaid))


@dataclass(frozen=True)
class ProvisionalExpiry:
    """A period that ran out on a provisional date: staff decide, the sweep does not."""

    info_request: InformationRequest
    what: str  # "correction" or "fee"
    due_on: dt.date


def provisional_expiries(today: dt.date) -> list[ProvisionalExpiry]:
    corrections = InformationRequest.objects.filter(
        status=Status.CORRECTION, correction__due_on__lt=today, correction__due_provisional=True
    ).annotate(period_end=F("correction__due_on"))
    unpaid = FeeNotice.objects.filter(
        request=OuterRef("pk"), paid_on=None, waived=False, pay_by__lt=today,
        pay_by_provisional=True,
    )  # fmt: skip
    fees = (
        InformationRequest.objects.filter(status=Status.FEE_PENDING)
        .filter(Exists(unpaid))
        .annotate(period_end=Subquery(unpaid.values("pay_by")[:1]))
    )
    found = []
    for what, queryset in (("correction", corrections), ("fee", fees)):
        for info_request in queryset.select_related("agency", "handler").only(
            *NOTICE_FIELDS
        ).order_by("pk"):  # fmt: skip
            found.append(ProvisionalExpiry(info_request, what, info_request.period_end))
    return found


def send_provisional_expiry(*, expiry: ProvisionalExpiry, to: list[str]) -> None:
    emails.send(
        "request-provisional-expiry",
        to=to,
        context={
            "notice": staff_notice(expiry.info_request),
            "what": expiry.what,
            "period_end": expiry.due_on,
        },
    )


def tell_staff_of_provisional_expiries(day: dt.date) -> int:
    """Tell the handler (or the agency's handlers) once per period that it ran out on a
    provisional date, so that they enter the year's arrangement or decide themselves."""
    expiries = provisional_expiries(day)
    unassigned = {e.info_request.agency_id for e in expiries if not _handler_email(e.info_request)}
    handlers = _staff_emails(unassigned, Role.HANDLER)
    items = []
    for expiry in expiries:
        own = _handler_email(expiry.info_request)
        to = [own] if own else handlers[expiry.info_request.agency_id]
        if not to:
            logger.warning(
                "request %s: nobody to tell of a provisional expiry", expiry.info_request.pk
            )
            continue
        # Once per period end: a recomputed end that passes provisionally again is told again.
        send = partial(send_provisional_expiry, expiry=expiry, to=to)
        kind = f"{PROVISIONAL_EXPIRY_KIND}-{expiry.what}"
        items.append((expiry.info_request, kind, expiry.due_on, send))
    return _deliver(items)


def close_expired_periods(today: dt.date | None = None) -> int:
    """Close as abandoned the requests not corrected (Art 30) or whose fee was not paid (fee
    rules) in time; the services tell the applicant. Returns the number closed.

    A period that ended on a provisional date is never closed here: the handler is told
    instead (domain-spec §8), and the services themselves refuse to close on such a date.
    """
    day = _today(today)
    if not workdays.is_workday(day):
        return 0
    closed = 0
    moves = [
        (expired_corrections(day), handling.request_abandon),
        (expired_fees(day), handling.request_fee_expired),
    ]
    for queryset, service in moves:
        for info_request in queryset:
            try:
                service(info_request=info_request, user=handling.SYSTEM, today=day)
            except (ValidationError, PermissionDenied) as error:
                # Staff acted in the meantime (received the correction, recorded a payment).
                logger.info("request %s left open: %s", info_request.pk, error)
                continue
            closed += 1
    tell_staff_of_provisional_expiries(day)
    return closed
