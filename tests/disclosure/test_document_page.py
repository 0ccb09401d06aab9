"""The document page as a printed official document and as a page to take along: 打印, 字号
大/中/小, the QR code, 相关文件 / 相关解读, and the official layout (文号 under the title, 落款
and date right-aligned, the body's paragraphs without the source's hard line breaks)."""

from __future__ import annotations

import datetime as dt

import lxml.html
import pytest

from django.test import override_settings

from disclosure.demo import corpus_body
from disclosure.documents import sanitize_body
from disclosure.models import Validity
from portal.qrcodes import qr_svg
from tests.disclosure.test_public_pages import published
from tests.interpretation.conftest import published_interpretation

pytestmark = pytest.mark.django_db


def page(response) -> lxml.html.HtmlElement:
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def texts(tree: lxml.html.HtmlElement, xpath: str) -> list[str]:
    return [" ".join(element.text_content().split()) for element in tree.xpath(xpath)]


def has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# --- The official layout ---


def test_document_number_is_under_the_title_in_the_centred_header(client, agency_a):
    document = published(agency_a, "关于印发实施方案的通知", doc_number="丽政发〔2026〕8号")

    tree = page(client.get(document.get_absolute_url()))

    header = tree.xpath("//header[@class='document-header']")[0]
    assert [child.tag for child in header][:2] == ["h1", "p"]
    assert texts(header, "./p[1]") == ["丽政发〔2026〕8号"]
    assert header.xpath("./p[1]")[0].get("class") == "doc-number"


def test_signature_and_date_come_from_the_record_when_the_body_has_none(client, agency_a):
    document = published(agency_a, "一份通知", issuer_display="丽水市人民政府办公室")

    tree = page(client.get(document.get_absolute_url()))

    body = tree.xpath(f"//section[{has_class('doc-body')}]")[0]
    assert texts(body, f".//p[{has_class('doc-signature')}]") == ["丽水市人民政府办公室"]
    assert body.xpath(f".//p[{has_class('doc-date')}]/time/@datetime") == ["2026-03-02"]
    # The 落款 closes the body.
    assert body.xpath("./p[last()]")[0].get("class") == "doc-date"


def test_a_body_with_its_own_signature_is_not_signed_twice(client, agency_a):
    body = sanitize_body(
        '<p>请认真贯彻执行。</p><p class="doc-signature">丽水市人民政府办公室</p>'
        '<p class="doc-date">2016年12月5日</p>'
    )
    document = published(agency_a, "一份通知", body=body, issuer_display="丽水市人民政府办公室")

    tree = page(client.get(document.get_absolute_url()))

    assert texts(tree, f"//p[{has_class('doc-signature')}]") == ["丽水市人民政府办公室"]
    assert texts(tree, f"//p[{has_class('doc-date')}]") == ["2016年12月5日"]


def test_a_plain_text_body_is_shown_in_its_paragraphs_without_its_hard_line_breaks(
    client, agency_a
):
    text = (
        "各县（市、区）人民政府：\n"
        "　　《关于全面推进政务公开工作的实施方案》已经市政府同意，现印发给你们，请结合实际认真\n"
        "贯彻执行。\n"
        "丽水市人民政府办公室\n"
        "2016年12月5日\n"
    )
    document = published(agency_a, "一份通知", body=sanitize_body(text))

    tree = page(client.get(document.get_absolute_url()))

    body = tree.xpath(f"//section[{has_class('doc-body')}]")[0]
    assert texts(body, "./p") == [
        "各县（市、区）人民政府：",
        "《关于全面推进政务公开工作的实施方案》已经市政府同意，现印发给你们，请结合实际认真贯彻执行。",
        "丽水市人民政府办公室",
        "2016年12月5日",
    ]
    assert [p.get("class") for p in body.xpath("./p")][2:] == ["doc-signature", "doc-date"]


def test_the_sanitiser_keeps_only_the_layout_classes():
    assert sanitize_body('<p class="doc-date">2016年12月5日</p>') == (
        '<p class="doc-date">2016年12月5日</p>'
    )
    assert sanitize_body('<p class="hidden">x</p><div class="doc-date">y</div>') == (
        "<p>x</p><div>y</div>"
    )


# --- 字号 大/中/小 ---


def size_buttons(tree: lxml.html.HtmlElement) -> dict[str, str]:
    form = tree.xpath(f"//form[{has_class('doc-text-size')}]")[0]
    assert form.get("action") == "/display/text-size/" and form.get("method") == "post"
    return {b.get("value"): b.get("aria-pressed") for b in form.xpath(".//button")}


def test_text_size_buttons_show_the_current_size(client, agency_a):
    document = published(agency_a, "一份通知")
    url = document.get_absolute_url()

    normal = page(client.get(url))
    client.cookies["text_size"] = "small"
    small = page(client.get(url))
    client.cookies["text_size"] = "large"
    large = page(client.get(url))

    assert size_buttons(normal) == {"large": "false", "normal": "true", "small": "false"}
    assert size_buttons(small) == {"large": "false", "normal": "false", "small": "true"}
    assert size_buttons(large) == {"large": "true", "normal": "false", "small": "false"}
    assert small.get("class") == "small-text" and large.get("class") == "large-text"
    assert normal.get("class") is None


def test_small_text_is_remembered_without_javascript(client, agency_a):
    document = published(agency_a, "一份通知")

    response = client.post(
        "/display/text-size/", {"size": "small", "next": document.get_absolute_url()}
    )

    assert response.status_code == 302 and response.url == document.get_absolute_url()
    assert response.cookies["text_size"].value == "small"
    assert page(client.get(response.url)).get("class") == "small-text"


