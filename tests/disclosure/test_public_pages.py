"""The public pages of proactive disclosure, as a citizen sees them: the catalog, the document
page and its attachments, normative documents, the negative list, and the sections on an
agency's column and on the home page."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from urllib.parse import unquote

import pytest

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from disclosure.models import (
    Attachment,
    CatalogDomain,
    CatalogItem,
    Document,
    Genre,
    LegalGround,
    NegativeCategory,
    NegativeListEntry,
    Theme,
    Validity,
)
from publishing import workflow
from publishing.models import Status
from tests.disclosure.conftest import PDF_BYTES, make_draft, publish
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

_index = itertools.count(1)


def published(agency, title: str, **fields) -> Document:
    values = {
        "agency": agency,
        "title": title,
        "date_formed": dt.date(2026, 3, 2),
        "date_published": dt.date(2026, 3, 5),
        "status": Status.PUBLISHED,
        "index_number": f"{agency.code}/2026-{next(_index):05d}",
        "body": "<p>正文内容。</p>",
        **fields,
    }
    return Document.objects.create(**values)


def unpublished(agency, title: str, status: str, **fields) -> Document:
    return Document.objects.create(
        agency=agency, title=title, date_formed=dt.date(2026, 3, 2), status=status, **fields
    )


def attach(document: Document, name: str = "附件一.pdf") -> Attachment:
    return Attachment.objects.create(
        document=document,
        file=SimpleUploadedFile("a.pdf", PDF_BYTES),
        original_name=name,
        kind="pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
    )


def text_of(response: HttpResponse) -> str:
    """The text of the page's main content, tags removed and whitespace collapsed."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def hrefs(response: HttpResponse) -> list[str]:
    return [
        href.replace("&amp;", "&")
        for href in re.findall(r'href="([^"]*)"', response.content.decode())
    ]


def theme(top: str, sub: str = "") -> Theme:
    if sub:
        return Theme.objects.get(parent__name=top, name=sub)
    return Theme.objects.get(parent=None, name=top)


@pytest.fixture
def sub_agency(agency_a):
    return AgencyFactory(parent=agency_a, name="丽水市教育局", code="331100010")


@pytest.fixture
def catalog_item_a(agency_a) -> CatalogItem:
    return CatalogItem.objects.create(
        agency=agency_a,
        domain=CatalogDomain.objects.get(slug="budgets"),
        item_level1="财政预算",
        item_level2="政府预算",
        content="一般公共预算、政府性基金预算",
        legal_basis="《中华人民共和国预算法》第十四条",
        time_limit="自批准之日起20日内",
        responsible="市财政局",
        channels=["website", "gazette"],
    )


# --- The catalog ---------------------------------------------------------------------------


def test_catalog_lists_published_documents_only(client, agency_a):
    published(agency_a, "已发布的通知")
    for status in [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.WITHDRAWN]:
        unpublished(agency_a, f"状态为{status}的文件", status)

    response = client.get(reverse("disclosure:catalog"))

    assert response.status_code == 200
    text = text_of(response)
    assert "已发布的通知" in text
    assert "状态为" not in text
    assert "共1条" in text.replace(" ", "")


def test_catalog_row_shows_the_catalog_metadata(client, agency_a, agency_b):
    document = published(
        agency_a,
        "关于印发实施方案的通知",
        doc_number="丽政办发〔2026〕3号",
        validity=Validity.AMENDED,
    )
    document.co_issuers.add(agency_b)

    response = client.get(reverse("disclosure:catalog"))

    text = text_of(response)
    assert document.index_number in text
    assert "丽政办发〔2026〕3号" in text
    assert "丽水市人民政府、杭州市人民政府" in text
    assert "2026-03-05" in text
    assert "已修改" in text
    assert document.get_absolute_url() in hrefs(response)


def test_catalog_is_newest_first(client, agency_a):
    published(agency_a, "较早的通知", date_published=dt.date(2026, 1, 5))
    published(agency_a, "较新的通知", date_published=dt.date(2026, 6, 5))

    text = text_of(client.get(reverse("disclosure:catalog")))

    assert text.index("较新的通知") < text.index("较早的通知")


def test_catalog_agency_filter_includes_sub_agencies(client, agency_a, agency_b, sub_agency):
    published(agency_a, "丽水市政府的通知")
    published(sub_agency, "丽水市教育局的通知")
    published(agency_b, "杭州市政府的通知")

    text = text_of(client.get(reverse("disclosure:catalog"), {"agency": agency_a.code}))

    assert "丽水市政府的通知" in text
    assert "丽水市教育局的通知" in text
    assert "杭州市政府的通知" not in text


