"""Retention: the name, contacts and files of a citizen who wrote a message are removed
``MESSAGE_RETENTION_YEARS`` after the last reply (个人信息保护法 Art 19, 47), and the original
text loses any identity, phone, card number or e-mail address the screening finds and the
citizen's own name. What stays: the kind, agency, dates, status, rating and the published
(already masked) question and reply, so that the statistics and the public lists do not change.

Each message is done once (``pseudonymised_at``), under a row lock; the sweep is idempotent.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from disclosure.screening import find_personal_data, mask
from interaction.models import Message, MessageStatus
from requests_app.retention import PSEUDONYM, REMOVED, cutoff

logger = logging.getLogger(__name__)


def _scrub(text: str, name: str) -> str:
    for match in sorted(find_personal_data(text), key=lambda m: -m.start):
        text = text[: match.start] + mask(match.kind, match.text) + text[match.end :]
    return text.replace(name, PSEUDONYM) if len(name) >= 2 else text


def expired(today: dt.date) -> QuerySet[Message]:
    last_day = cutoff(today, settings.MESSAGE_RETENTION_YEARS)
    return Message.objects.filter(
        Q(status__in=[MessageStatus.REPLIED, MessageStatus.CLOSED]),
        pseudonymised_at=None,
        replied_on__lte=last_day,
    )


def pseudonymise(message: Message) -> bool:
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if locked.pseudonymised_at is not None:
            return False
        name = locked.name
        locked.subject = _scrub(locked.subject, name)[:100]
        locked.text = _scrub(locked.text, name)
        locked.name = PSEUDONYM
        locked.mobile = REMOVED
        locked.email = None
        locked.pseudonymised_at = timezone.now()
        locked.save()
        for attached in locked.files.all():
            attached.file.delete(save=False)
            attached.delete()
        locked.events.update(note="")
    return True


def pseudonymise_expired(today: dt.date | None = None) -> int:
    done = 0
    for message in expired(today or timezone.localdate()).only("pk").iterator():
        done += pseudonymise(message)
    if done:
        logger.info("retention: %d messages pseudonymised", done)
    return done
