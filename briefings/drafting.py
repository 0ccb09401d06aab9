"""Drafting conferences and their records: only drafts are edited, only by drafters of the
host agency; a record takes its conference's agency and its transcript is sanitised here, on
every save (``briefings.transcripts``)."""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from briefings.models import Conference, ConferenceRecord
from briefings.transcripts import sanitize_transcript
from portal import access
from portal.models import StaffRole
from publishing.models import Status
from publishing.workflow import record_event

P = TypeVar("P", Conference, ConferenceRecord)


def check_drafter(obj: Conference | ConferenceRecord, *, user: User) -> None:
    if obj.agency_id and not access.can_act(user, obj.agency_id, StaffRole.Role.DRAFTER):
        raise ValidationError(
            {"agency": _("You can only draft for an agency where you are a drafter.")}
        )


def check_conference(conference: Conference) -> None:
    """Normalise a conference's own texts."""
    conference.title = " ".join((conference.title or "").split())
    conference.place = " ".join((conference.place or "").split())
    conference.announcement = (conference.announcement or "").strip()


def prepare_record(record: ConferenceRecord) -> None:
    """A record belongs to its conference's agency; its transcript is kept sanitised."""
    if record.conference_id:
        record.agency_id = record.conference.agency_id
    record.transcript = sanitize_transcript(record.transcript)


@transaction.atomic
def draft_save(*, obj: P, user: User) -> P:
    """Create or update a draft conference or record."""
    if isinstance(obj, ConferenceRecord):
        prepare_record(obj)
    else:
        check_conference(obj)
    if obj.pk:
        current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        if current.status != Status.DRAFT:
            raise ValidationError(
                _("Only a draft can be edited; this one is “%(status)s”.")
                % {"status": current.get_status_display()}
            )
    check_drafter(obj, user=user)
    creating = obj.pk is None
    if creating and obj.drafter_id is None:
        obj.drafter = user
    obj.save()
    if creating:
        record_event(document=obj, user=user, action="create", to_status=Status.DRAFT)
    return obj
