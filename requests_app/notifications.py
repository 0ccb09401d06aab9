"""E-mails to applicants. One function per e-mail (template triplets under
``templates/emails/``); sending happens in Celery tasks after the transaction commits."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal import emails, queue
from requests_app import privacy
from requests_app.models import Channel, InformationRequest, RequestEvent

if TYPE_CHECKING:
    pass

logger = logging.getLogger(__name__)


def send_submission_receipt(request_id: int, access_code: str) -> None:
    """Queue the receipt with the tracking number and the access code (shown once on screen,
    so a lost e-mail loses nothing the applicant did not already see)."""
    # Sealed: the access code is a credential, and the broker keeps task arguments in clear.
    queue.enqueue("requests_app.tasks.send_receipt", request_id, privacy.seal(access_code))


def status_changed_later(request_id: int) -> None:
    """After commit, e-mail the applicant about visible timeline events not yet sent."""
    transaction.on_commit(lambda: queue.enqueue("requests_app.tasks.notify_applicant", request_id))


def tracking_url() -> str:
    """The tracking page's full address when SITE_URL is set (never with the access code)."""
    return f"{settings.SITE_URL}{reverse('requests_app:track')}" if settings.SITE_URL else ""


def deliver_receipt(request_id: int, sealed_code: str) -> bool:
    """Send the receipt once, however often the task runs: queued twice, or delivered again
    because a worker died before acknowledging it (tasks are acknowledged late).

    The request row is locked while sending, so two workers never both send it, and the mark
    is written in the transaction of the send. Only a crash between the mail server's "250"
    and the commit of the mark would send it again: SMTP has no way to tell.
    """
    with transaction.atomic():
        info_request = (
            InformationRequest.objects.select_for_update(of=("self",))
            .select_related("agency")
            .get(pk=request_id)
        )
        if not info_request.email or info_request.receipt_sent_at is not None:
            return False
        try:
            access_code = privacy.unseal(sealed_code)
        except privacy.Unsealable:
            # Another SECRET_KEY, or a message older than a week: the applicant saw the code
            # on screen; an e-mail with a wrong code would only mislead.
            logger.warning(
                "receipt for request %s not sent: the access code is unreadable", request_id
            )
            return False
        emails.send(
            "request-receipt",
            to=[info_request.email],
            context={
                "request": info_request,
                "access_code": access_code,
                "tracking_url": tracking_url(),
            },
        )
        now = timezone.now()
        InformationRequest.objects.filter(pk=request_id).update(receipt_sent_at=now)
        # The receipt tells what the first timeline event says (submitted online, or registered
        # by staff), so no status e-mail repeats it.
        first = "submit" if info_request.channel == Channel.ONLINE else "register"
        RequestEvent.objects.filter(request_id=request_id, action=first, notified_at=None).update(
            notified_at=now
        )
    return True


def deliver_status_updates(request_id: int) -> int:
    """Send one e-mail covering the visible events not yet notified; mark them sent.

    The events are locked while sending, so two workers never send the same update twice.
    """
    with transaction.atomic():
        events = list(
            RequestEvent.objects.select_for_update()
            .filter(request_id=request_id, visible_to_applicant=True, notified_at=None)
            .order_by("created_at", "id")
        )
        if not events:
            return 0
        info_request = InformationRequest.objects.select_related("agency").get(pk=request_id)
        if info_request.email:
            emails.send(
                "request-update",
                to=[info_request.email],
                context={"request": info_request, "events": events, "tracking_url": tracking_url()},
            )
        RequestEvent.objects.filter(pk__in=[e.pk for e in events]).update(
            notified_at=timezone.now()
        )
    return len(events)


# Status e-mails are queued when the event is recorded; one whose task was lost (broker down
# and the mail server down as well, retries used up) is sent by the sweep after this long.
PENDING_GRACE = dt.timedelta(minutes=15)


def send_pending_updates(*, older_than: dt.timedelta = PENDING_GRACE) -> int:
    """Send the status e-mails still owed: visible events not notified after ``older_than``.
    Safe beside the regular tasks: ``deliver_status_updates`` locks the events it sends."""
    cutoff = timezone.now() - older_than
    request_ids = (
        RequestEvent.objects.filter(
            visible_to_applicant=True, notified_at=None, created_at__lt=cutoff
        )
        .values_list("request_id", flat=True)
        .distinct()
        .order_by("request_id")
    )
    sent = 0
    for request_id in request_ids:
        try:
            sent += bool(deliver_status_updates(request_id))
        except OSError:
            # The mail server is still down: the next sweep tries again; the others go on.
            logger.warning("status e-mail for request %s not sent; retried later", request_id)
    return sent