def test_catalog_theme_filter_includes_child_themes(client, agency_a):
    top = theme("科技、教育")
    published(agency_a, "教育类通知", theme=theme("科技、教育", "教育"))
    published(agency_a, "科技类通知", theme=theme("科技、教育", "科技"))
    published(agency_a, "财政类通知", theme=theme("财政、金融、审计", "财政"))

    by_top = text_of(client.get(reverse("disclosure:catalog"), {"theme": top.pk}))
    by_child = text_of(
        client.get(reverse("disclosure:catalog"), {"theme": theme("科技、教育", "教育").pk})
    )

    assert "教育类通知" in by_top
    assert "科技类通知" in by_top
    assert "财政类通知" not in by_top
    assert "教育类通知" in by_child
    assert "科技类通知" not in by_child


def test_catalog_filters_by_genre(client, agency_a):
    notice = Genre.objects.get(name="通知")
    published(agency_a, "一份通知", genre=notice)
    published(agency_a, "一份意见", genre=Genre.objects.get(name="意见"))

    text = text_of(client.get(reverse("disclosure:catalog"), {"genre": notice.pk}))

    assert "一份通知" in text
    assert "一份意见" not in text


def test_catalog_filters_by_year_published(client, agency_a):
    published(agency_a, "2025年发布的通知", date_published=dt.date(2025, 12, 31))
    published(agency_a, "2026年发布的通知", date_published=dt.date(2026, 1, 1))

    text = text_of(client.get(reverse("disclosure:catalog"), {"year": "2025"}))

    assert "2025年发布的通知" in text
    assert "2026年发布的通知" not in text


def test_catalog_filters_by_domain_and_catalog_item(client, agency_a, catalog_item_a):
    published(agency_a, "2026年政府预算", catalog_item=catalog_item_a)
    published(agency_a, "未归入目录的通知")

    by_domain = text_of(client.get(reverse("disclosure:catalog"), {"domain": "budgets"}))
    by_item = text_of(client.get(reverse("disclosure:catalog"), {"item": catalog_item_a.pk}))

    assert "2026年政府预算" in by_domain
    assert "未归入目录的通知" not in by_domain
    assert "2026年政府预算" in by_item
    assert "未归入目录的通知" not in by_item


def test_catalog_filters_by_validity(client, agency_a):
    published(agency_a, "仍然有效的办法")
    published(agency_a, "已经废止的办法", validity=Validity.REPEALED)

    text = text_of(client.get(reverse("disclosure:catalog"), {"validity": "repealed"}))

    assert "已经废止的办法" in text
    assert "仍然有效的办法" not in text


def test_catalog_navigation_links_set_the_filters(client, agency_a, sub_agency):
    education = theme("科技、教育", "教育")
    published(sub_agency, "教育类通知", theme=education, date_published=dt.date(2025, 5, 1))

    response = client.get(reverse("disclosure:catalog"))

    links = hrefs(response)
    assert f"?agency={agency_a.code}" in links
    assert f"?theme={education.parent_id}" in links
    assert "?year=2025" in links
    # The second-level themes open under the chosen top-level theme, keeping other filters.
    chosen = client.get(reverse("disclosure:catalog"), {"theme": education.parent_id})
    assert f"?theme={education.pk}" in hrefs(chosen)


def test_catalog_navigation_counts_documents_per_agency(client, agency_a, agency_b, sub_agency):
    published(agency_a, "市政府的通知")
    published(sub_agency, "教育局的通知")
    published(agency_b, "杭州的通知")

    text = text_of(client.get(reverse("disclosure:catalog")))

    assert "丽水市人民政府 2" in text
    assert "杭州市人民政府 1" in text


