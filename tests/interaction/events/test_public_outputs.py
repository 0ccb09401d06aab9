"""What interviews and meetings put in the public API, the search, the feeds and the sitemap:
published records only, and never an applicant's name, number or reason."""

from __future__ import annotations

import datetime as dt

import pytest

from django.utils import timezone

from interaction import events
from interaction.models.events import Decision
from portal.search import indexing
from publishing import workflow
from tests.interaction.events.conftest import (
    APPLICANT_EMAIL,
    APPLICANT_ID,
    APPLICANT_MOBILE,
    APPLICANT_NAME,
    APPLICANT_REASON,
    apply,
    make_interview,
    make_meeting,
    make_minutes,
    make_record,
    publish,
    published,
)
from tests.search.conftest import indexed_keys, search, search_index  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

PRIVATE = (APPLICANT_NAME, APPLICANT_ID, APPLICANT_MOBILE, APPLICANT_EMAIL, APPLICANT_REASON)


def _assert_private(text: str) -> None:
    for value in PRIVATE:
        assert value not in text


@pytest.fixture
def applied_meeting(published_meeting, officer_a):
    application = apply(published_meeting)
    events.application_decide(application=application, user=officer_a, decision=Decision.ACCEPTED)
    return published_meeting


def test_meeting_page_api_and_feed_never_show_applicants(client, applied_meeting):
    page = client.get(applied_meeting.get_absolute_url()).content.decode()
    detail = client.get(f"/api/v1/meetings/{applied_meeting.pk}/")
    listing = client.get("/api/v1/meetings/").content.decode()
    feed = client.get("/feeds/meetings.rss").content.decode()
    assert detail.status_code == 200
    assert (detail.json()["applied"], detail.json()["accepted"]) == (1, 1)
    assert applied_meeting.title in listing and applied_meeting.title in feed
    for text in (page, detail.content.decode(), listing, feed):
        _assert_private(text)


def test_meetings_are_searched_without_applicants(
    agency_a, editors_a, officer_a, django_capture_on_commit_callbacks
):
    meeting = make_meeting(agency_a, editors_a["drafter"], agenda="审议垃圾分类实施方案")
    indexing.reconcile()
    assert search("垃圾分类").total == 0  # a draft is never indexed
    with django_capture_on_commit_callbacks(execute=True):
        publish(meeting, **editors_a)
    apply(meeting)
    indexing.rebuild()
    indexing.reconcile()
    assert search("垃圾分类").total == 1
    for value in (APPLICANT_NAME, APPLICANT_MOBILE, APPLICANT_ID):
        assert search(value).total == 0
    assert not any(key.startswith("meetingapplication") for key in indexed_keys())


def test_an_interview_and_its_transcript_are_searched_once_published(
    agency_a, editors_a, django_capture_on_commit_callbacks
):
    start = timezone.now() - dt.timedelta(days=1)
    interview = make_interview(
        agency_a, editors_a["drafter"], title="公共文化服务在线访谈", start=start
    )
    with django_capture_on_commit_callbacks(execute=True):
        publish(interview, **editors_a)
    assert search("公共文化服务").total == 1
    record = make_record(interview, editors_a["drafter"], transcript="城市书房全年无休开放")
    indexing.reconcile()
    assert search("城市书房").total == 0  # the draft transcript is not searched
    with django_capture_on_commit_callbacks(execute=True):
        publish(record, **editors_a)
    assert search("城市书房").total == 1
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(obj=interview, user=editors_a["publisher"], reason="重复发布")
    assert search("公共文化服务").total == 0


def test_the_api_lists_published_interviews_with_filters(
    client, agency_a, agency_b, drafter_a, staff_b
):
    now = timezone.now()
    ours = published(
        make_interview(agency_a, drafter_a, title="丽水访谈", start=now + dt.timedelta(days=2))
    )
    make_interview(agency_a, drafter_a, title="未发布的访谈草稿")
    published(
        make_interview(agency_b, staff_b, title="杭州访谈", start=now + dt.timedelta(days=20))
    )
    titles = [item["title"] for item in client.get("/api/v1/interviews/").json()["results"]]
    assert "未发布的访谈草稿" not in titles and {"丽水访谈", "杭州访谈"} <= set(titles)
    by_agency = client.get("/api/v1/interviews/", {"agency": agency_a.code}).json()["results"]
    assert [item["title"] for item in by_agency] == ["丽水访谈"]
    later = (now + dt.timedelta(days=10)).date().isoformat()
    by_date = client.get("/api/v1/interviews/", {"starts_after": later}).json()["results"]
    assert [item["title"] for item in by_date] == ["杭州访谈"]
    detail = client.get(f"/api/v1/interviews/{ours.pk}/").json()
    assert detail["guests"] == [{"name": "王建华", "post": "市政府办公室副主任"}]
    assert detail["phase"] == "upcoming" and detail["transcript"] is None


