"""What leaves the portal besides the pages: the API (published conferences only, their
published links and record), the feeds, the CSV export, search (the transcript is searchable)
and the sitemap."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from django.urls import reverse

from briefings.search_index import ConferenceIndex
from tests.briefings.conftest import (
    document,
    make_conference,
    make_record,
    past,
    published,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def conferences(agency_a, drafter_a):
    shown = published(make_conference(agency_a, drafter_a, title="已召开的发布会", start=past()))
    shown.documents.add(document(agency_a, "实施方案"), document(agency_a, "草稿", status="draft"))
    published(make_record(shown, drafter_a, "<h2>答记者问</h2><p>同步考虑、同步安排解读工作。</p>"))
    announced = published(
        make_conference(agency_a, drafter_a, title="下周的吹风会", kind="briefing")
    )
    hidden = make_conference(agency_a, drafter_a, title="草稿发布会")
    return shown, announced, hidden


def test_the_api_lists_published_conferences_only(
    client, conferences, django_assert_max_num_queries
):
    shown, announced, hidden = conferences
    with django_assert_max_num_queries(10):
        data = client.get("/api/v1/conferences/").json()
    titles = {item["title"] for item in data["results"]}
    assert titles == {"已召开的发布会", "下周的吹风会"}
    item = next(i for i in data["results"] if i["id"] == shown.pk)
    assert [d["title"] for d in item["documents"]] == ["实施方案"]
    assert item["speakers"] == [{"name": "周明", "post": "市政府新闻发言人"}]
    assert "同步安排解读工作" in item["record"]["transcript"]
    assert client.get(f"/api/v1/conferences/{hidden.pk}/").status_code == 404
    detail = client.get(f"/api/v1/conferences/{announced.pk}/").json()
    assert (detail["kind"], detail["phase"], detail["record"]) == ("briefing", "upcoming", None)
    filtered = client.get("/api/v1/conferences/", {"kind": "briefing"}).json()
    assert [i["title"] for i in filtered["results"]] == ["下周的吹风会"]


def test_the_api_filters_by_year_and_refuses_what_is_not_a_year(client, conferences):
    shown, _announced, _hidden = conferences
    year = shown.starts_at.year
    found = client.get("/api/v1/conferences/", {"year": year}).json()["results"]
    assert shown.pk in {item["id"] for item in found}
    for wrong in ("0.0", "0", "2026.5", "-1", "99999"):
        response = client.get("/api/v1/conferences/", {"year": wrong})
        assert response.status_code == 400, wrong
        assert "year" in response.json()


def test_the_feeds_carry_published_conferences(client, conferences):
    rss = client.get(reverse("feed_briefings")).content.decode()
    atom = client.get(reverse("feed_briefings_atom")).content.decode()
    for feed in (rss, atom):
        assert "已召开的发布会" in feed and "下周的吹风会" in feed and "草稿发布会" not in feed
    entries = list(ET.fromstring(atom.encode()).iter(f"{ATOM}entry"))  # noqa: S314 - our feed
    assert len(entries) == 2
    for entry in entries:
        assert entry.findtext(f"{ATOM}author/{ATOM}name") == "丽水市人民政府"
        assert entry.findtext(f"{ATOM}id").startswith("tag:testserver,")


def test_the_export_lists_published_conferences(client, conferences):
    response = client.get(reverse("export", kwargs={"dataset": "press-conferences", "fmt": "csv"}))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["标题", "类别", "发布机关"]
    titles = {row[0]: row for row in rows[1:]}
    assert set(titles) == {"已召开的发布会", "下周的吹风会"}
    assert titles["已召开的发布会"][6] == "是" and "周明" in titles["已召开的发布会"][5]


def test_the_transcript_is_searchable_once_published(conferences):
    shown, announced, _hidden = conferences
    index = ConferenceIndex()
    indexed = {obj.pk: index.to_fields(obj) for obj in index.queryset_to_index()}
    assert set(indexed) == {shown.pk, announced.pk}
    assert "同步安排解读工作" in indexed[shown.pk].content
    assert "<h2>" not in indexed[shown.pk].content


def test_the_sitemap_lists_published_conferences(client, conferences):
    shown, _announced, hidden = conferences
    page = client.get("/sitemap-briefings.xml").content.decode()
    assert shown.get_absolute_url() in page and hidden.get_absolute_url() not in page