def test_the_catalog_navigation_follows_a_publication_and_the_visitors_language(
    client,
    settings,
    agency_a,
    drafter_a,
    reviewer_a,
    publisher_a,
    django_capture_on_commit_callbacks,
):
    # The navigation's HTML is kept per filter combination and language (disclosure.views):
    # without the page cache in the way, it must still change at once with what is published,
    # and never show one language's labels to the other's readers.
    settings.PAGE_CACHE_SECONDS = 0
    published(
        agency_a,
        "市政府的通知",
        date_published=timezone.localdate(),
        index_number=f"{agency_a.code}/2026-90001",  # clear of the numbers publishing assigns
    )
    year = timezone.localdate().year
    assert f"发布年份 {year} 1 " in text_of(client.get(reverse("disclosure:catalog")))

    document = make_draft(agency_a, drafter_a, title="新公开的通知")
    with django_capture_on_commit_callbacks(execute=True):
        publish(
            document,
            drafter=drafter_a,
            reviewer=reviewer_a,
            publisher=publisher_a,
            capture=django_capture_on_commit_callbacks,
        )
    assert f"发布年份 {year} 2 " in text_of(client.get(reverse("disclosure:catalog")))

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = text_of(client.get(reverse("disclosure:catalog")))
    assert "Filter the list" in english
    assert "按条件筛选" not in english
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert "按条件筛选" in text_of(client.get(reverse("disclosure:catalog")))


def test_catalog_filter_can_be_removed(client, agency_a):
    published(agency_a, "一份通知")

    response = client.get(reverse("disclosure:catalog"), {"agency": agency_a.code, "year": "2026"})

    assert "移除筛选条件“发文机关”" in text_of(response)
    assert "?year=2026" in hrefs(response)  # removing the agency keeps the year


@pytest.mark.parametrize(
    "query",
    [
        {"agency": "NO-SUCH-AGENCY"},
        {"agency": "x" * 500},
        {"domain": "no-such-domain"},
        {"item": "abc"},
        {"item": "99999999"},
        {"theme": "-1"},
        {"theme": "1; DROP TABLE"},
        {"genre": "99999999999999999999"},
        {"year": "abc"},
        {"year": "99999"},
        {"year": "²⁰²⁶"},
        {"theme": "٣"},
        {"validity": "eternal"},
        {"per_page": "1000000"},
    ],
)
def test_catalog_ignores_bad_filter_values(client, agency_a, query):
    published(agency_a, "一份通知")

    response = client.get(reverse("disclosure:catalog"), query)

    assert response.status_code == 200
    assert "一份通知" in text_of(response)
    if "per_page" not in query:
        assert "部分筛选条件无法识别，已忽略" in text_of(response)


def test_catalog_is_paginated_twenty_per_page(client, agency_a):
    for number in range(25):
        published(agency_a, f"第{number:02d}号通知", date_published=dt.date(2026, 1, number + 1))

    first = text_of(client.get(reverse("disclosure:catalog")))
    second = text_of(client.get(reverse("disclosure:catalog"), {"page": "2"}))
    all_at_once = text_of(client.get(reverse("disclosure:catalog"), {"per_page": "50"}))

    assert first.count("号通知") == 20
    assert "第24号通知" in first
    assert second.count("号通知") == 5
    assert "第00号通知" in second
    assert all_at_once.count("号通知") == 25
    assert "第 1 页，共 2 页" in first


@pytest.mark.parametrize(("page", "shown"), [("abc", "第24号通知"), ("9999", "第00号通知")])
def test_catalog_bad_page_numbers_show_the_first_or_last_page(client, agency_a, page, shown):
    for number in range(25):
        published(agency_a, f"第{number:02d}号通知", date_published=dt.date(2026, 1, number + 1))

    response = client.get(reverse("disclosure:catalog"), {"page": page})

    assert response.status_code == 200
    assert shown in text_of(response)


def test_catalog_pagination_links_keep_the_filters(client, agency_a):
    for number in range(25):
        published(agency_a, f"第{number:02d}号通知")

    response = client.get(reverse("disclosure:catalog"), {"agency": agency_a.code})

    assert f"?agency={agency_a.code}&page=2" in hrefs(response)


def test_catalog_query_count_does_not_grow_with_the_page_size(
    client, agency_a, agency_b, sub_agency, catalog_item_a
):
    themes = list(Theme.objects.filter(parent__isnull=False)[:5])
    genres = list(Genre.objects.all()[:5])
    for number in range(110):
        document = published(
            (agency_a, sub_agency)[number % 2],
            f"第{number}号通知",
            theme=themes[number % 5],
            genre=genres[number % 5],
            catalog_item=catalog_item_a if number % 3 == 0 else None,
        )
        document.co_issuers.add(agency_b)

    def queries(per_page: int) -> int:
        cache.clear()  # count the facet queries too, not a cached sidebar
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("disclosure:catalog"), {"per_page": per_page})
        assert text_of(response).count("号通知") == per_page
        return len(captured)

    assert queries(20) == queries(100)


