"""The 新闻发布会 column as the public sees it: only published conferences, announcements above
past conferences, the filters, the conference page (speakers, sanitised transcript with its
contents, pictures with their text, the video with captions, linked documents and
interpretations) and the media files of published records only."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from briefings.demo import png
from briefings.models import ConferenceMedia, Kind
from publishing import workflow
from tests.briefings.conftest import (
    document,
    interpretation,
    make_conference,
    make_record,
    past,
    publish,
    published,
)

pytestmark = pytest.mark.django_db

VTT = "WEBVTT\n\n00:00.000 --> 00:04.000\n各位记者朋友，大家上午好！\n".encode()
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def test_only_published_conferences_are_listed_and_shown(client, agency_a, drafter_a):
    draft = make_conference(agency_a, drafter_a, title="尚未发布的发布会")
    shown = published(make_conference(agency_a, drafter_a, title="已发布的发布会", start=past()))
    page = client.get(reverse("briefings:list")).content.decode()
    assert "已发布的发布会" in page and "尚未发布的发布会" not in page
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(shown.get_absolute_url()).status_code == 200


def test_an_announcement_is_public_before_the_conference(client, agency_a, drafter_a, reviewer_a,
                                                         publisher_a):  # fmt: skip
    conference = make_conference(agency_a, drafter_a, kind=Kind.POLICY_BRIEFING,
                                 title="低保标准调整政策吹风会")  # fmt: skip
    publish(conference, drafter=drafter_a, reviewer=reviewer_a, publisher=publisher_a)
    page = client.get(conference.get_absolute_url()).content.decode()
    assert "政策吹风会" in page and "预告" in page
    assert "发布会结束后在此公布文字实录" in page
    listing = client.get(reverse("briefings:list")).content.decode()
    assert "低保标准调整政策吹风会" in listing and "近期预告" in listing


def test_announcements_come_first_then_past_conferences_latest_first(client, agency_a, drafter_a):
    now = timezone.now()
    published(
        make_conference(
            agency_a, drafter_a, title="一年前的发布会", start=now - dt.timedelta(days=365)
        )
    )
    published(
        make_conference(agency_a, drafter_a, title="上周的发布会", start=now - dt.timedelta(days=7))
    )
    published(
        make_conference(
            agency_a, drafter_a, title="下月的发布会", start=now + dt.timedelta(days=30)
        )
    )
    published(
        make_conference(agency_a, drafter_a, title="明天的发布会", start=now + dt.timedelta(days=1))
    )
    page = client.get(reverse("briefings:list")).content.decode()
    order = [
        page.index(t) for t in ("明天的发布会", "下月的发布会", "上周的发布会", "一年前的发布会")
    ]
    assert order == sorted(order)
    assert "近期预告" in page


def test_the_list_filters_by_kind_agency_and_year(client, agency_a, agency_b, drafter_a, staff_b):
    published(make_conference(agency_a, drafter_a, title="丽水新闻发布会", start=past(10)))
    published(make_conference(agency_a, drafter_a, title="丽水政策吹风会",
                              kind=Kind.POLICY_BRIEFING, start=past(5)))  # fmt: skip
    published(make_conference(agency_b, staff_b, title="杭州新闻发布会", start=past(3)))
    published(make_conference(agency_a, drafter_a, title="旧年发布会",
                              start=timezone.now().replace(year=2020)))  # fmt: skip
    url = reverse("briefings:list")
    by_kind = client.get(url, {"kind": "briefing"}).content.decode()
    assert "丽水政策吹风会" in by_kind and "丽水新闻发布会" not in by_kind
    by_agency = client.get(url, {"agency": agency_b.code}).content.decode()
    assert "杭州新闻发布会" in by_agency and "丽水新闻发布会" not in by_agency
    by_year = client.get(url, {"year": "2020"}).content.decode()
    assert "旧年发布会" in by_year and "丽水新闻发布会" not in by_year
    nonsense = client.get(url, {"kind": "x", "year": "abc", "page": "zz"})
    assert nonsense.status_code == 200


def test_the_conference_page_shows_speakers_transcript_and_links(
    client, agency_a, drafter_a, reviewer_a, publisher_a
):
    plan = document(agency_a, "关于全面推进政务公开工作的实施方案")
    draft_document = document(agency_a, "未发布的文件", status="draft")
    explained = interpretation(agency_a, "实施方案图文解读")
    conference = published(make_conference(agency_a, drafter_a, start=past()))
    conference.documents.add(plan, draft_document)
    conference.interpretations.add(explained)
    record = make_record(conference, drafter_a)
    publish(record, drafter=drafter_a, reviewer=reviewer_a, publisher=publisher_a)
    page = client.get(conference.get_absolute_url()).content.decode()
    assert "市政府新闻发言人 <strong>周明</strong>" in page
    # The transcript's headings sit below the page's, with anchors listed as its contents.
    assert '<h3 id="transcript-1">发布内容</h3>' in page
    assert '<h4 id="transcript-3">政策解读怎样同步？</h4>' in page
    assert 'href="#transcript-2">答记者问</a>' in page
    assert "关于全面推进政务公开工作的实施方案" in page and "未发布的文件" not in page
    assert "实施方案图文解读" in page


def test_a_transcript_under_review_is_not_public(client, agency_a, drafter_a, reviewer_a):
    conference = published(make_conference(agency_a, drafter_a, start=past()))
    record = make_record(conference, drafter_a, "<p>尚在审核的实录</p>")
    workflow.submit(obj=record, user=drafter_a)
    page = client.get(conference.get_absolute_url()).content.decode()
    assert "尚在审核的实录" not in page
    assert "文字实录经审核后将在此公布" in page


def _media(record, kind, content, **fields):
    name = {"image": "a.png", "video": "v.mp4", "captions": "c.vtt"}[kind]
    return ConferenceMedia.objects.create(
        record=record, kind=kind, file=SimpleUploadedFile(name, content), original_name=name,
        content_type={"image": "image/png", "video": "video/mp4", "captions": "text/vtt"}[kind],
        size=len(content), **fields,
    )  # fmt: skip


def test_pictures_have_their_text_and_the_video_its_captions(client, agency_a, drafter_a):
    conference = published(make_conference(agency_a, drafter_a, start=past()))
    record = make_record(conference, drafter_a)
    picture = _media(record, "image", png(), alt_text="发布会现场，两位发布人就座")
    video = _media(record, "video", MP4)
    captions = _media(record, "captions", VTT)
    assert client.get(picture.get_absolute_url()).status_code == 404  # record not published
    published(record)
    page = client.get(conference.get_absolute_url()).content.decode()
    assert f'<img src="{picture.get_absolute_url()}" alt="发布会现场，两位发布人就座"' in page
    assert f'<source src="{video.get_absolute_url()}" type="video/mp4">' in page
    assert f'<track kind="captions" src="{captions.get_absolute_url()}" srclang="zh-Hans"' in page
    response = client.get(captions.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "text/vtt"
    assert client.get(picture.get_absolute_url())["Content-Type"] == "image/png"


def test_a_withdrawn_conference_shows_a_notice_only(client, agency_a, drafter_a, publisher_a):
    conference = published(make_conference(agency_a, drafter_a, start=past()))
    workflow.withdraw(obj=conference, user=publisher_a, reason="时间调整，另行通知")
    page = client.get(conference.get_absolute_url()).content.decode()
    assert "时间调整，另行通知" in page and "市政府新闻发言人" not in page
    assert conference.title not in client.get(reverse("briefings:list")).content.decode()


def test_the_list_page_reads_a_fixed_number_of_queries(
    client, agency_a, drafter_a, django_assert_max_num_queries
):
    for number in range(6):
        published(
            make_conference(agency_a, drafter_a, title=f"发布会{number}", start=past(number + 1))
        )
        soon = timezone.now() + dt.timedelta(days=number + 1)
        published(make_conference(agency_a, drafter_a, title=f"预告{number}", start=soon))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("briefings:list")).status_code == 200
