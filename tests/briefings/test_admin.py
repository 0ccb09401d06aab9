"""The back office: announcing a conference with its speakers, the transcript sanitised on
saving, uploads checked by their content (a wrong file refused in Chinese), one video and one
captions file, the preview, and agency scoping."""

from __future__ import annotations

import re

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from briefings.demo import png
from briefings.models import Conference, ConferenceMedia
from tests.briefings.conftest import make_conference, make_record, past, published
from tests.factories import StaffClient

pytestmark = pytest.mark.django_db


def _signed_in(user) -> StaffClient:
    browser = StaffClient()
    browser.force_login(user)
    return browser


def _inline(prefix: str, total: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000",
    }  # fmt: skip


def _errors(response) -> list[str]:
    return re.findall(r"errorlist[^<]*<li>([^<]*)", response.content.decode())


def test_a_drafter_announces_a_conference_with_its_speakers(agency_a, drafter_a):
    browser = _signed_in(drafter_a)
    start = timezone.localtime() + timezone.timedelta(days=3)
    data = {
        "agency": agency_a.pk, "kind": "briefing", "title": "低保标准调整政策吹风会",
        "starts_at_0": start.strftime("%Y-%m-%d"), "starts_at_1": "10:00",
        "place": "市行政中心新闻发布厅", "announcement": "市民政局介绍低保标准调整方案。",
        **_inline("speakers", 1), "speakers-0-name": "陈国强", "speakers-0-post": "市民政局局长",
        "speakers-0-order": "0", **_inline("events"),
    }  # fmt: skip
    response = _signed_in(drafter_a).post(reverse("admin:briefings_conference_add"), data)
    assert response.status_code == 302, _errors(response)
    conference = Conference.objects.get()
    assert (conference.drafter, conference.agency) == (drafter_a, agency_a)
    assert list(conference.speakers.values_list("post", "name")) == [("市民政局局长", "陈国强")]
    preview = browser.get(reverse("admin:briefings_conference_preview", args=[conference.pk]))
    assert preview.status_code == 200 and "陈国强" in preview.content.decode()


def test_a_drafter_cannot_announce_for_another_agency(agency_b, drafter_a):
    data = {
        "agency": agency_b.pk, "kind": "press", "title": "别处的发布会",
        "starts_at_0": "2026-12-20", "starts_at_1": "10:00", "place": "某地",
        "announcement": "某事。", **_inline("speakers"), **_inline("events"),
    }  # fmt: skip
    response = _signed_in(drafter_a).post(reverse("admin:briefings_conference_add"), data)
    assert response.status_code == 200
    assert not Conference.objects.exists()


def _record_form(record, upload=None, kind="image", alt="发布会现场") -> dict:
    media = {}
    if upload is not None:
        media = {
            **_inline("media", 1), "media-0-kind": kind, "media-0-file": upload,
            "media-0-title": "", "media-0-alt_text": alt, "media-0-order": "0",
        }  # fmt: skip
    return {
        "conference": record.conference_id, "transcript": record.transcript,
        **(media or _inline("media")), **_inline("events"),
    }  # fmt: skip


def test_the_transcript_is_sanitised_when_saved(agency_a, drafter_a):
    conference = published(make_conference(agency_a, drafter_a, start=past()))
    record = make_record(conference, drafter_a)
    record.transcript = (
        '<h2 onclick="x()">答记者问</h2><script>alert(1)</script>'
        '<p style="color:red">回答<img src="https://evil.example/p.gif">。</p>'
        '<a href="javascript:alert(1)">链接</a><iframe src="https://evil.example"></iframe>'
    )
    url = reverse("admin:briefings_conferencerecord_change", args=[record.pk])
    response = _signed_in(drafter_a).post(url, _record_form(record))
    assert response.status_code == 302, _errors(response)
    record.refresh_from_db()
    assert (
        record.transcript == '<h2>答记者问</h2><p>回答。</p><a rel="noopener noreferrer">链接</a>'
    )


def test_a_file_that_is_not_a_picture_is_refused_in_chinese(agency_a, drafter_a):
    conference = published(make_conference(agency_a, drafter_a, start=past()))
    record = make_record(conference, drafter_a)
    url = reverse("admin:briefings_conferencerecord_change", args=[record.pk])
    fake = SimpleUploadedFile("photo.png", b"<script>alert(1)</script>" * 10)
    response = _signed_in(drafter_a).post(
        url, _record_form(record, fake), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    assert not ConferenceMedia.objects.exists()
    assert "“photo.png”不是可接受的图片文件" in response.content.decode()


def test_a_picture_is_checked_and_stored_with_its_type(agency_a, drafter_a):
    conference = published(make_conference(agency_a, drafter_a, start=past()))
    record = make_record(conference, drafter_a)
    browser = _signed_in(drafter_a)
    url = reverse("admin:briefings_conferencerecord_change", args=[record.pk])
    no_alt = _record_form(record, SimpleUploadedFile("现场.png", png()), alt="")
    assert browser.post(url, no_alt).status_code == 200  # a picture needs its description
    response = browser.post(url, _record_form(record, SimpleUploadedFile("现场.png", png())))
    assert response.status_code == 302, _errors(response)
    item = ConferenceMedia.objects.get()
    assert (item.content_type, item.original_name) == ("image/png", "现场.png")
    preview = browser.get(reverse("admin:briefings_conferencerecord_preview", args=[record.pk]))
    page = preview.content.decode()
    staff_url = reverse("admin:briefings_media_staff", args=[item.pk])
    assert f'<img src="{staff_url}" alt="发布会现场"' in page
    assert browser.get(staff_url)["Content-Type"] == "image/png"


def test_captions_must_be_webvtt(agency_a, drafter_a):
    conference = published(make_conference(agency_a, drafter_a, start=past()))
    record = make_record(conference, drafter_a)
    url = reverse("admin:briefings_conferencerecord_change", args=[record.pk])
    srt = SimpleUploadedFile("c.srt", "1\n00:00:00,000 --> 00:00:04,000\n你好\n".encode())
    response = _signed_in(drafter_a).post(url, _record_form(record, srt, kind="captions", alt=""))
    assert response.status_code == 200 and not ConferenceMedia.objects.exists()
    vtt = SimpleUploadedFile("c.vtt", "WEBVTT\n\n00:00.000 --> 00:04.000\n你好\n".encode())
    response = _signed_in(drafter_a).post(url, _record_form(record, vtt, kind="captions", alt=""))
    assert response.status_code == 302, _errors(response)
    assert ConferenceMedia.objects.get().content_type == "text/vtt"


def test_staff_of_another_agency_cannot_reach_a_conference(agency_a, drafter_a, staff_b):
    conference = make_conference(agency_a, drafter_a)
    record = make_record(published(make_conference(agency_a, drafter_a, start=past())), drafter_a)
    browser = _signed_in(staff_b)
    for url in (
        reverse("admin:briefings_conference_change", args=[conference.pk]),
        reverse("admin:briefings_conference_preview", args=[conference.pk]),
        reverse("admin:briefings_conference_workflow", args=[conference.pk, "submit"]),
        reverse("admin:briefings_conferencerecord_preview", args=[record.pk]),
    ):
        assert browser.get(url).status_code in (302, 404), url
    listing = browser.get(reverse("admin:briefings_conference_changelist")).content.decode()
    assert conference.title not in listing