@pytest.mark.parametrize("per_page", [20, 100])
def test_the_catalog_reads_at_most_nine_queries_cold_and_counts_no_rows_of_its_own(
    client, agency_a, sub_agency, catalog_item_a, per_page
):
    for number in range(30):
        published((agency_a, sub_agency)[number % 2], f"第{number}号通知")
    url = reverse("disclosure:catalog")
    query = {"agency": agency_a.code, "per_page": per_page}

    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get(url, query)
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url, query)

    # Cold: with the site group's hosts (read once per change of the sites), the footer's
    # agency tree and site identity (once per content version).
    assert len(cold) <= 9
    # Once cached, the page reads its rows (and their co-issuers) and nothing else.
    assert len(warm) == 2
    statements = [query["sql"] for query in [*cold.captured_queries, *warm.captured_queries]]
    assert not [sql for sql in statements if sql.startswith("SELECT COUNT(*)")]
    assert "共30条" in text_of(response)


def test_genre_and_year_counts_are_the_same_whichever_facet_is_chosen(client, agency_a):
    """The two facets share one GROUP BY while neither is chosen: the counts a reader sees
    before and after choosing one agree with the documents listed."""
    genres = list(Genre.objects.order_by("order")[:2])
    for number, (genre, year) in enumerate(
        [(genres[0], 2024), (genres[0], 2025), (genres[1], 2025), (None, 2025), (genres[1], 2026)]
    ):
        published(agency_a, f"第{number}号通知", genre=genre, date_published=dt.date(year, 3, 1))
    url = reverse("disclosure:catalog")

    def facets(**query) -> tuple[dict[str, int], dict[str, int]]:
        cache.clear()
        found = client.get(url, query).context["facets"]
        return (
            {option.value: option.count for option in found.genres},
            {option.value: option.count for option in found.years},
        )

    genre_counts, year_counts = facets()
    assert genre_counts == {str(genres[0].pk): 2, str(genres[1].pk): 2}
    assert list(year_counts.items()) == [("2026", 1), ("2025", 3), ("2024", 1)]  # newest first
    # Choosing a year: the genre counts are of that year, the year counts unchanged.
    assert facets(year="2025") == ({str(genres[0].pk): 1, str(genres[1].pk): 1}, year_counts)
    # Choosing a genre: the year counts are of that genre, the genre counts unchanged.
    assert facets(genre=str(genres[1].pk)) == (genre_counts, {"2026": 1, "2025": 1})


def test_the_number_of_documents_found_follows_every_filter(client, agency_a, agency_b, sub_agency):
    in_2025 = {"date_published": dt.date(2025, 6, 1)}
    published(agency_a, "市政府2025年第一号", **in_2025)
    published(agency_a, "市政府2025年第二号", **in_2025)
    published(agency_a, "市政府2026年通知")
    published(sub_agency, "教育局2025年通知", **in_2025)
    published(agency_b, "杭州2025年通知", **in_2025)
    unpublished(agency_a, "未公开的草稿", Status.DRAFT)

    def found(**query) -> int:
        return client.get(reverse("disclosure:catalog"), query).context["page"].paginator.count

    assert found() == 5
    assert found(year="2025") == 4
    assert found(agency=agency_a.code) == 4  # with the agencies below it
    assert found(agency=agency_a.code, year="2025") == 3
    assert found(agency=sub_agency.code, year="2026") == 0
    assert found(agency="NO-SUCH-AGENCY", year="2025") == 4  # the bad filter is left out


def test_the_sidebar_counts_are_cached_until_something_is_published(
    client, agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    from publishing import workflow
    from tests.disclosure.conftest import make_draft

    published(agency_a, "已公开的通知", index_number="TEST/2026-00001")
    url = reverse("disclosure:catalog")
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second) < len(first)

    draft = make_draft(agency_a, drafter_a, title="新公开的通知")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(obj=draft, user=drafter_a)
    workflow.approve(obj=draft, user=reviewer_a, review_result="clear")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(obj=draft, user=publisher_a)
    response = client.get(url, {"agency": agency_a.code})
    assert "新公开的通知" in text_of(response)

    def flatten(options):
        for option in options:
            yield option
            yield from flatten(option.children)

    counts = {o.value: o.count for o in flatten(response.context["facets"].agencies)}
    assert counts[agency_a.code] == 2


# --- The document page ---------------------------------------------------------------------


