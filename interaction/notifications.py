"""E-mails to the citizen who wrote a message: the receipt with the tracking number and the
query code, and the notice that a reply is there. Each is sent once, however often its task
runs: a ``MessageNotice`` row, written in the transaction of the send, marks it sent."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from interaction.models import Message, MessageNotice
from portal import emails, queue
from requests_app import privacy

logger = logging.getLogger(__name__)

RECEIPT = "receipt"
REPLY = "reply"


def send_receipt(message_id: int, query_code: str) -> None:
    # Sealed: the query code is a credential, and the broker keeps task arguments in clear.
    queue.enqueue("interaction.tasks.send_receipt", message_id, privacy.seal(query_code))


def reply_published(message_id: int) -> None:
    transaction.on_commit(lambda: queue.enqueue("interaction.tasks.notify_reply", message_id))


def tracking_url() -> str:
    return f"{settings.SITE_URL}{reverse('interaction:track')}" if settings.SITE_URL else ""


def _mark_once(message: Message, kind: str) -> bool:
    """Record the notice for the message's current date; False when it was already sent."""
    day = message.replied_on or message.received_on
    try:
        with transaction.atomic():
            MessageNotice.objects.create(
                message=message, kind=kind, due_on=day, sent_at=timezone.now()
            )
    except IntegrityError:
        return False
    return True


def deliver_receipt(message_id: int, sealed_code: str) -> bool:
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(of=("self",))
            .select_related("agency", "kind")
            .get(pk=message_id)
        )
        if not message.email or not _mark_once(message, RECEIPT):
            return False
        try:
            query_code = privacy.unseal(sealed_code)
        except privacy.Unsealable:
            logger.warning("receipt for message %s not sent: the code is unreadable", message_id)
            return False
        emails.send(
            "message-receipt",
            to=[message.email],
            context={"message": message, "query_code": query_code, "tracking_url": tracking_url()},
        )
    return True


def deliver_reply_notice(message_id: int) -> bool:
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(of=("self",))
            .select_related("agency", "kind")
            .get(pk=message_id)
        )
        if not message.email or message.replied_on is None or not _mark_once(message, REPLY):
            return False
        emails.send(
            "message-replied",
            to=[message.email],
            context={"message": message, "tracking_url": tracking_url()},
        )
    return True
