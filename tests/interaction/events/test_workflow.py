"""Interviews, transcripts, meetings and minutes go through the shared review-and-publish
workflow: nothing is public before it is published, and what follows the event only after it."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from interaction import events
from interaction.models.events import Interview, InterviewPhase
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.interaction.events.conftest import (
    make_interview,
    make_meeting,
    make_minutes,
    make_record,
    publish,
    published,
)

pytestmark = pytest.mark.django_db


def test_an_interview_is_public_only_once_published(client, agency_a, editors_a):
    interview = make_interview(agency_a, editors_a["drafter"], title="关于低保标准的在线访谈")
    url = interview.get_absolute_url()
    assert client.get(url).status_code == 404
    workflow.submit(obj=interview, user=editors_a["drafter"])
    assert client.get(url).status_code == 404
    workflow.approve(obj=interview, user=editors_a["reviewer"], review_result=ReviewResult.CLEAR)
    assert client.get(url).status_code == 404
    assert "关于低保标准的在线访谈" not in client.get("/interaction/interviews/").content.decode()
    workflow.publish(obj=interview, user=editors_a["publisher"])
    assert client.get(url).status_code == 200
    assert "关于低保标准的在线访谈" in client.get("/interaction/interviews/").content.decode()
    actions = list(interview.events.values_list("action", flat=True))
    assert actions == ["create", "submit", "approve", "publish"]


def test_an_interview_needs_a_guest_before_review(agency_a, drafter_a):
    interview = make_interview(agency_a, drafter_a, guests=False)
    with pytest.raises(ValidationError, match="at least one guest"):
        workflow.submit(obj=interview, user=drafter_a)


def test_the_drafter_of_an_interview_cannot_approve_it(agency_a, drafter_a, reviewer_a):
    from portal.models import StaffRole

    StaffRole.objects.create(user=drafter_a, agency=agency_a, role=StaffRole.Role.REVIEWER)
    interview = make_interview(agency_a, drafter_a)
    workflow.submit(obj=interview, user=drafter_a)
    with pytest.raises(PermissionDenied):
        workflow.approve(obj=interview, user=drafter_a, review_result=ReviewResult.CLEAR)


def test_personal_data_in_an_announcement_stops_approval(agency_a, drafter_a, reviewer_a):
    interview = make_interview(
        agency_a, drafter_a, summary="如有疑问请联系经办人张三，手机13857841234。"
    )
    workflow.submit(obj=interview, user=drafter_a)
    with pytest.raises(ValidationError):
        workflow.approve(obj=interview, user=reviewer_a, review_result=ReviewResult.CLEAR)
    interview.refresh_from_db()
    assert interview.status == Status.IN_REVIEW


def test_another_agencys_staff_cannot_draft_for_agency_a(agency_a, staff_b):
    with pytest.raises(ValidationError):
        make_interview(agency_a, staff_b)


def test_a_published_interview_cannot_be_edited_as_a_draft(agency_a, editors_a):
    interview = publish(make_interview(agency_a, editors_a["drafter"]), **editors_a)
    interview.title = "改过的标题"
    with pytest.raises(ValidationError, match="Only a draft"):
        events.draft_save(obj=interview, user=editors_a["drafter"])


def test_phase_follows_the_scheduled_time(agency_a, drafter_a):
    start = timezone.now() + dt.timedelta(hours=1)
    interview = make_interview(agency_a, drafter_a, start=start)
    assert interview.phase() == InterviewPhase.UPCOMING
    assert interview.phase(start + dt.timedelta(minutes=5)) == InterviewPhase.LIVE
    assert interview.phase(interview.ends_at) == InterviewPhase.ENDED


def test_the_transcript_is_submitted_only_after_the_interview(agency_a, editors_a):
    interview = publish(make_interview(agency_a, editors_a["drafter"]), **editors_a)
    record = make_record(interview, editors_a["drafter"])
    with pytest.raises(ValidationError, match="after the interview"):
        workflow.submit(obj=record, user=editors_a["drafter"])


def test_the_transcript_is_public_only_once_published(client, agency_a, editors_a):
    past = timezone.now() - dt.timedelta(days=2)
    interview = published(make_interview(agency_a, editors_a["drafter"], start=past))
    record = make_record(interview, editors_a["drafter"], transcript="【王建华】这是访谈实录正文。")
    assert record.agency_id == agency_a.pk
    url = interview.get_absolute_url()
    assert "这是访谈实录正文" not in client.get(url).content.decode()
    workflow.submit(obj=record, user=editors_a["drafter"])
    workflow.approve(obj=record, user=editors_a["reviewer"], review_result=ReviewResult.CLEAR)
    assert "这是访谈实录正文" not in client.get(url).content.decode()
    workflow.publish(obj=record, user=editors_a["publisher"])
    assert "这是访谈实录正文" in client.get(url).content.decode()


def test_a_transcript_waits_for_its_announcement(agency_a, editors_a):
    past = timezone.now() - dt.timedelta(days=2)
    interview = make_interview(agency_a, editors_a["drafter"], start=past)
    record = make_record(interview, editors_a["drafter"])
    workflow.submit(obj=record, user=editors_a["drafter"])
    workflow.approve(obj=record, user=editors_a["reviewer"], review_result=ReviewResult.CLEAR)
    with pytest.raises(ValidationError, match="announcement first"):
        workflow.publish(obj=record, user=editors_a["publisher"])


def test_a_withdrawn_interview_keeps_only_a_notice(client, agency_a, editors_a):
    interview = publish(make_interview(agency_a, editors_a["drafter"]), **editors_a)
    workflow.withdraw(obj=interview, user=editors_a["publisher"], reason="时间调整")
    response = client.get(interview.get_absolute_url())
    assert response.status_code == 200
    assert "时间调整" in response.content.decode()
    assert "王建华" not in response.content.decode()
    assert interview.title not in client.get("/interaction/interviews/").content.decode()


def test_a_meeting_is_announced_before_applications_close(agency_a, editors_a):
    now = timezone.now()
    meeting = make_meeting(
        agency_a,
        editors_a["drafter"],
        opens=now - dt.timedelta(days=3),
        closes=now - dt.timedelta(hours=1),
    )
    workflow.submit(obj=meeting, user=editors_a["drafter"])
    workflow.approve(obj=meeting, user=editors_a["reviewer"], review_result=ReviewResult.CLEAR)
    with pytest.raises(ValidationError, match="application period has already ended"):
        workflow.publish(obj=meeting, user=editors_a["publisher"])


def test_minutes_are_published_after_the_meeting(client, agency_a, editors_a):
    now = timezone.now()
    meeting = published(
        make_meeting(
            agency_a,
            editors_a["drafter"],
            start=now - dt.timedelta(days=2),
            opens=now - dt.timedelta(days=9),
            closes=now - dt.timedelta(days=3),
        )
    )
    minutes = make_minutes(meeting, editors_a["drafter"], text="会议决定：实施方案通过。")
    assert "会议决定" not in client.get(meeting.get_absolute_url()).content.decode()
    publish(minutes, **editors_a)
    assert "会议决定：实施方案通过。" in client.get(meeting.get_absolute_url()).content.decode()


def test_minutes_cannot_be_submitted_before_the_meeting(agency_a, editors_a, published_meeting):
    minutes = make_minutes(published_meeting, editors_a["drafter"])
    with pytest.raises(ValidationError, match="after the meeting"):
        workflow.submit(obj=minutes, user=editors_a["drafter"])


def test_interviews_list_upcoming_first_then_past(client, agency_a, drafter_a):
    now = timezone.now()
    past = published(
        make_interview(agency_a, drafter_a, title="往期访谈", start=now - dt.timedelta(days=5))
    )
    later = published(
        make_interview(agency_a, drafter_a, title="后期预告", start=now + dt.timedelta(days=9))
    )
    soon = published(
        make_interview(agency_a, drafter_a, title="近期预告", start=now + dt.timedelta(days=1))
    )
    page = client.get("/interaction/interviews/").content.decode()
    assert page.index(soon.title) < page.index(later.title) < page.index(past.title)
    assert Interview.objects.count() == 3