def test_document_page_shows_the_metadata_table(client, agency_a):
    document = published(
        agency_a,
        "丽水市人民政府关于印发实施方案的通知",
        doc_number="丽政发〔2026〕8号",
        issuer_display="中共丽水市委办公室 丽水市人民政府办公室",
        theme=theme("科技、教育", "教育"),
        genre=Genre.objects.get(name="通知"),
        keywords="教育 实施方案",
        is_normative=True,
        effective_date=dt.date(2026, 4, 1),
        expiry_date=dt.date(2028, 3, 31),
    )

    response = client.get(document.get_absolute_url())

    text = text_of(response)
    for label, value in [
        ("索引号", document.index_number),
        ("发文字号", "丽政发〔2026〕8号"),
        ("发文机关", "中共丽水市委办公室 丽水市人民政府办公室"),
        ("成文日期", "2026年3月2日"),
        ("发布日期", "2026年3月5日"),
        ("主题分类", "科技、教育\\教育"),
        ("体裁分类", "通知"),
        ("有效性", "有效"),
        ("主题词", "教育 实施方案"),
        ("公开方式", "主动公开"),
        ("公开范围", "全社会"),
        ("生效日期", "2026年4月1日"),
        ("有效期至", "2028年3月31日"),
    ]:
        assert f"{label} {value}" in text, label
    assert "正文内容。" in text
    assert 'name="robots"' not in response.content.decode()


def test_document_page_lists_its_attachments(client, agency_a):
    document = published(agency_a, "一份通知")
    attachment = attach(document)

    response = client.get(document.get_absolute_url())

    assert "附件一.pdf" in text_of(response)
    assert attachment.get_absolute_url() in hrefs(response)


def test_document_page_links_to_the_amending_document_and_back(client, agency_a):
    newer = published(agency_a, "修订后的管理办法")
    older = published(agency_a, "原管理办法", validity=Validity.AMENDED, replaced_by=newer)

    old_page = client.get(older.get_absolute_url())
    new_page = client.get(newer.get_absolute_url())

    assert "本文件已被以下文件修改" in text_of(old_page)
    assert newer.get_absolute_url() in hrefs(old_page)
    assert older.get_absolute_url() in hrefs(new_page)


def test_document_page_does_not_link_to_an_unpublished_replacement(client, agency_a):
    draft = unpublished(agency_a, "尚在起草的新办法", Status.DRAFT)
    older = published(agency_a, "原管理办法", validity=Validity.REPEALED, replaced_by=draft)

    response = client.get(older.get_absolute_url())

    assert "尚在起草的新办法" not in text_of(response)
    assert draft.get_absolute_url() not in hrefs(response)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED])
def test_unpublished_document_page_is_not_found(client, agency_a, status):
    document = unpublished(agency_a, "尚未发布的文件", status)

    response = client.get(document.get_absolute_url())

    assert response.status_code == 404
    assert "尚未发布的文件" not in response.content.decode()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED])
