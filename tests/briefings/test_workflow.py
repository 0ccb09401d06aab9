"""The workflow of announcements and records: the announcement may be published before the
conference, needs a speaker, and is screened (not the speakers: officials named in office); the
record is submitted only after the conference, needs captions with a video and is published
only once its announcement is."""

from __future__ import annotations

import pytest

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from briefings.models import ConferenceMedia
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.briefings.conftest import make_conference, make_record, past, publish, published

pytestmark = pytest.mark.django_db


def test_an_announcement_is_published_before_the_conference(
    agency_a, drafter_a, reviewer_a, publisher_a
):
    conference = make_conference(agency_a, drafter_a)
    publish(conference, drafter=drafter_a, reviewer=reviewer_a, publisher=publisher_a)
    conference.refresh_from_db()
    assert conference.status == Status.PUBLISHED and conference.phase() == "upcoming"


def test_an_announcement_needs_a_speaker(agency_a, drafter_a):
    conference = make_conference(agency_a, drafter_a, speakers=False)
    with pytest.raises(ValidationError, match="speaker"):
        workflow.submit(obj=conference, user=drafter_a)


def test_speakers_are_not_screened_but_the_announcement_is(agency_a, drafter_a, reviewer_a):
    clean = make_conference(agency_a, drafter_a, title="无个人信息的发布会")
    workflow.submit(obj=clean, user=drafter_a)
    workflow.approve(obj=clean, user=reviewer_a, review_result=ReviewResult.CLEAR)
    leaky = make_conference(
        agency_a,
        drafter_a,
        announcement="报名请联系张三，手机13912345678，身份证332501199001011234。",
    )
    workflow.submit(obj=leaky, user=drafter_a)
    with pytest.raises(ValidationError):
        workflow.approve(obj=leaky, user=reviewer_a, review_result=ReviewResult.CLEAR)


def test_a_transcript_waits_for_the_conference(agency_a, drafter_a):
    record = make_record(published(make_conference(agency_a, drafter_a)), drafter_a)
    with pytest.raises(ValidationError, match="after the conference"):
        workflow.submit(obj=record, user=drafter_a)


def test_a_video_needs_its_captions(agency_a, drafter_a):
    record = make_record(published(make_conference(agency_a, drafter_a, start=past())), drafter_a)
    ConferenceMedia.objects.create(
        record=record, kind="video", file=SimpleUploadedFile("v.mp4", b"x"),
        original_name="v.mp4", content_type="video/mp4", size=1,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="captions"):
        workflow.submit(obj=record, user=drafter_a)


def test_a_transcript_is_published_only_after_its_announcement(
    agency_a, drafter_a, reviewer_a, publisher_a
):
    conference = make_conference(agency_a, drafter_a, start=past())
    record = make_record(conference, drafter_a)
    workflow.submit(obj=record, user=drafter_a)
    workflow.approve(obj=record, user=reviewer_a, review_result=ReviewResult.CLEAR)
    with pytest.raises(ValidationError, match="announcement first"):
        workflow.publish(obj=record, user=publisher_a)
    publish(conference, drafter=drafter_a, reviewer=reviewer_a, publisher=publisher_a)
    workflow.publish(obj=record, user=publisher_a)
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
