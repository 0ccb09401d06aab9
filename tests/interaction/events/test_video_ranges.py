"""An interview's video is served with range requests, so that the player can seek."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.files.base import ContentFile
from django.utils import timezone

from interaction.models import InterviewMedia
from tests.interaction.events.conftest import make_interview, make_record, published

pytestmark = pytest.mark.django_db


def test_the_video_answers_a_range_with_206(client, agency_a, drafter_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    start = timezone.now() - dt.timedelta(days=1)
    interview = published(make_interview(agency_a, drafter_a, start=start))
    record = published(make_record(interview, drafter_a))
    video = InterviewMedia(record=record, kind="video", original_name="访谈.mp4",
                           content_type="video/mp4", size=1000)  # fmt: skip
    video.file.save("v.mp4", ContentFile(bytes(range(250)) * 4), save=True)
    whole = client.get(video.get_absolute_url())
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    part = client.get(video.get_absolute_url(), HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == "bytes 100-199/1000"
    assert b"".join(part.streaming_content) == bytes(range(100, 200))
    beyond = client.get(video.get_absolute_url(), HTTP_RANGE="bytes=5000-")
    assert beyond.status_code == 416


def _video_of(record) -> InterviewMedia:
    video = InterviewMedia(record=record, kind="video", original_name="访谈.mp4",
                           content_type="video/mp4", size=1000)  # fmt: skip
    video.file.save("v.mp4", ContentFile(bytes(range(250)) * 4), save=True)
    return video


def test_the_preview_of_a_draft_video_seeks_too(client, agency_a, drafter_a, settings, tmp_path):
    """The back office's copy of a file in any status answers ranges like the public one (the
    shared ``publishing.admin_events.staff_media_response``)."""
    from django.urls import reverse

    settings.MEDIA_ROOT = tmp_path
    start = timezone.now() - dt.timedelta(days=1)
    interview = published(make_interview(agency_a, drafter_a, start=start))
    video = _video_of(make_record(interview, drafter_a))  # the record is still a draft
    assert client.get(video.get_absolute_url()).status_code == 404
    client.force_login(drafter_a)
    staff_url = reverse("admin:interaction_interviewrecord_media", args=[video.pk])
    part = client.get(staff_url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert b"".join(part.streaming_content) == bytes(range(100, 200))
    preview = reverse("admin:interaction_interviewrecord_preview", args=[video.record.pk])
    assert f'<source src="{staff_url}" type="video/mp4">' in client.get(preview).content.decode()


def test_the_interview_page_offers_a_download_where_the_video_does_not_play(
    client, agency_a, drafter_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    start = timezone.now() - dt.timedelta(days=1)
    interview = published(make_interview(agency_a, drafter_a, start=start))
    video = _video_of(published(make_record(interview, drafter_a)))
    page = client.get(interview.get_absolute_url()).content.decode()
    assert f'<source src="{video.get_absolute_url()}" type="video/mp4">' in page
    assert 'aria-describedby="transcript-title"' in page  # the transcript is its full text
    assert f'<a href="{video.get_absolute_url()}">' in page
