"""The public pages and outputs of 建议提案办理: only published replies, filterable; the reply
page; the statistics table; the API, feed, CSV, sitemap and search show nothing unpublished and
nothing about a person beyond the published name."""

from __future__ import annotations

import datetime as dt

import lxml.html
import pytest

from django.urls import reverse

from portal.search import indexing, query
from proposals.models import Kind, ReplyCategory
from tests.proposals.conftest import draft, publish
from tests.search.conftest import search_index  # noqa: F401 - the index fixture

pytestmark = pytest.mark.django_db


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture
def items(agency_a, drafter_a, reviewer_a, publisher_a, agency_b):
    made = {
        "a": draft(agency_a, drafter_a, number=12, title="关于城乡义务教育均衡发展的建议",
                   proposer="王某某等5名代表", assisting=[agency_b]),
        "late": draft(agency_a, drafter_a, number=58, title="关于设立文化基金的建议",
                      category=ReplyCategory.C, replied_on=dt.date(2026, 6, 20)),
        "proposal": draft(agency_a, drafter_a, number=8, kind=Kind.PROPOSAL,
                          title="关于校园交通安全的提案", category=ReplyCategory.B),
    }  # fmt: skip
    for item in made.values():
        publish(item, drafter_a, reviewer_a, publisher_a)
    made["draft"] = draft(agency_a, drafter_a, number=99, title="草稿内部标题")
    return made


def test_the_list_shows_published_replies_and_filters_them(client, items):
    page = body(client.get(reverse("proposals:list")))
    assert "关于城乡义务教育均衡发展的建议" in page and "草稿内部标题" not in page
    page = body(client.get(reverse("proposals:list"), {"kind": "proposal"}))
    assert "关于校园交通安全的提案" in page and "关于城乡义务教育" not in page
    page = body(client.get(reverse("proposals:list"), {"category": "C", "year": "2026"}))
    assert "关于设立文化基金的建议" in page and "关于校园交通安全的提案" not in page
    page = body(client.get(reverse("proposals:list"), {"agency": "330100000"}))
    assert "关于城乡义务教育" not in page


def test_the_reply_page_shows_the_reply_its_category_and_a_late_mark(client, items):
    page = body(client.get(items["a"].get_absolute_url()))
    assert "您提出的建议收悉，已采纳。" in page
    assert "A类：所提问题已经解决或采纳" in page and "杭州市人民政府" in page
    assert "逾期答复" not in page
    late = body(client.get(items["late"].get_absolute_url()))
    assert "逾期答复" in late and "2026-06-06" in late


def test_a_draft_has_no_page(client, items):
    assert client.get(items["draft"].get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/proposals/{items['draft'].pk}/").status_code == 404


def test_the_statistics_table_has_a_caption_and_the_years_figures(client, items):
    tree = lxml.html.fromstring(body(client.get(reverse("proposals:statistics"))))
    table = tree.xpath("//table")[0]
    assert table.xpath("caption")[0].text_content().strip() == (
        "2026年建议提案办理情况（按主办单位）"
    )
    assert all(th.get("scope") == "col" for th in table.xpath("thead//th"))
    total = [cell.text_content().strip() for cell in table.xpath("tfoot/tr/*")]
    assert total == ["全部机关", "3", "2", "1", "1", "1", "1", "2", "66.7%"]


def test_outputs_hold_only_published_items(client, items):
    outputs = {
        "api": body(client.get("/api/v1/proposals/")),
        "rss": body(client.get("/feeds/proposals.rss")),
        "atom": body(client.get("/feeds/proposals.atom")),
        "csv": body(client.get("/data/proposal-replies.csv")),
        "sitemap": body(client.get("/sitemap-proposals.xml")),
    }
    for name, text in outputs.items():
        assert "草稿内部标题" not in text and f"/proposals/{items['draft'].pk}/" not in text, name
    assert "王某某等5名代表" in outputs["csv"] and "是" in outputs["csv"]


def test_the_api_carries_no_personal_data_beyond_the_published_name(client, items):
    data = client.get("/api/v1/proposals/", {"category": "A"}).json()
    assert [row["number"] for row in data["results"]] == [12]
    row = client.get(f"/api/v1/proposals/{items['a'].pk}/").json()
    assert row["proposer"] == "王某某等5名代表"
    assert row["late"] is False and row["reply_due"] == "2026-06-06"
    forbidden = ("phone", "mobile", "id_number", "address", "email", "drafter", "reviewer")
    assert not [key for key in row if any(word in key for word in forbidden)]


def test_search_finds_a_published_reply_only(items):
    indexing.reconcile()
    hits = query.search(query.parse_params({"q": "文化基金", "type": "proposal"}))
    assert [hit.url for hit in hits.hits] == [items["late"].get_absolute_url()]
    hits = query.search(query.parse_params({"q": "草稿内部标题"}))
    assert not hits.hits


def test_the_list_is_read_in_few_queries(client, items, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        client.get(reverse("proposals:list"))