def test_a_made_up_text_size_cookie_is_the_normal_size(client, agency_a):
    document = published(agency_a, "一份通知")
    client.cookies["text_size"] = "huge"

    tree = page(client.get(document.get_absolute_url()))

    assert tree.get("class") is None
    assert size_buttons(tree)["normal"] == "true"


@override_settings(PAGE_CACHE_SECONDS=300)
def test_the_document_page_stays_cacheable_per_text_size(client, agency_a):
    document = published(agency_a, "一份通知")
    url = document.get_absolute_url()

    states = []
    for size in ["", "small", "", "small", "large"]:
        client.cookies["text_size"] = size
        response = client.get(url)
        states.append((response["X-Page-Cache"], page(response).get("class")))

    assert states == [
        ("miss", None),
        ("miss", "small-text"),
        ("hit", None),
        ("hit", "small-text"),
        ("miss", "large-text"),
    ]


# --- 打印 and the QR code ---


def test_print_button_waits_for_javascript(client, agency_a):
    document = published(agency_a, "一份通知")

    tree = page(client.get(document.get_absolute_url()))

    button = tree.xpath("//button[@data-print]")[0]
    assert button.get("hidden") is not None
    assert button.text_content().strip() == "打印"


@override_settings(SITE_URL="https://xxgk.example.gov.cn")
def test_qr_code_opens_the_page_at_the_sites_public_address(client, agency_a):
    document = published(agency_a, "一份通知")
    address = f"https://xxgk.example.gov.cn{document.get_absolute_url()}"

    response = client.get(document.get_absolute_url())

    tree = page(response)
    assert tree.xpath(f"//p[{has_class('doc-url')}]/a/@href") == [address]
    svg = response.content.decode().split('<figure class="doc-qr">')[1].split("</svg>")[0]
    assert svg.strip() + "</svg>" == qr_svg(address)
    assert "扫码" in texts(tree, "//figure/figcaption")[0]


def test_qr_code_without_a_site_address_uses_the_address_the_page_was_asked_at(client, agency_a):
    document = published(agency_a, "一份通知")

    response = client.get(document.get_absolute_url(), HTTP_HOST="localhost")

    assert page(response).xpath(f"//p[{has_class('doc-url')}]/a/@href") == [
        f"http://localhost{document.get_absolute_url()}"
    ]


def test_qr_code_is_drawn_on_the_server_as_svg():
    svg = qr_svg("https://xxgk.example.gov.cn/disclosure/documents/1/")

    assert svg.startswith('<svg aria-hidden="true"') and svg.endswith("</svg>")
    assert "http" not in svg  # no image fetched from anywhere: the code is drawn as paths
    assert qr_svg("https://xxgk.example.gov.cn/disclosure/documents/2/") != svg


def test_withdrawn_document_has_no_tools_and_no_qr_code(client, agency_a):
    document = published(agency_a, "一份通知", status="withdrawn", withdrawal_reason="已失效")

    tree = page(client.get(document.get_absolute_url()))

    assert not tree.xpath("//svg") and not tree.xpath("//button[@data-print]")


# --- 相关文件 / 相关解读 ---


def test_related_documents_list_what_it_supersedes_and_what_is_explained_with_it(client, agency_a):
    document = published(agency_a, "新管理办法")
    older = published(agency_a, "原管理办法", validity=Validity.REPEALED, replaced_by=document)
    sibling = published(agency_a, "配套实施细则", doc_number="丽政办发〔2026〕3号")
    unrelated = published(agency_a, "无关文件")
    interpretation = published_interpretation(
        agency_a, [document, sibling], title="《新管理办法》政策解读"
    )

    tree = page(client.get(document.get_absolute_url()))

    related = tree.xpath("//section[@aria-labelledby='related-documents-title']")[0]
    assert texts(related, "./h2") == ["相关文件"]
    links = related.xpath(".//a/@href")
    assert older.get_absolute_url() in links and sibling.get_absolute_url() in links
    assert unrelated.get_absolute_url() not in links and document.get_absolute_url() not in links
    interpretations = tree.xpath("//section[@aria-labelledby='interpretations-title']")[0]
    assert texts(interpretations, "./h2") == ["相关解读"]
    assert interpretations.xpath(".//a/@href") == [interpretation.get_absolute_url()]


def test_a_document_without_relations_has_no_related_sections(client, agency_a):
    document = published(agency_a, "一份通知")

    tree = page(client.get(document.get_absolute_url()))

    assert not tree.xpath("//section[@aria-labelledby='related-documents-title']")
    assert not tree.xpath("//section[@aria-labelledby='interpretations-title']")


def test_related_documents_leave_out_unpublished_ones(client, agency_a):
    document = published(agency_a, "新管理办法")
    draft = published(agency_a, "起草中的细则", status="draft", index_number=None)
    published_interpretation(agency_a, [document, draft])

    tree = page(client.get(document.get_absolute_url()))

    assert draft.get_absolute_url() not in tree.xpath("//a/@href")


def test_the_corpus_document_reads_as_an_official_document(client, agency_a):
    document = published(
        agency_a,
        "中共丽水市委办公室 丽水市人民政府办公室印发《关于全面推进政务公开工作的实施方案》的通知",
        body=sanitize_body(corpus_body("004_29828334ab9e6284.txt", 0)),
        date_formed=dt.date(2016, 12, 5),
    )

    tree = page(client.get(document.get_absolute_url()))

    assert texts(tree, f"//p[{has_class('doc-signature')}]") == [
        "中共丽水市委办公室",
        "丽水市人民政府办公室",
    ]
    assert texts(tree, f"//p[{has_class('doc-date')}]") == ["2016年12月5日"]
    body = " | ".join(texts(tree, f"//section[{has_class('doc-body')}]/p"))
    assert "印发《关于全面推进政务公开工作的实施方案》的通知" in body