def test_attachment_of_an_unpublished_document_is_not_found(client, agency_a, status):
    attachment = attach(unpublished(agency_a, "尚未发布的文件", status))

    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_withdrawn_document_shows_the_notice_without_body_or_attachments(client, agency_a):
    document = published(
        agency_a, "已撤回的通知", summary="这是内容概述。", body="<p>不应再显示的正文。</p>"
    )
    attachment = attach(document)
    Document.objects.filter(pk=document.pk).update(
        status=Status.WITHDRAWN,
        withdrawn_at=timezone.make_aware(dt.datetime(2026, 4, 1, 10, 0)),
        withdrawal_reason="发现文中含有个人信息",
    )

    response = client.get(document.get_absolute_url())

    assert response.status_code == 200
    text = text_of(response)
    assert "已撤回的通知" in text
    assert document.index_number in text
    assert "此信息已于2026年4月1日撤回" in text
    assert "撤回原因：发现文中含有个人信息" in text
    assert "不应再显示的正文" not in text
    assert "这是内容概述" not in response.content.decode()
    assert "附件一.pdf" not in text
    assert attachment.get_absolute_url() not in hrefs(response)
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_withdrawn_document_attachment_is_not_found(client, agency_a):
    document = published(agency_a, "已撤回的通知")
    attachment = attach(document)
    Document.objects.filter(pk=document.pk).update(status=Status.WITHDRAWN)

    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_document_withdrawn_through_the_workflow_leaves_the_catalog(
    client, agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    document = publish(
        make_draft(agency_a, drafter_a),
        drafter=drafter_a,
        reviewer=reviewer_a,
        publisher=publisher_a,
        capture=django_capture_on_commit_callbacks,
    )
    assert document.title in text_of(client.get(reverse("disclosure:catalog")))

    workflow.withdraw(obj=document, user=publisher_a, reason="内容有误")

    assert document.title not in text_of(client.get(reverse("disclosure:catalog")))
    page = client.get(document.get_absolute_url())
    assert "撤回原因：内容有误" in text_of(page)


def test_published_attachment_downloads_with_its_original_name(client, agency_a):
    attachment = attach(published(agency_a, "一份通知"), name="附件一：2026年预算表.pdf")

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    encoded = re.search(r"filename\*=utf-8''(\S+)", disposition).group(1)
    assert unquote(encoded) == "附件一：2026年预算表.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_attachment_whose_file_is_missing_is_not_found(client, agency_a):
    attachment = attach(published(agency_a, "一份通知"))
    attachment.file.storage.delete(attachment.file.name)

    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_admin_preview_shows_a_draft_under_a_banner(client, agency_a, drafter_a):
    document = make_draft(agency_a, drafter_a, title="待审核的通知")
    attachment = attach(document)
    client.force_login(drafter_a)

    response = client.get(reverse("admin:disclosure_document_preview", args=[document.pk]))

    assert response.status_code == 200
    text = text_of(response)
    assert "预览 · 尚未公开" in text
    assert "草稿" in text  # the banner names the status
    assert "待审核的通知" in text
    assert reverse("admin:disclosure_attachment_download", args=[attachment.pk]) in hrefs(response)
    assert attachment.get_absolute_url() not in hrefs(response)
    assert '<meta name="robots" content="noindex">' in response.content.decode()


# --- Normative documents -------------------------------------------------------------------


def test_normative_list_shows_normative_documents_only(client, agency_a):
    published(agency_a, "行政规范性文件", is_normative=True)
    published(agency_a, "普通工作通知")

    text = text_of(client.get(reverse("disclosure:normative")))

    assert "行政规范性文件" in text
    assert "普通工作通知" not in text


def test_normative_list_filters_by_validity(client, agency_a):
    published(agency_a, "有效的办法", is_normative=True)
    published(agency_a, "失效的办法", is_normative=True, validity=Validity.EXPIRED)
    published(agency_a, "废止的办法", is_normative=True, validity=Validity.REPEALED)

    response = client.get(reverse("disclosure:normative"), {"validity": "expired"})

    text = text_of(response)
    assert "失效的办法" in text
    assert "有效的办法" not in text
    assert "废止的办法" not in text
    # The tabs count every validity, whichever is chosen.
    assert "全部 3" in text
    assert "已废止 1" in text
    assert "?validity=repealed" in hrefs(response)


def test_normative_list_can_be_limited_to_an_agency(client, agency_a, agency_b):
    published(agency_a, "丽水的办法", is_normative=True)
    published(agency_b, "杭州的办法", is_normative=True)

    text = text_of(client.get(reverse("disclosure:normative"), {"agency": agency_a.code}))

    assert "丽水的办法" in text
    assert "杭州的办法" not in text


# --- Negative list -------------------------------------------------------------------------


def negative(agency, matter: str, category: str = NegativeCategory.RIGHTS, **fields):
    values = {
        "agency": agency,
        "category": category,
        "matter": matter,
        "legal_ground": LegalGround.THIRD_PARTY,
        "basis": "《中华人民共和国政府信息公开条例》第十五条",
        "effective_date": dt.date(2026, 1, 1),
        **fields,
    }
    return NegativeListEntry.objects.create(**values)


def test_negative_list_states_that_everything_else_is_disclosed(client, agency_a):
    response = client.get(reverse("disclosure:negative_list"))

    assert "除负面清单所列事项外，政务信息以公开为常态、不公开为例外" in text_of(response)


def test_negative_list_groups_entries_by_category(client, agency_a, agency_b):
    negative(agency_a, "救助对象的身份证号码", NegativeCategory.RIGHTS)
    negative(agency_b, "涉密会议纪要", NegativeCategory.SECURITY)
    negative(agency_a, "内部人事管理信息", NegativeCategory.INTERNAL)

    text = text_of(client.get(reverse("disclosure:negative_list")))

    security = text.index("危害国防、外交、国家安全")
    rights = text.index("不当损害公民、法人或者其他组织的合法权益")
    internal = text.index("内部事务")
    assert security < text.index("涉密会议纪要") < rights
    assert rights < text.index("救助对象的身份证号码") < internal
    assert internal < text.index("内部人事管理信息")
    assert "杭州市人民政府" in text  # each entry names its agency


def test_negative_list_entry_shows_ground_basis_and_dates(client, agency_a):
    negative(agency_a, "救助对象的身份证号码", last_reviewed_on=dt.date(2026, 6, 30))

    text = text_of(client.get(reverse("disclosure:negative_list")))

    assert "保护第三方合法权益" in text
    assert "《中华人民共和国政府信息公开条例》第十五条" in text
    assert "2026-01-01" in text
    assert "2026-06-30" in text


def test_negative_list_hides_entries_not_in_force(client, agency_a):
    negative(agency_a, "现行有效的条目")
    negative(agency_a, "已停用的条目", is_active=False)
    negative(agency_a, "尚未生效的条目", effective_date=timezone.localdate() + dt.timedelta(days=1))

    text = text_of(client.get(reverse("disclosure:negative_list")))

    assert "现行有效的条目" in text
    assert "已停用的条目" not in text
    assert "尚未生效的条目" not in text


def test_negative_list_never_shows_screening_keywords(client, agency_a):
    negative(agency_a, "救助对象的身份证号码", keywords="低保名单明细")

    for url in [
        reverse("disclosure:negative_list"),
        reverse("disclosure:negative_list_agency", args=[agency_a.code]),
    ]:
        assert "低保名单明细" not in client.get(url).content.decode()


def test_agency_negative_list_shows_that_agency_only(client, agency_a, agency_b):
    negative(agency_a, "丽水的条目")
    negative(agency_b, "杭州的条目")

    response = client.get(reverse("disclosure:negative_list_agency", args=[agency_a.code]))

    text = text_of(response)
    assert "丽水的条目" in text
    assert "杭州的条目" not in text
    assert "除负面清单所列事项外" in text


def test_negative_list_of_an_unknown_agency_is_not_found(client):
    response = client.get(reverse("disclosure:negative_list_agency", args=["NOPE"]))

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


# --- An agency's catalog -------------------------------------------------------------------


def test_agency_catalog_shows_items_with_their_columns_and_documents(
    client, agency_a, catalog_item_a
):
    published(agency_a, "2026年丽水市政府预算", catalog_item=catalog_item_a)
    unpublished(agency_a, "尚在审核的预算调整", Status.IN_REVIEW, catalog_item=catalog_item_a)

    response = client.get(reverse("disclosure:catalog_agency", args=[agency_a.code]))

    text = text_of(response)
    assert "财政预决算" in text
    for value in [
        "财政预算",
        "政府预算",
        "一般公共预算、政府性基金预算",
        "《中华人民共和国预算法》第十四条",
        "自批准之日起20日内",
        "市财政局",
        "政府网站、政府公报",
        "全社会",
        "县级",
    ]:
        assert value in text, value
    assert "2026年丽水市政府预算" in text
    assert "尚在审核的预算调整" not in text
    assert f"{reverse('disclosure:catalog')}?item={catalog_item_a.pk}" in hrefs(response)


def test_agency_catalog_of_an_unknown_agency_is_not_found(client):
    assert client.get(reverse("disclosure:catalog_agency", args=["NOPE"])).status_code == 404


# --- The agency's column and the home page -------------------------------------------------


def test_column_shows_the_art20_categories_with_counts(client, agency_a, sub_agency):
    published(agency_a, "规范性文件一", is_normative=True)
    published(sub_agency, "规范性文件二", is_normative=True)
    published(agency_a, "教育通知", theme=theme("科技、教育", "教育"))

    response = client.get(agency_a.get_absolute_url())

    text = text_of(response)
    assert "法定主动公开内容" in text
    # Art 20 in its own words, numbered as the article numbers them.
    assert "（一） 行政法规、规章和规范性文件 2条" in text
    assert "（十一） 扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况 1条" in text
    assert "（四） 国民经济和社会发展统计信息 0条" in text
    assert "（二） 机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名" in text
    catalog = reverse("disclosure:catalog")
    assert f"{catalog}?agency={agency_a.code}&art20=1" in hrefs(response)
    assert f"{catalog}?agency={agency_a.code}&art20=11" in hrefs(response)
    assert reverse("portal:agency_profile", args=[agency_a.code]) in hrefs(response)
    assert reverse("disclosure:negative_list_agency", args=[agency_a.code]) in hrefs(response)
    assert reverse("disclosure:catalog_agency", args=[agency_a.code]) in hrefs(response)


def test_column_art20_counts_follow_a_publication_at_once(
    client, agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    """The counts are shared until the public content changes: a publication shows at once."""
    url = agency_a.get_absolute_url()
    published(agency_a, "规范性文件一", is_normative=True)
    assert "（一） 行政法规、规章和规范性文件 1条" in text_of(client.get(url))
    assert "（一） 行政法规、规章和规范性文件 1条" in text_of(client.get(url))  # shared now

    with django_capture_on_commit_callbacks(execute=True):  # what runs once committed
        publish(
            make_draft(agency_a, drafter_a, title="规范性文件二", is_normative=True),
            drafter=drafter_a,
            reviewer=reviewer_a,
            publisher=publisher_a,
            capture=django_capture_on_commit_callbacks,
        )

    assert "（一） 行政法规、规章和规范性文件 2条" in text_of(client.get(url))


def test_column_sections_read_the_database_a_fixed_number_of_times(
    client, agency_a, sub_agency, catalog_item_a
):
    published(agency_a, "一份通知")

    def queries() -> int:
        cache.clear()  # the agency tree of the footer comes from the cache once read
        with CaptureQueriesContext(connection) as captured:
            client.get(agency_a.get_absolute_url())
        return len(captured)

    few = queries()
    for number in range(30):
        published(
            (agency_a, sub_agency)[number % 2],
            f"第{number}号文件",
            is_normative=number % 3 == 0,
            theme=theme("科技、教育", "教育"),
            catalog_item=catalog_item_a,
        )

    assert queries() == few


def test_column_shows_the_latest_documents_of_the_agency(client, agency_a, agency_b):
    for number in range(12):
        published(
            agency_a, f"丽水第{number:02d}号通知", date_published=dt.date(2026, 2, number + 1)
        )
    published(agency_b, "杭州的通知")
    unpublished(agency_a, "丽水的草稿", Status.DRAFT)

    text = text_of(client.get(agency_a.get_absolute_url()))

    latest = text[text.index("最新公开") :]
    assert "丽水第11号通知" in latest
    assert "丽水第02号通知" in latest
    assert "丽水第01号通知" not in latest  # ten only
    assert "杭州的通知" not in text
    assert "丽水的草稿" not in text


def test_column_without_documents_has_no_latest_section(client, agency_a):
    response = client.get(agency_a.get_absolute_url())

    assert response.status_code == 200
    assert 'id="latest-disclosures"' not in response.content.decode()
    assert "法定主动公开内容" in text_of(response)


def test_home_shows_the_latest_disclosures(client, agency_a, agency_b):
    published(agency_a, "丽水的最新通知", date_published=dt.date(2026, 5, 1))
    published(agency_b, "杭州的较早通知", date_published=dt.date(2026, 4, 1))
    unpublished(agency_a, "丽水的草稿", Status.APPROVED)

    response = client.get(reverse("portal:home"))

    text = text_of(response)
    assert "最新公开信息" in text
    assert text.index("丽水的最新通知") < text.index("杭州的较早通知")
    assert "丽水的草稿" not in text


def test_home_without_documents_has_no_latest_disclosures(client, agency_a):
    response = client.get(reverse("portal:home"))

    assert response.status_code == 200
    assert "最新公开信息" not in text_of(response)


# --- Language and navigation ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name",
    ["disclosure:catalog", "disclosure:normative", "disclosure:negative_list"],
)
def test_pages_render_in_english(client, agency_a, url_name):
    published(agency_a, "一份通知", is_normative=True)
    negative(agency_a, "救助对象的身份证号码")

    client.cookies["django_language"] = "en"  # chosen with the switch
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()
    assert "Home" in text_of(response)


def test_document_page_renders_in_english(client, agency_a):
    document = published(agency_a, "一份通知", validity=Validity.EXPIRED)

    client.cookies["django_language"] = "en"  # chosen with the switch
    response = client.get(document.get_absolute_url())

    text = text_of(response)
    assert "Index number" in text
    assert "Expired" in text


def test_main_navigation_offers_the_catalog_and_the_negative_list(client):
    response = client.get(reverse("disclosure:negative_list"))

    links = hrefs(response)
    assert reverse("disclosure:catalog") in links
    assert 'aria-current="page">负面清单' in response.content.decode()
