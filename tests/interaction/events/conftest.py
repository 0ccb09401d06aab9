"""Records and helpers for the interview and meeting tests (agency A: 丽水市人民政府)."""

from __future__ import annotations

import datetime as dt

import pytest

from django.utils import timezone

from interaction import events
from interaction.models.events import (
    Interview,
    InterviewGuest,
    InterviewRecord,
    Meeting,
    MeetingMinutes,
)
from portal.models import StaffRole
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.factories import staff

Role = StaffRole.Role

APPLICANT_NAME = "张小明"
APPLICANT_ID = "332501199001011234"
APPLICANT_MOBILE = "13912345678"
APPLICANT_EMAIL = "zhang.xiaoming@example.com"
APPLICANT_REASON = "我家住在会议讨论的小区附近"


def hours(n: float) -> dt.timedelta:
    return dt.timedelta(hours=n)


def make_interview(agency, drafter, *, start=None, guests=True, **fields) -> Interview:
    start = start or timezone.now() + dt.timedelta(days=3)
    values = {
        "agency": agency,
        "title": "政务公开工作在线访谈",
        "summary": "介绍全市政务公开工作。",
        "starts_at": start,
        "ends_at": start + hours(1),
        **fields,
    }
    interview = events.draft_save(obj=Interview(**values), user=drafter)
    if guests:
        InterviewGuest.objects.create(interview=interview, name="王建华", post="市政府办公室副主任")
    return interview


def make_meeting(agency, drafter, *, start=None, opens=None, closes=None, **fields) -> Meeting:
    now = timezone.now()
    start = start or now + dt.timedelta(days=10)
    values = {
        "agency": agency,
        "title": "市政府常务会议（公众列席）",
        "place": "行政中心第一会议室",
        "agenda": "一、审议民生实事项目实施方案。",
        "seats": 2,
        "starts_at": start,
        "ends_at": start + hours(2),
        "applications_open_at": opens or now - hours(1),
        "applications_close_at": closes or start - dt.timedelta(days=1),
        **fields,
    }
    return events.draft_save(obj=Meeting(**values), user=drafter)


def publish(obj, *, drafter, reviewer, publisher):
    workflow.submit(obj=obj, user=drafter)
    workflow.approve(obj=obj, user=reviewer, review_result=ReviewResult.CLEAR)
    return workflow.publish(obj=obj, user=publisher)


def published(model_obj, **fields):
    """Mark a record as published without the workflow steps (for page tests)."""
    for name, value in {
        "status": Status.PUBLISHED,
        "published_at": timezone.now(),
        **fields,
    }.items():
        setattr(model_obj, name, value)
    model_obj.save()
    return model_obj


def make_record(interview, drafter, transcript="【主持人】各位网友好。") -> InterviewRecord:
    return events.draft_save(
        obj=InterviewRecord(interview=interview, transcript=transcript), user=drafter
    )


def make_minutes(meeting, drafter, text="会议审议通过了实施方案。") -> MeetingMinutes:
    return events.draft_save(obj=MeetingMinutes(meeting=meeting, text=text), user=drafter)


def apply(meeting, **fields):
    values = {
        "meeting": meeting,
        "name": APPLICANT_NAME,
        "mobile": APPLICANT_MOBILE,
        "id_type": "resident_id",
        "id_number": APPLICANT_ID,
        "email": APPLICANT_EMAIL,
        "reason": APPLICANT_REASON,
        **fields,
    }
    return events.application_submit(**values)


@pytest.fixture
def editors_a(drafter_a, reviewer_a, publisher_a):
    return {"drafter": drafter_a, "reviewer": reviewer_a, "publisher": publisher_a}


@pytest.fixture
def published_meeting(agency_a, drafter_a):
    return published(make_meeting(agency_a, drafter_a))


@pytest.fixture
def officer_a(agency_a):
    """Decides on applications (sees applicants' data)."""
    return staff("officer_a", agency_a, Role.HANDLER)
