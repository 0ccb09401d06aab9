"""The gazette's other public outputs, published issues only: the API (list with filters,
detail with the table of contents, in the OpenAPI schema, without a query per issue), the
CSV/JSON datasets (formulas served as text), the feeds, the sitemap and the site search."""

from __future__ import annotations

import csv
import io
import json

import pytest

from django.urls import reverse

from gazette import drafting
from portal.search import indexing, query
from tests.api.conftest import published_document
from tests.gazette.conftest import draft_issue, issue_with, publish, section
from tests.search.conftest import search_index  # noqa: F401 - the index fixture

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/","点击")'


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.fixture
def published(gazette_a, agency_a, document_a, drafter_a, reviewer_a, publisher_a):
    """2026年第5期 published (a document and a line of text); 第6期 a draft."""
    issue = issue_with(gazette_a, drafter_a, document_a, text="关于李某某等同志职务任免的通知",
                       total_number=305)  # fmt: skip
    publish(issue, drafter_a, reviewer_a, publisher_a)
    draft_issue(gazette_a, drafter_a, number=6, summary="草稿导读不公开")
    return issue


def test_the_api_lists_published_issues_with_filters(client, published, agency_a, agency_b):
    def numbers(**params) -> list[int]:
        response = client.get("/api/v1/gazette-issues/", params)
        assert response.status_code == 200
        return [row["number"] for row in response.json()["results"]]

    assert numbers() == [5]
    assert numbers(year=2026, gazette="lishui", agency=agency_a.code) == [5]
    assert numbers(year=2025) == numbers(gazette="other") == numbers(agency=agency_b.code) == []
    assert numbers(published_after="2026-05-01", published_before="2026-05-31") == [5]
    row = client.get("/api/v1/gazette-issues/").json()["results"][0]
    assert row["title"] == "《丽水市人民政府公报》2026年第5期" and row["total_number"] == 305
    assert row["gazette"] == {"slug": "lishui", "title": "丽水市人民政府公报",
                              "agency": {"code": agency_a.code, "name": agency_a.name}}  # fmt: skip
    assert row["pdf_url"] == "http://testserver/gazette/lishui/2026/5/pdf/"
    assert row["pdf_size"] == published.pdf_size and row["pdf_pages"] == 3


def test_the_api_detail_has_the_table_of_contents(client, published, document_a):
    data = client.get(f"/api/v1/gazette-issues/{published.pk}/").json()
    assert data["contents"] == [
        {"section": "市政府文件", "order": 1, "title": document_a.title,
         "doc_number": "丽政发〔2026〕1号", "page": 2,
         "document_url": f"http://testserver{document_a.get_absolute_url()}",
         "document_api_url": f"http://testserver/api/v1/documents/{document_a.pk}/"},
        {"section": "人事任免", "order": 1, "title": "关于李某某等同志职务任免的通知",
         "doc_number": "", "page": None, "document_url": None, "document_api_url": None},
    ]  # fmt: skip
    draft = published.gazette.issues.get(number=6)
    assert client.get(f"/api/v1/gazette-issues/{draft.pk}/").status_code == 404


def test_the_api_answers_without_a_query_per_issue(
    client, published, gazette_a, drafter_a, reviewer_a, publisher_a, agency_a,
    django_assert_max_num_queries,
):  # fmt: skip
    for number in (7, 8, 9):
        document = published_document(agency_a, title=f"第{number}期的文件")
        publish(issue_with(gazette_a, drafter_a, document, number=number), drafter_a,
                reviewer_a, publisher_a)  # fmt: skip
    with django_assert_max_num_queries(3):
        assert len(client.get("/api/v1/gazette-issues/").json()["results"]) == 4
    with django_assert_max_num_queries(3):
        client.get(f"/api/v1/gazette-issues/{published.pk}/")
    with django_assert_max_num_queries(8):
        client.get(reverse("gazette:index"))
    with django_assert_max_num_queries(5):
        client.get("/gazette/lishui/2026/")
    with django_assert_max_num_queries(5):
        client.get(published.get_absolute_url())


