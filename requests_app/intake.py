"""Taking requests in: online applications, registration (Art 31), requests entered by staff
(Art 29), tracking numbers and access codes."""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access
from portal.models import StaffRole
from requests_app import deadlines, notifications, privacy
from requests_app.clock import refresh_due_date
from requests_app.models import (
    ApplicantType,
    Channel,
    InformationRequest,
    RequestFile,
    Status,
    TrackingSequence,
)
from requests_app.timeline import record_event
from requests_app.uploads import CheckedUpload

# Without 0/O, 1/I/L: an access code is read off a screen or an e-mail and typed back.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
ACCESS_CODE_LENGTH = 12


def new_access_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(ACCESS_CODE_LENGTH))


def normalize_access_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").upper()


def format_access_code(code: str) -> str:
    """``ABCD-EFGH-JKMN`` for reading."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def hash_access_code(code: str) -> str:
    """A keyed hash of the code, with the id of the key that made it (``<key id>:<hex>``).

    The code is 12 random characters (about 59 bits), so unlike a password it needs no slow
    hash: without the server's key a database copy reveals nothing, and online guessing is
    rate limited (see tracking). Hashes from before key ids are bare hex."""
    key = settings.HASH_KEY
    return f"{privacy.key_id(key)}:{privacy.keyed_hash(normalize_access_code(code), key=key)}"


def access_code_key(info_request: InformationRequest, code: str) -> str | None:
    """The hash key under which ``code`` is the request's code (HASH_KEY or a fallback), or
    None when the code is wrong."""
    return code_hash_key(info_request.access_code_hash, code)


def code_hash_key(stored_hash: str, code: str) -> str | None:
    """The hash key under which ``code`` hashes to ``stored_hash`` (from ``hash_access_code``;
    also the query codes of messages), or None when the code is wrong."""
    normalised = normalize_access_code(code)
    if not normalised:
        return None
    stored_id, _, digest = stored_hash.rpartition(":")
    for key in privacy.hash_keys():
        if stored_id and stored_id != privacy.key_id(key):
            continue
        if hmac.compare_digest(privacy.keyed_hash(normalised, key=key), digest):
            return key
    return None


def access_code_matches(info_request: InformationRequest, code: str) -> bool:
    return access_code_key(info_request, code) is not None


def next_tracking_number(year: int) -> str:
    try:
        with transaction.atomic():
            TrackingSequence.objects.get_or_create(year=year)
    except IntegrityError:
        pass  # created concurrently; the locked read below waits for it
    sequence = TrackingSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{year}-{sequence.last:06d}"


def subject_key(description: str, document_title: str, document_number: str) -> str:
    """A rough normal form of what is asked for, to spot repeated subjects (Art 44)."""
    basis = document_number or document_title or description
    text = unicodedata.normalize("NFKC", basis)
    text = re.sub(r"[\s\W_]+", "", text)
    return text[:200]


@dataclass(frozen=True)
class Submission:
    request: InformationRequest
    access_code: str  # shown once and e-mailed; only its hash is stored


def applicant_identity(info_request: InformationRequest) -> str:
    """What identifies the applicant across requests (hashed into ``applicant_key``)."""
    identity = (
        info_request.id_number
        if info_request.applicant_type == ApplicantType.PERSON
        else info_request.credit_code
    )
    # Without an identity number, the name and phone stand for the applicant.
    return identity or f"{info_request.name}|{info_request.phone}"


def applicant_keys(info_request: InformationRequest) -> list[str]:
    """Every ``applicant_key`` the same applicant's requests may carry: under HASH_KEY and its
    fallbacks (requests made before a rotation that ``rekey_hashes`` has not reached yet)."""
    keys = privacy.keyed_hashes(applicant_identity(info_request))
    return list(dict.fromkeys([info_request.applicant_key, *keys]))


def _fill_keys(info_request: InformationRequest) -> None:
    info_request.applicant_key = privacy.keyed_hash(applicant_identity(info_request))
    info_request.email_key = privacy.keyed_hash(info_request.email or "")
    info_request.subject_key = subject_key(
        info_request.description, info_request.document_title, info_request.document_number
    )


def _check_takes_applications(info_request: InformationRequest) -> None:
    """Art 27: only administrative agencies and bodies authorised to manage public affairs
    take requests for government information."""
    agency = info_request.agency
    if not agency.takes_applications:
        message = _("%(name)s takes no requests for government information (Art 27).") % {
            "name": agency.name
        }
        if agency.applications_elsewhere:
            message = f"{message} {agency.applications_elsewhere}"
        raise ValidationError({"agency": message})


@transaction.atomic
def request_submit_online(
    *, info_request: InformationRequest, files: Sequence[CheckedUpload] = ()
) -> Submission:
    """Save an online application (already validated by the form) with its files.

    The request waits for registration; the e-mail with the access code goes out after commit.
    """
    _check_takes_applications(info_request)
    code = new_access_code()
    info_request.channel = Channel.ONLINE
    info_request.status = Status.SUBMITTED
    info_request.submitted_at = timezone.now()
    info_request.tracking_number = next_tracking_number(
        timezone.localdate(info_request.submitted_at).year
    )
    info_request.access_code_hash = hash_access_code(code)
    _fill_keys(info_request)
    info_request.save()
    for upload in files:
        RequestFile.objects.create(
            request=info_request,
            file=upload.file,
            original_name=upload.name[:255],
            content_type=upload.content_type,
            size=upload.size,
        )
    record_event(
        info_request=info_request,
        user=None,
        actor_label="申请人",
        action="submit",
        to_status=Status.SUBMITTED,
        public_note=_("Your request was submitted online."),
        visible=True,
    )
    transaction.on_commit(lambda: notifications.send_submission_receipt(info_request.pk, code))
    return Submission(request=info_request, access_code=code)


def proposed_receipt_date(info_request: InformationRequest) -> dt.date:
    """Art 31: for online requests, the day submitted, or the next working day."""
    return deadlines.online_receipt_date(timezone.localdate(info_request.submitted_at))


def _require_handler(user: User, info_request: InformationRequest) -> None:
    access.require_role(user, info_request.agency_id, StaffRole.Role.HANDLER)


@transaction.atomic
def request_register(
    *, info_request: InformationRequest, user: User, received_on: dt.date
) -> InformationRequest:
    """Register an online request: its receipt date starts the clock (Art 31)."""
    _require_handler(user, info_request)
    locked = InformationRequest.objects.select_for_update().get(pk=info_request.pk)
    if locked.status != Status.SUBMITTED:
        raise ValidationError(_("This request is already registered."))
    if received_on < timezone.localdate(locked.submitted_at):
        raise ValidationError(_("The receipt date cannot be before the request was submitted."))
    if received_on > timezone.localdate():
        raise ValidationError(_("The receipt date cannot be in the future."))
    locked.received_on = received_on
    locked.status = Status.RECEIVED
    locked.handler = locked.handler or user
    refresh_due_date(locked)
    assert locked.due_date is not None  # received: the answer clock runs
    locked.save()
    record_event(
        info_request=locked,
        user=user,
        action="register",
        from_status=Status.SUBMITTED,
        to_status=Status.RECEIVED,
        public_note=_("Your request was received on %(date)s. The answer is due by %(due)s.")
        % {"date": received_on.isoformat(), "due": locked.due_date.isoformat()},
        visible=True,
    )
    notifications.status_changed_later(locked.pk)
    return locked


@transaction.atomic
def request_enter_offline(
    *,
    info_request: InformationRequest,
    user: User,
    channel: str,
    received_on: dt.date,
    note: str = "",
) -> Submission:
    """A request received on paper, by post, fax, e-mail or orally (Art 29), entered by staff.

    For an oral request, staff write it down; the note records how it was received.
    """
    _require_handler(user, info_request)
    if channel == Channel.ONLINE:
        raise ValidationError(_("Online requests come in through the public form."))
    _check_takes_applications(info_request)
    if received_on > timezone.localdate():
        raise ValidationError(_("The receipt date cannot be in the future."))
    code = new_access_code()
    info_request.channel = channel
    info_request.submitted_at = timezone.now()
    info_request.tracking_number = next_tracking_number(received_on.year)
    info_request.access_code_hash = hash_access_code(code)
    info_request.received_on = received_on
    info_request.status = Status.RECEIVED
    info_request.handler = info_request.handler or user
    _fill_keys(info_request)
    refresh_due_date(info_request)
    info_request.save()
    record_event(
        info_request=info_request,
        user=user,
        action="register",
        to_status=Status.RECEIVED,
        note=note,
        public_note=_("Your request was received on %(date)s (%(channel)s).")
        % {"date": received_on.isoformat(), "channel": Channel(channel).label},
        visible=True,
    )
    if info_request.email:
        transaction.on_commit(lambda: notifications.send_submission_receipt(info_request.pk, code))
    return Submission(request=info_request, access_code=code)
