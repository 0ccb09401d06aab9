"""Who sees which interview and meeting records in the back office. The admin fetches through
here, so another agency's drafts and applications are unreachable (404)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from interaction.events import APPLICATION_HANDLERS
from interaction.models.events import (
    Interview,
    InterviewMedia,
    InterviewRecord,
    Meeting,
    MeetingApplication,
    MeetingAttachment,
    MeetingMinutes,
)
from portal import access

AnyUser = User | AnonymousUser


def interview_queryset_for(user: AnyUser) -> QuerySet[Interview]:
    return access.scope_queryset(Interview.objects.all(), user)


def record_queryset_for(user: AnyUser) -> QuerySet[InterviewRecord]:
    return access.scope_queryset(InterviewRecord.objects.all(), user)


def media_queryset_for(user: AnyUser) -> QuerySet[InterviewMedia]:
    return access.scope_queryset(InterviewMedia.objects.all(), user, agency_field="record__agency")


def meeting_queryset_for(user: AnyUser) -> QuerySet[Meeting]:
    return access.scope_queryset(Meeting.objects.all(), user)


def minutes_queryset_for(user: AnyUser) -> QuerySet[MeetingMinutes]:
    return access.scope_queryset(MeetingMinutes.objects.all(), user)


def attachment_queryset_for(user: AnyUser) -> QuerySet[MeetingAttachment]:
    return access.scope_queryset(
        MeetingAttachment.objects.all(), user, agency_field="minutes__agency"
    )


def application_queryset_for(user: AnyUser) -> QuerySet[MeetingApplication]:
    """Applications with their personal data: only for the roles that handle the public's
    data in the meeting's agency (superusers too need such a role: running the portal is not
    handling applicants' data)."""
    ids = access.agency_ids_for(user, APPLICATION_HANDLERS)
    return MeetingApplication.objects.filter(meeting__agency_id__in=ids)
