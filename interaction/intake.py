"""Taking messages in: the tracking number (``HD2026-000123``), the query code, the receipt date
that starts the reply clock, and the files; and the citizen's lookup with number and code.

The query code works like a request's access code (``requests_app.intake``): 12 characters
shown once and e-mailed, only its keyed hash stored; lookups share the request lookups' limits
per client address (``requests_app.tracking``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interaction import clock, notifications
from interaction.models import (
    Message,
    MessageDesk,
    MessageEvent,
    MessageFile,
    MessageSequence,
)
from portal.models import Agency
from requests_app import intake as request_intake
from requests_app.uploads import CheckedUpload

SESSION_KEY = "interaction.tracking"
MAX_AUTHORISED = 20
_NUMBER = re.compile(r"HD-?(\d{4})-?(\d{6,})", re.IGNORECASE)


@dataclass(frozen=True)
class Submission:
    message: Message
    query_code: str  # shown once and e-mailed; only its hash is stored


def normalize_tracking_number(value: str) -> str | None:
    """``HD2026-000123`` from what people type (lower case, full-width, spaces), or None."""
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", value or ""))
    match = _NUMBER.fullmatch(text)
    return f"HD{match[1]}-{match[2]}" if match else None


def _next_tracking_number(year: int) -> str:
    try:
        with transaction.atomic():
            MessageSequence.objects.get_or_create(year=year)
    except IntegrityError:
        pass  # created concurrently; the locked read below waits for it
    sequence = MessageSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"HD{year}-{sequence.last:06d}"


def open_desks() -> list[MessageDesk]:
    """The agencies that take messages, in tree order."""
    return list(
        MessageDesk.objects.filter(is_open=True, agency__is_active=True)
        .select_related("agency")
        .order_by("agency__path")
    )


def feedback_agency(agency: Agency) -> Agency:
    """Where feedback on a document of ``agency`` goes: the agency itself when it takes
    messages, else the nearest agency above it that does (a government answers for its general
    office), else the agency itself."""
    lineage = [*Agency.objects.get_ancestors(agency), agency]
    open_desks = MessageDesk.objects.filter(agency__in=lineage, is_open=True)
    desks = set(open_desks.values_list("agency_id", flat=True))
    for candidate in reversed(lineage):
        if candidate.pk in desks:
            return candidate
    return agency


#: The timeline's words for each step of a message.
EVENT_LABELS = {
    "submit": gettext_lazy("Message received"),
    "route": gettext_lazy("Routed to the agency"),
    "assign": gettext_lazy("Assigned to offices"),
    "extend": gettext_lazy("Reply period extended"),
    "confirm_error": gettext_lazy("Reported error confirmed"),
    "reply": gettext_lazy("Replied"),
    "rate": gettext_lazy("Rated by the citizen"),
    "reopen": gettext_lazy("Reopened at the citizen's request"),
}


def record_event(
    message: Message,
    *,
    action: str,
    user: User | None = None,
    actor_label: str = "",
    note: str = "",
    public_note: str = "",
) -> MessageEvent:
    """Append one event; ``public_note`` (when given) is shown to the citizen."""
    return MessageEvent.objects.create(
        message=message,
        actor=user,
        actor_label=actor_label,
        action=action,
        note=note,
        public_note=public_note,
        visible=bool(public_note),
    )


@transaction.atomic
def message_submit(*, message: Message, files: Sequence[CheckedUpload] = ()) -> Submission:
    """Save a message from the public form (validated by the form) with its files; the reply
    clock starts on the day of receipt. The receipt e-mail goes out after commit."""
    desk = MessageDesk.objects.filter(agency_id=message.agency_id, is_open=True).first()
    # Feedback on a document goes to the agency that published it, desk or not.
    if desk is None and not message.kind.is_correction:
        raise ValidationError({"agency": _("This agency does not take messages online.")})
    if message.to_leader and (desk is None or not desk.leader_box):
        raise ValidationError({"agency": _("This agency has no leader's mailbox.")})
    if not message.kind.is_active:
        raise ValidationError({"kind": _("Choose the kind of your message.")})
    code = request_intake.new_access_code()
    message.submitted_at = timezone.now()
    message.first_agency_id = message.agency_id
    message.received_on = clock.receipt_date(timezone.localdate(message.submitted_at))
    message.due_on = clock.reply_due(
        received=message.received_on, period_workdays=message.kind.reply_workdays
    )
    message.tracking_number = _next_tracking_number(message.received_on.year)
    message.query_code_hash = request_intake.hash_access_code(code)
    message.full_clean(exclude=["tracking_number", "query_code_hash", "first_agency"])
    message.save()
    for upload in files:
        MessageFile.objects.create(
            message=message,
            file=upload.file,
            original_name=upload.name[:255],
            content_type=upload.content_type,
            size=upload.size,
        )
    record_event(
        message,
        action="submit",
        actor_label="留言人",
        public_note=_("Your message was received. The reply is due by %(due)s.")
        % {"due": message.due_on.isoformat()},
    )
    transaction.on_commit(lambda: notifications.send_receipt(message.pk, code))
    return Submission(message=message, query_code=code)


def find_message(*, tracking_number: str, query_code: str) -> Message | None:
    """The message if both the number and the code are right, else None (whichever was
    wrong)."""
    message = Message.objects.filter(tracking_number=tracking_number).first()
    if message is None:
        # Hash anyway, so that an unknown number takes as long to refuse as a wrong code.
        request_intake.hash_access_code(query_code)
        return None
    if request_intake.code_hash_key(message.query_code_hash, query_code) is None:
        return None
    current = request_intake.hash_access_code(query_code)
    if message.query_code_hash != current:
        # Hashed under an older HASH_KEY: re-hash under the current one.
        Message.objects.filter(pk=message.pk).update(query_code_hash=current)
        message.query_code_hash = current
    return message


def authorise(session: SessionBase, message: Message) -> None:
    """Let this browser session see the message, under a new session key (as at a login: a
    planted session cookie must not see what this browser may now see)."""
    session.cycle_key()
    ids = [pk for pk in session.get(SESSION_KEY, []) if pk != message.pk]
    session[SESSION_KEY] = [*ids, message.pk][-MAX_AUTHORISED:]


def forget_all(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)


def authorised_message(session: SessionBase, tracking_number: str) -> Message | None:
    if not session.get(SESSION_KEY):
        return None
    message = (
        Message.objects.select_related("agency", "kind", "document")
        .filter(tracking_number=tracking_number)
        .first()
    )
    if message is None or message.pk not in session.get(SESSION_KEY, []):
        return None
    return message
