"""Drafting conferences and their records: only drafts are edited, only by drafters of the
host agency; a record takes its conference's agency and its transcript is sanitised here, on
every save (``briefings.transcripts``)."""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import User

from briefings.models import Conference, ConferenceRecord
from briefings.transcripts import sanitize_transcript
from publishing import drafts

P = TypeVar("P", Conference, ConferenceRecord)


check_drafter = drafts.check_drafter


def check_conference(conference: Conference) -> None:
    """Normalise a conference's own texts."""
    conference.title = " ".join((conference.title or "").split())
    conference.place = " ".join((conference.place or "").split())
    conference.announcement = (conference.announcement or "").strip()


def prepare_record(record: ConferenceRecord) -> None:
    """A record belongs to its conference's agency; its transcript is kept sanitised."""
    record.take_agency()
    record.transcript = sanitize_transcript(record.transcript)


def draft_save(*, obj: P, user: User) -> P:
    """Create or update a draft conference or record."""
    if isinstance(obj, ConferenceRecord):
        prepare_record(obj)
    else:
        check_conference(obj)
    return drafts.save_draft(obj, user=user)