def test_the_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/gazette-issues/{id}/" in schema and "published_after" in schema
    assert "GazetteEntry" in schema and "GazetteIssueDetail" in schema


def test_the_datasets_hold_the_issues_and_their_contents(client, published, agency_a, document_a):
    issues = list(csv.reader(io.StringIO(body(client.get("/data/gazette-issues.csv")))))
    assert issues[0][:4] == ["公报名称", "年份", "期号", "总期号"]
    assert issues[1][:4] == ["丽水市人民政府公报", "2026", "5", "305"]
    assert issues[1][7] == "2" and issues[1][8] == "/gazette/lishui/2026/5/pdf/"
    assert len(issues) == 2  # the draft is not in it
    contents = json.loads(body(client.get(f"/data/{agency_a.code}/gazette-contents.json")))
    assert [(row["section"], row["title"], row["doc_number"]) for row in contents] == [
        ("市政府文件", document_a.title, "丽政发〔2026〕1号"),
        ("人事任免", "关于李某某等同志职务任免的通知", ""),
    ]
    assert contents[0]["document"] == document_a.get_absolute_url()


def test_the_datasets_serve_formulas_as_text(client, gazette_a, drafter_a, reviewer_a, publisher_a):
    issue = issue_with(gazette_a, drafter_a, text=HYPERLINK, summary=HYPERLINK)
    publish(issue, drafter_a, reviewer_a, publisher_a)
    for url in ("/data/gazette-issues.csv", "/data/gazette-contents.csv"):
        cells = [cell for row in csv.reader(io.StringIO(body(client.get(url)))) for cell in row]
        assert "'" + HYPERLINK in cells and HYPERLINK not in cells, url


def test_the_feeds_carry_published_issues_with_their_contents(client, published, document_a):
    for url in ("/feeds/gazette.rss", "/feeds/gazette.atom"):
        text = body(client.get(url))
        assert "《丽水市人民政府公报》" in text and document_a.title in text, url
        assert "草稿导读不公开" not in text, url


def test_the_sitemap_lists_the_issues_and_the_years(client, published):
    text = body(client.get("/sitemap-gazette.xml"))
    assert "/gazette/lishui/2026/5/</loc>" in text and "/gazette/lishui/2026/</loc>" in text
    assert "/gazette/lishui/2026/6/" not in text
    assert "/gazette/</loc>" in body(client.get("/sitemap-pages.xml"))


def test_search_finds_an_issue_by_what_it_prints(
    published, gazette_a, drafter_a, publisher_a, django_capture_on_commit_callbacks
):
    indexing.reconcile()
    hits = query.search(query.parse_params({"q": "重点工作任务分解方案", "type": "gazette_issue"}))
    assert [hit.url for hit in hits.hits] == [published.get_absolute_url()]
    assert "2026年第5期" in hits.hits[0].title
    with django_capture_on_commit_callbacks(execute=True):
        from publishing import workflow

        workflow.withdraw(obj=published, user=publisher_a, reason="重新编印")
    indexing.reconcile()
    hits = query.search(query.parse_params({"q": "重点工作任务分解方案", "type": "gazette_issue"}))
    assert not hits.hits


def test_a_line_added_to_a_draft_stays_out_of_every_public_output(
    client, published, gazette_a, drafter_a
):
    draft = published.gazette.issues.get(number=6)
    drafting.entry_add(issue=draft, user=drafter_a, section=section(gazette_a, "人事任免"),
                       text="草稿里的任免事项")  # fmt: skip
    for url in ("/gazette/", "/gazette/lishui/2026/", "/api/v1/gazette-issues/",
                "/data/gazette-contents.csv", "/feeds/gazette.atom"):  # fmt: skip
        assert "草稿里的任免事项" not in body(client.get(url)), url