def test_unpublished_records_are_not_in_the_api(client, agency_a, drafter_a):
    interview = make_interview(agency_a, drafter_a)
    meeting = make_meeting(agency_a, drafter_a)
    assert client.get(f"/api/v1/interviews/{interview.pk}/").status_code == 404
    assert client.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404


def test_a_withdrawn_meeting_answers_gone(client, agency_a, editors_a):
    meeting = publish(make_meeting(agency_a, editors_a["drafter"]), **editors_a)
    workflow.withdraw(obj=meeting, user=editors_a["publisher"], reason="会议取消")
    response = client.get(f"/api/v1/meetings/{meeting.pk}/")
    assert response.status_code == 410 and response.json()["withdrawal_reason"] == "会议取消"


def test_the_api_list_reads_a_fixed_number_of_queries(
    client, agency_a, drafter_a, django_assert_num_queries
):
    for n in range(3):
        published(make_interview(agency_a, drafter_a, title=f"访谈{n}"))
    # the site group's hosts (portal.sites, kept until the content changes), count, page,
    # guests, documents
    with django_assert_num_queries(5):
        assert client.get("/api/v1/interviews/").status_code == 200


def test_the_openapi_schema_documents_both_apis(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    for path in ("/api/v1/interviews/", "/api/v1/interviews/{id}/", "/api/v1/meetings/{id}/"):
        assert path in schema["paths"]
    fields = set(schema["components"]["schemas"]["MeetingDetail"]["properties"])
    assert {"agenda", "applied", "accepted", "minutes"} <= fields
    assert not fields & {"name", "id_number", "mobile", "email", "reason", "applications"}


def test_feeds_list_published_announcements_only(client, agency_a, drafter_a):
    published(make_interview(agency_a, drafter_a, title="已发布的访谈预告"))
    make_interview(agency_a, drafter_a, title="访谈草稿不进订阅")
    for url in ("/feeds/interviews.rss", "/feeds/interviews.atom"):
        body = client.get(url).content.decode()
        assert "已发布的访谈预告" in body and "访谈草稿不进订阅" not in body


def test_the_sitemap_lists_published_interviews_and_meetings(client, agency_a, drafter_a):
    interview = published(make_interview(agency_a, drafter_a))
    draft = make_interview(agency_a, drafter_a)
    meeting = published(make_meeting(agency_a, drafter_a))
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-interviews.xml" in index and "sitemap-meetings.xml" in index
    interviews = client.get("/sitemap-interviews.xml").content.decode()
    assert interview.get_absolute_url() in interviews
    assert draft.get_absolute_url() not in interviews
    assert meeting.get_absolute_url() in client.get("/sitemap-meetings.xml").content.decode()


def test_the_minutes_attachments_are_public_only_once_published(client, agency_a, editors_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from interaction.models.events import MeetingAttachment

    now = timezone.now()
    meeting = published(
        make_meeting(
            agency_a, editors_a["drafter"], start=now - dt.timedelta(days=2),
            opens=now - dt.timedelta(days=9), closes=now - dt.timedelta(days=3),
        )
    )  # fmt: skip
    minutes = make_minutes(meeting, editors_a["drafter"])
    attachment = MeetingAttachment.objects.create(
        minutes=minutes, file=SimpleUploadedFile("纪要.pdf", b"%PDF-1.4\n%%EOF\n"),
        original_name="纪要.pdf", content_type="application/pdf", size=15,
    )  # fmt: skip
    assert client.get(attachment.get_absolute_url()).status_code == 404
    publish(minutes, **editors_a)
    assert client.get(attachment.get_absolute_url()).status_code == 200
