"""电子公报 pages: the issues by year, newest first, filtered by year; a year's archive; the
issue with its table of contents linked to the documents and its PDF (type, download name,
size); and the documents' pages, which say 刊登于《…》2026年第N期 for each published issue that
prints them — at once after a publication or withdrawal, also from the page cache."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from urllib.parse import quote

import lxml.html
import pytest

from django.template.defaultfilters import filesizeformat
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from gazette import drafting
from publishing import workflow
from publishing.models import ReviewResult
from tests.api.conftest import published_document
from tests.gazette.conftest import PDF_3_PAGES, draft_issue, issue_with, publish, section

pytestmark = pytest.mark.django_db


def tree(response) -> lxml.html.HtmlElement:
    assert response.status_code == 200
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return lxml.html.fromstring(body.decode())


def texts(element: lxml.html.HtmlElement, xpath: str) -> list[str]:
    return [" ".join(found.text_content().split()) for found in element.xpath(xpath)]


@pytest.fixture
def issues(gazette_a, agency_a, drafter_a, reviewer_a, publisher_a):
    """2025年第12期, 2026年第1期 and 第2期 published; 2026年第3期 a draft."""
    made = {}
    for year, number, day in ((2025, 12, dt.date(2025, 12, 31)), (2026, 1, dt.date(2026, 1, 31)),
                              (2026, 2, dt.date(2026, 2, 28))):  # fmt: skip
        document = published_document(agency_a, title=f"{year}年第{number}期刊登的通知")
        made[(year, number)] = publish(
            issue_with(gazette_a, drafter_a, document, year=year, number=number,
                       publication_date=day, total_number=280 + number + (year - 2025) * 12),
            drafter_a, reviewer_a, publisher_a,
        )  # fmt: skip
    made[(2026, 3)] = draft_issue(gazette_a, drafter_a, number=3, summary="草稿导读")
    return made


def test_the_issues_are_listed_by_year_newest_first(client, issues):
    page = tree(client.get(reverse("gazette:index")))
    assert texts(page, "//section[@class='gazette-year']/h3") == ["2026年", "2025年"] or texts(
        page, "//section[@class='gazette-year']/h3"
    ) == ["Year 2026", "Year 2025"]
    links = page.xpath("//ol[contains(@class, 'gazette-issues')]//h4/a/@href")
    assert links == [
        "/gazette/lishui/2026/2/",
        "/gazette/lishui/2026/1/",
        "/gazette/lishui/2025/12/",
    ]
    assert "草稿导读" not in lxml.html.tostring(page, encoding="unicode")


def test_the_list_filters_by_year_and_offers_the_years_with_issues(client, issues):
    page = tree(client.get(reverse("gazette:index"), {"year": "2025"}))
    assert page.xpath("//ol[contains(@class, 'gazette-issues')]//h4/a/@href") == [
        "/gazette/lishui/2025/12/"
    ]
    assert page.xpath("//select[@name='year']/option/@value") == ["", "2026", "2025"]
    assert page.xpath("//select[@name='year']/option[@selected]/@value") == ["2025"]
    # One gazette: no gazette filter to choose from; the archive links its years.
    assert not page.xpath("//select[@name='gazette']")
    assert "/gazette/lishui/2025/" in page.xpath("//nav//a/@href")
    nonsense = tree(client.get(reverse("gazette:index"), {"year": "abc", "page": "x"}))
    assert len(nonsense.xpath("//ol[contains(@class, 'gazette-issues')]//h4")) == 3


def test_a_years_archive_shows_each_issue_with_its_contents(client, issues):
    page = tree(client.get("/gazette/lishui/2026/"))
    assert page.xpath("//section[contains(@class, 'gazette-issue')]/h2/a/@href") == [
        "/gazette/lishui/2026/1/", "/gazette/lishui/2026/2/",
    ]  # fmt: skip
    assert "2026年第1期刊登的通知" in texts(page, "//ol[@class='gazette-toc']/li//a")
    assert client.get("/gazette/lishui/2024/").status_code == 404
    assert client.get("/gazette/nowhere/2026/").status_code == 404


def test_year_0_is_not_an_archive_of_every_issue(client, issues):
    # Year 0 was taken for "any year": the page listed every issue under 0年.
    assert client.get("/gazette/lishui/0/").status_code == 404


def test_the_pages_and_the_pdf_answer_head_like_get(client, issues):
    issue = issues[(2026, 1)]
    for url in (
        "/gazette/",
        "/gazette/lishui/2026/",
        issue.get_absolute_url(),
        issue.get_pdf_url(),
    ):
        assert client.head(url).status_code == 200, url


def test_the_issue_page_links_its_contents_to_the_documents(
    client, gazette_a, agency_a, drafter_a, reviewer_a, publisher_a, document_a
):
    office = published_document(agency_a, title="市政府办公室关于春季农业生产的通知",
                                doc_number="丽政办发〔2026〕12号")  # fmt: skip
    issue = issue_with(gazette_a, drafter_a, document_a, text="关于李某某等同志职务任免的通知")
    drafting.entry_add(issue=issue, user=drafter_a, section=section(gazette_a, "市政府办公室文件"),
                       document=office, page=3)  # fmt: skip
    publish(issue, drafter_a, reviewer_a, publisher_a)

    page = tree(client.get(issue.get_absolute_url()))

    assert texts(page, "//h1") == ["《丽水市人民政府公报》2026年第5期"] or texts(page, "//h1") == [
        "《丽水市人民政府公报》2026, no. 5"
    ]
    # The 栏目 in the gazette's order, each with its lines.
    assert texts(page, "//h3[@class='gazette-section-title']") == [
        "市政府文件", "市政府办公室文件", "人事任免",
    ]  # fmt: skip
    links = page.xpath("//ol[@class='gazette-toc']//a")
    assert [(a.text, a.get("href")) for a in links] == [
        (document_a.title, document_a.get_absolute_url()),
        (office.title, office.get_absolute_url()),
    ]
    numbers = texts(page, "//span[@class='gazette-toc-number']")
    assert numbers == ["丽政发〔2026〕1号", "丽政办发〔2026〕12号"]
    pages = texts(page, "//span[@class='gazette-toc-page']")
    assert [re.sub(r"\D", "", text) for text in pages] == ["2", "3"]
    lines = texts(page, "//ol[@class='gazette-toc']/li")
    assert lines[-1] == "关于李某某等同志职务任免的通知"


def test_the_pdf_is_served_as_a_pdf_named_after_the_issue_with_its_size_shown(
    client, gazette_a, document_a, drafter_a, reviewer_a, publisher_a
):
    issue = publish(issue_with(gazette_a, drafter_a, document_a), drafter_a, reviewer_a,
                    publisher_a)  # fmt: skip
    response = client.get(issue.get_pdf_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''" + quote("丽水市人民政府公报2026年第5期.pdf")
    )
    assert b"".join(response.streaming_content) == PDF_3_PAGES
    page = tree(client.get(issue.get_absolute_url()))
    assert page.xpath("//p[@class='gazette-download']/a/@href") == [issue.get_pdf_url()]
    with translation.override("zh-hans"):
        size = filesizeformat(len(PDF_3_PAGES)).replace("\xa0", " ")
    assert size in texts(page, "//p[@class='gazette-download']")[0]


def test_a_document_withdrawn_after_the_issue_is_marked_in_its_contents(
    client, gazette_a, document_a, drafter_a, reviewer_a, publisher_a
):
    issue = publish(issue_with(gazette_a, drafter_a, document_a), drafter_a, reviewer_a,
                    publisher_a)  # fmt: skip
    workflow.withdraw(obj=document_a, user=publisher_a, reason="文件已废止")
    page = tree(client.get(issue.get_absolute_url()))
    line = page.xpath("//ol[@class='gazette-toc']/li")[0]
    assert line.xpath(".//a/@href") == [document_a.get_absolute_url()]  # its notice
    assert line.xpath(".//span[@class='tag']")


def _notes(client, document) -> list[tuple[str, str]]:
    page = tree(client.get(document.get_absolute_url()))
    return [(" ".join(p.text_content().split()), p.xpath("./a/@href")[0])
            for p in page.xpath("//p[@class='doc-note']")]  # fmt: skip


def test_the_document_page_names_only_the_published_issues_that_print_it(
    client, gazette_a, document_a, drafter_a, reviewer_a, publisher_a
):
    first = issue_with(gazette_a, drafter_a, document_a, number=5)
    assert _notes(client, document_a) == []  # a draft issue prints nothing yet
    publish(first, drafter_a, reviewer_a, publisher_a)
    second = issue_with(gazette_a, drafter_a, document_a, number=6)
    workflow.submit(obj=second, user=drafter_a)
    notes = _notes(client, document_a)
    assert [url for _text, url in notes] == ["/gazette/lishui/2026/5/"]
    assert "《丽水市人民政府公报》" in notes[0][0]
    workflow.withdraw(obj=first, user=publisher_a, reason="重新编印")
    assert _notes(client, document_a) == []


@override_settings(PAGE_CACHE_SECONDS=300, PAGE_CACHE_CLIENT_SECONDS=60)
def test_the_cached_document_page_shows_the_issue_at_once_after_publication_and_withdrawal(
    client, gazette_a, document_a, drafter_a, reviewer_a, publisher_a,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    url = document_a.get_absolute_url()
    issue = issue_with(gazette_a, drafter_a, document_a)
    workflow.submit(obj=issue, user=drafter_a)
    workflow.approve(obj=issue, user=reviewer_a, review_result=ReviewResult.CLEAR)
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(obj=issue, user=publisher_a)
    after = client.get(url)
    assert after["X-Page-Cache"] == "miss"
    assert [u for _t, u in _notes(client, document_a)] == [issue.get_absolute_url()]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(obj=issue, user=publisher_a, reason="重新编印")
    assert _notes(client, document_a) == []


def test_the_agency_column_shows_the_latest_issues(client, issues, agency_a):
    page = tree(client.get(reverse("portal:agency_column", args=[agency_a.code])))
    section_links = page.xpath("//section[@id='gazette']//h3/a/@href")
    assert section_links == ["/gazette/lishui/2026/2/", "/gazette/lishui/2026/1/",
                             "/gazette/lishui/2025/12/"]  # fmt: skip


def test_the_gazette_is_in_the_navigation_and_the_site_map(client, agency_a):
    home = tree(client.get("/"))
    assert "/gazette/" in home.xpath("//nav[@class='site-nav']//a/@href")
    site_map = client.get(reverse("portal:sitemap")).content.decode()
    assert "/gazette/" in site_map and "/feeds/gazette.atom" in site_map
    assert "/data/gazette-issues.csv" in site_map
