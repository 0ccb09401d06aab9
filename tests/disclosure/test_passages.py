"""Documents split into addressable passages (章, 条, 款, numbered items): the split, anchors that
outlive edits, the addresses on the document page, and passages found by the search."""

from __future__ import annotations

import re
from io import StringIO

import pytest

from django.core.management import call_command

from disclosure import passages
from disclosure.models import Document, DocumentPassage, PassageKind
from portal.search import indexing, query, store
from publishing import workflow
from publishing.models import Status
from tests.disclosure.conftest import make_draft, publish
from tests.search.conftest import published_document

pytestmark = pytest.mark.django_db

RULES = """第一章 总则
第一条 为了规范本市政务公开工作，制定本办法。
第二条 本办法适用于本市各级行政机关。
第二章 公开目录
第三条 政务公开标准目录由各区县政务公开主管部门组织编制。
市政务公开办公室负责指导和监督。
第四条 公开目录包括下列内容：
（一）公开事项；
（二）公开依据。
第五条 公开目录应当每年更新一次。
"""

NOTICE = """各县（市、区）人民政府：
现将有关事项通知如下。
一、总体要求
坚持以公开为常态、不公开为例外。
二、主要任务
（一）编制公开目录。组织各乡镇编制政务公开事项目录。
1.梳理事项。逐项梳理公开事项。
2.动态更新。每年更新一次。
（二）规范公开流程。建立健全发布审核制度。
"""


def plain_body(text: str) -> str:
    """A body pasted as plain text: each line a paragraph."""
    return text


def split_text(text: str) -> list[passages.Piece]:
    document = Document(body=plain_body(text))
    return passages.split(passages.body_paragraphs(document))


