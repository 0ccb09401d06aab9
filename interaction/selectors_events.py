"""Public read queries of interviews and meetings: published records only (a withdrawn one
keeps its page with a notice), and never an applicant's personal data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from disclosure.models import Document
from interaction import events
from interaction.models.events import (
    Decision,
    DeclineReason,
    Interview,
    InterviewMedia,
    InterviewRecord,
    MediaKind,
    Meeting,
    MeetingApplication,
    MeetingAttachment,
    MeetingMinutes,
)
from interaction.selectors import published_messages
from portal import sites
from publishing.models import Status


def published_documents_prefetch() -> Prefetch:
    return Prefetch(
        "documents",
        queryset=Document.objects.published().select_related("agency").order_by("-date_published"),
        to_attr="published_documents",
    )


def published_interviews() -> QuerySet[Interview]:
    return (
        Interview.objects.published()
        .select_related("agency")
        .prefetch_related("guests", published_documents_prefetch())
    )


def public_interviews() -> QuerySet[Interview]:
    return Interview.objects.public().select_related("agency")


def interviews_upcoming_then_past(
    now: dt.datetime | None = None, *, site: sites.CurrentSite | None = None
) -> list[Interview]:
    """Upcoming and live interviews first (soonest first), then past ones (latest first); with
    ``site``, only its agencies' (portal.sites)."""
    moment = now or timezone.now()
    interviews = sites.scope(published_interviews(), site)
    coming = interviews.filter(ends_at__gt=moment).order_by("starts_at", "id")
    past = interviews.filter(ends_at__lte=moment).order_by("-starts_at", "-id")
    return [*coming, *past]


def published_record(interview: Interview) -> InterviewRecord | None:
    return (
        InterviewRecord.objects.published()
        .filter(interview=interview)
        .prefetch_related("media")
        .order_by("-published_at", "-id")
        .first()
    )


def published_media() -> QuerySet[InterviewMedia]:
    return InterviewMedia.objects.filter(
        record__status=Status.PUBLISHED, record__interview__status=Status.PUBLISHED
    ).select_related("record__interview__agency")


def interview_page(interview: Interview, *, preview: bool = False) -> dict[str, Any]:
    """The context of an interview's page (public, or the back office's preview)."""
    record = published_record(interview)
    media = list(record.media.all()) if record else []
    return {
        "interview": interview,
        "guests": list(interview.guests.all()),
        "documents": list(
            Document.objects.published().filter(interviews=interview).select_related("agency")
        ),
        "phase": interview.phase(),
        "record": record,
        "pictures": [item for item in media if item.kind == MediaKind.IMAGE],
        "video": next((item for item in media if item.kind == MediaKind.VIDEO), None),
        # 网民提问: the questions collected through the message box, published with their
        # answers (the masked question, never the citizen).
        "netizen_questions": list(published_messages().filter(interview=interview)),
    }


def published_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.published().select_related("agency")


def public_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.public().select_related("agency")


def meetings_upcoming_then_past(
    now: dt.datetime | None = None, *, site: sites.CurrentSite | None = None
) -> list[Meeting]:
    """As ``interviews_upcoming_then_past``, for meetings."""
    moment = now or timezone.now()
    meetings = sites.scope(published_meetings(), site)
    coming = meetings.filter(ends_at__gt=moment).order_by("starts_at", "id")
    past = meetings.filter(ends_at__lte=moment).order_by("-starts_at", "-id")
    return [*coming, *past]


def published_minutes(meeting: Meeting) -> MeetingMinutes | None:
    return (
        MeetingMinutes.objects.published()
        .filter(meeting=meeting)
        .prefetch_related("attachments")
        .order_by("-published_at", "-id")
        .first()
    )


def published_attachments() -> QuerySet[MeetingAttachment]:
    return MeetingAttachment.objects.filter(
        minutes__status=Status.PUBLISHED, minutes__meeting__status=Status.PUBLISHED
    ).select_related("minutes__meeting__agency")


def decision_record(meeting: Meeting) -> list[dict[str, Any]]:
    """The public record of attendance decisions: number, date, decision and the published
    reason for declining. Only these columns are read, never a name or a number."""
    rows = (
        MeetingApplication.objects.filter(meeting=meeting)
        .exclude(decision=Decision.PENDING)
        .order_by("number")
        .values("number", "submitted_at", "decision", "decline_reason", "decided_at")
    )
    return [
        {
            **row,
            "decision_label": Decision(row["decision"]).label,
            "reason_label": DeclineReason(row["decline_reason"]).label
            if row["decline_reason"]
            else "",
        }
        for row in rows
    ]


def meeting_page(meeting: Meeting) -> dict[str, Any]:
    minutes = published_minutes(meeting)
    return {
        "meeting": meeting,
        "counts": events.application_counts(meeting),
        "seats_left": events.seats_left(meeting),
        "phase": meeting.application_phase(),
        "decisions": decision_record(meeting),
        "minutes": minutes,
        "attachments": list(minutes.attachments.all()) if minutes else [],
    }
