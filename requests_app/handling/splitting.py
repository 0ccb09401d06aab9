"""一事一申请 (国办函〔2020〕109号 Art 4): an application that asks for several matters may be
handled as one request per matter. Each piece gets its own tracking number linked to the
original, is received on the same day (Art 31) and runs its own clock; each counts as one
application for the fee by count and in the annual report. The applicant is told on the
original's timeline, and the same access code opens every piece.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from requests_app import intake, notifications
from requests_app.clock import refresh_due_date
from requests_app.handling.machine import _begin, _finish
from requests_app.models import InformationRequest, RequestKind
from requests_app.timeline import record_event

MAX_MATTERS = 20

# What a piece copies from the original: who applied, how, and how they want the answer.
COPIED_FIELDS = [
    "agency_id", "channel", "submitted_at", "received_on", "applicant_type",
    "organisation_type", "name", "id_type", "id_number", "credit_code", "legal_representative",
    "contact_person", "phone", "email", "address", "postcode", "applicant_key", "email_key",
    "access_code_hash", "receipt_sent_at", "purpose", "delivery_method", "delivery_form",
    "fee_waiver_requested", "fee_waiver_reason", "status", "handler_id", "kind",
]  # fmt: skip


@transaction.atomic
def request_split(
    *, info_request: InformationRequest, user: User, matters: list[str]
) -> list[InformationRequest]:
    """Split the request into one request per matter: the original keeps the first matter
    (its full text stays in the internal timeline), a new request is made for each other one.
    Returns the new requests."""
    locked, from_status = _begin(info_request, user, "split")
    matters = [matter.strip() for matter in matters if matter.strip()]
    if len(matters) < 2:
        raise ValidationError(_("Give at least two matters, one per line."))
    if len(matters) > MAX_MATTERS:
        raise ValidationError(_("At most %(n)d matters.") % {"n": MAX_MATTERS})
    if locked.kind != RequestKind.DISCLOSURE:
        raise ValidationError(_("Only a request for government information is split."))
    original_text = locked.description
    assert locked.received_on is not None  # registered: every status after SUBMITTED has one
    pieces = []
    for matter in matters[1:]:
        piece = InformationRequest(split_from=locked, description=matter)
        for field in COPIED_FIELDS:
            setattr(piece, field, getattr(locked, field))
        piece.tracking_number = intake.next_tracking_number(locked.received_on.year)
        piece.subject_key = intake.subject_key(matter, "", "")
        refresh_due_date(piece)
        piece.save()
        record_event(
            info_request=piece, user=user, action="split_from", to_status=piece.status,
            public_note=_("This request was split from request %(number)s (one request per "
                          "matter); it is handled and answered on its own.")
            % {"number": locked.tracking_number},
            visible=True,
        )  # fmt: skip
        pieces.append(piece)
    locked.description = matters[0]
    locked.subject_key = intake.subject_key(matters[0], locked.document_title,
                                            locked.document_number)  # fmt: skip
    numbers = "、".join(piece.tracking_number for piece in pieces)
    _finish(locked, from_status, user, "split",
        note=_("Original application: %(text)s") % {"text": original_text},
        public_note=_("Your application asks for several matters and is handled as one request "
                      "per matter (一事一申请). This request now covers: %(first)s. The other "
                      "matters are requests %(numbers)s; open them with the same access code.")
        % {"first": matters[0], "numbers": numbers},
    )  # fmt: skip
    for piece in pieces:
        notifications.status_changed_later(piece.pk)
    return pieces