@pytest.fixture(autouse=True)
def search_index(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    yield
    store.forget()


@pytest.fixture
def published(agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks):
    def make(body: str, **fields: object) -> Document:
        document = make_draft(agency_a, drafter_a, body=body, **fields)
        with django_capture_on_commit_callbacks(execute=True):
            return publish(
                document,
                drafter=drafter_a,
                reviewer=reviewer_a,
                publisher=publisher_a,
                capture=django_capture_on_commit_callbacks,
            )

    return make


def edit_published_body(document: Document, body: str, capture) -> None:
    """The published text changes (as a correction would) and the document is split anew."""
    Document.objects.filter(pk=document.pk).update(body=body)
    document.refresh_from_db()
    with capture(execute=True):
        passages.passages_sync(document=document)


def by_citation(document: Document) -> dict[str, DocumentPassage]:
    return {passage.citation: passage for passage in document.passages.all()}


# --- Splitting --------------------------------------------------------------------------------


def test_articled_text_splits_into_chapters_articles_and_clauses():
    pieces = split_text(RULES)
    summary = [(piece.kind, piece.citation, piece.number_anchor) for piece in pieces]
    assert summary == [
        (PassageKind.CHAPTER, "第一章", "ch-1"),
        (PassageKind.ARTICLE, "第一条", "art-1"),
        (PassageKind.ARTICLE, "第二条", "art-2"),
        (PassageKind.CHAPTER, "第二章", "ch-2"),
        (PassageKind.ARTICLE, "第三条", "art-3"),
        (PassageKind.CLAUSE, "第三条第二款", "art-3-p2"),
        (PassageKind.ARTICLE, "第四条", "art-4"),
        (PassageKind.ARTICLE, "第五条", "art-5"),
    ]
    article_4 = pieces[6]
    # Its 项 (（一） （二）) belong to it, not to passages of their own.
    assert article_4.full_text().splitlines() == [
        "第四条 公开目录包括下列内容：",
        "（一）公开事项；",
        "（二）公开依据。",
    ]
    assert pieces[4].context == "第二章 公开目录"
    assert pieces[3].heading == "公开目录" and not pieces[3].has_body


def test_notice_items_nest_by_their_numbering():
    pieces = split_text(NOTICE)
    summary = [(piece.kind, piece.citation, piece.number_anchor) for piece in pieces]
    assert summary == [
        (PassageKind.PARAGRAPH, "", ""),
        (PassageKind.PARAGRAPH, "", ""),
        (PassageKind.ITEM, "一、", "n1"),
        (PassageKind.ITEM, "二、", "n2"),
        (PassageKind.ITEM, "二、（一）", "n2-1"),
        (PassageKind.ITEM, "二、（一）1.", "n2-1-1"),
        (PassageKind.ITEM, "二、（一）2.", "n2-1-2"),
        (PassageKind.ITEM, "二、（二）", "n2-2"),
    ]
    total, tasks, catalog = pieces[2], pieces[3], pieces[4]
    # An unnumbered paragraph goes on with the item before it.
    assert total.full_text() == "一、总体要求\n坚持以公开为常态、不公开为例外。"
    assert total.heading == "总体要求" and total.has_body
    assert tasks.heading == "主要任务" and not tasks.has_body
    assert catalog.heading == "编制公开目录" and catalog.context == "主要任务"
    assert pieces[5].context == "主要任务 › 编制公开目录"


def test_chinese_numbers_are_read():
    assert [passages.chinese_number(text) for text in ("一", "十", "十二", "二十", "二十九")] == [
        1, 10, 12, 20, 29,
    ]  # fmt: skip
    assert passages.chinese_number("一百零五") == 105


# --- Anchors across edits ---------------------------------------------------------------------


def test_publishing_splits_the_document_with_addresses(published):
    document = published(RULES)
    stored = by_citation(document)
    assert stored["第三条"].number_anchor == "art-3"
    assert re.fullmatch(r"p-[0-9a-f]{8}", stored["第三条"].anchor)
    assert stored["第三条第二款"].text == "市政务公开办公室负责指导和监督。"
    assert len({passage.anchor for passage in stored.values()}) == len(stored)


def test_an_article_keeps_its_anchor_when_another_is_inserted_before_it(
    published, django_capture_on_commit_callbacks
):
    document = published(RULES)
    before = by_citation(document)
    # A new 第三条 is inserted; the drafter renumbers the articles after it.
    renumbered = (
        RULES.replace("第五条", "第六条")
        .replace("第四条", "第五条")
        .replace("第三条 政务公开", "第四条 政务公开")
        .replace("第二章 公开目录\n", "第二章 公开目录\n第三条 政务公开工作实行清单管理。\n")
    )
    edit_published_body(document, renumbered, django_capture_on_commit_callbacks)
    after = by_citation(document)
    # The old 第五条 is now 第六条: same words, same stable anchor; #art-6 now names it.
    assert after["第六条"].anchor == before["第五条"].anchor
    assert after["第六条"].number_anchor == "art-6"
    assert after["第四条"].anchor == before["第三条"].anchor
    assert after["第四条第二款"].anchor == before["第三条第二款"].anchor
    assert after["第一条"].anchor == before["第一条"].anchor
    new = after["第三条"]
    assert new.anchor not in {passage.anchor for passage in before.values()}
    assert new.text == "第三条 政务公开工作实行清单管理。"


def test_an_edited_article_keeps_its_anchor_and_a_rewritten_one_does_not(
    published, django_capture_on_commit_callbacks
):
    document = published(RULES)
    before = by_citation(document)
    edited = RULES.replace("每年更新一次", "每年至少更新一次").replace(
        "第二条 本办法适用于本市各级行政机关。", "第二条 乡镇人民政府参照执行。"
    )
    edit_published_body(document, edited, django_capture_on_commit_callbacks)
    after = by_citation(document)
    assert after["第五条"].anchor == before["第五条"].anchor
    assert after["第五条"].text == "第五条 公开目录应当每年至少更新一次。"
    assert after["第二条"].anchor != before["第二条"].anchor


def test_splitting_an_unchanged_text_again_changes_nothing(published):
    document = published(NOTICE)
    stamps = dict(document.passages.values_list("anchor", "updated_at"))
    assert passages.passages_sync(document=document) == 0
    assert dict(document.passages.values_list("anchor", "updated_at")) == stamps


# --- The document page ------------------------------------------------------------------------


def test_the_document_page_gives_each_passage_its_addresses(client, published):
    document = published(RULES)
    article = by_citation(document)["第五条"]
    page = client.get(document.get_absolute_url()).content.decode()
    assert f'<p id="{article.anchor}"><span id="art-5"></span>第五条 公开目录' in page
    assert '<span id="art-3-p2"></span>市政务公开办公室' in page
    # The 落款 and date keep their classes and get no address.
    assert page.count(' id="p-') == document.passages.count()


def test_an_html_body_is_addressed_too(client, published):
    body = "<p>第一条 为了规范公开工作，制定本办法。</p><p>第二条 本办法自发布之日起施行。</p>"
    document = published(body)
    page = client.get(document.get_absolute_url()).content.decode()
    assert '<span id="art-2"></span>第二条 本办法' in page


def test_a_body_changed_since_the_split_is_shown_without_wrong_addresses():
    body = "<p>第一条 甲。</p><p>第二条 乙。</p>"
    stale = DocumentPassage(text="第二条 丙。", anchor="p-00000000", number_anchor="art-2")
    assert passages.anchored_body_html(body, [stale]) == body


# --- Search -----------------------------------------------------------------------------------


def search(q: str, **params: str) -> query.SearchResults:
    return query.search(query.parse_params({"q": q, **params}))


def test_a_passage_is_found_on_its_own_and_links_to_its_place(published):
    document = published(RULES, title="政务公开办法")
    article = by_citation(document)["第三条"]
    results = search("标准目录 编制", type="passage")
    assert [hit.url for hit in results.hits] == [f"{document.get_absolute_url()}#{article.anchor}"]
    assert "第三条" in results.hits[0].title


def test_a_search_lists_the_document_not_each_of_its_passages(published):
    document = published(RULES, title="政务公开办法")
    results = search("公开目录")
    assert [hit.key for hit in results.hits] == [f"document:{document.pk}"]
    types = {option.value: option.count for option in results.facets["type"]}
    assert types["passage"] >= 2  # counted, so that they can be chosen


def test_a_traditional_query_finds_the_simplified_passage(published):
    document = published(RULES)
    article = by_citation(document)["第三条"]
    results = search("標準目錄 編制", type="passage")
    assert article.anchor in results.hits[0].url


def test_withdrawing_takes_the_passages_off_the_search(
    published, publisher_a, django_capture_on_commit_callbacks
):
    document = published(RULES)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(obj=document, user=publisher_a, reason="已被新文件替代")
    assert document.passages.exists()  # kept: a republished text finds its anchors again
    assert not any(key.startswith("passage:") for key in _indexed())
    assert Document.objects.get(pk=document.pk).status == Status.WITHDRAWN


def _indexed() -> set[str]:
    return {f"{kind}:{pk}" for kind, pks in indexing.indexed_ids().items() for pk in pks}


def test_documents_published_before_splitting_are_split_by_the_command(agency_a):
    document = published_document(agency_a, body=RULES)
    assert not document.passages.exists()
    out = StringIO()
    call_command("split_documents", stdout=out)
    assert document.passages.filter(kind=PassageKind.ARTICLE).count() == 5
    assert "Split 1 documents" in out.getvalue()
    call_command("split_documents", stdout=out)  # nothing left without passages
    assert "Split 0 documents" in out.getvalue()
