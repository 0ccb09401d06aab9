"""The body editor (portal.richtext): what the change form serves, and what a body becomes
when the editor (or a paste from Word) posts it. The sanitiser has the last word."""

from __future__ import annotations

import html
import json
import re

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from disclosure.demo import CORPUS_DOCUMENTS, corpus_body
from disclosure.documents import sanitize_body
from disclosure.models import Attachment, Document
from tests.disclosure.conftest import make_draft

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/disclosure/document/add/"


def _post(client, agency, body: str):
    return client.post(
        ADD_URL,
        {
            "agency": agency.pk,
            "title": "关于做好2026年冬季安全生产工作的通知",
            "date_formed": "2026-11-02",
            "disclosure_attribute": "proactive",
            "scope": "public",
            "validity": "valid",
            "body": body,
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )


def test_the_change_form_serves_the_editor_from_our_static_files_under_the_csp(client, drafter_a):
    client.force_login(drafter_a)
    response = client.get(ADD_URL)
    page = response.content.decode()
    policy = response["Content-Security-Policy"]
    # The body's textarea carries the editor's configuration, with the tools staff need.
    textarea = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", page)
    assert textarea, "no body textarea"
    config = html.unescape(textarea[0])
    assert "data-django-prose-editor-configurable" in config
    for tool in ("Heading", "BulletList", "OrderedList", "Table", "Link", "Bold", "Italic"):
        assert f'"{tool}"' in config, tool
    # The import map is inline, allowed by this response's nonce, not by 'unsafe-inline'.
    importmap = re.search(r'<script type="importmap" nonce="([^"]+)">', page)
    assert importmap, "the import map has no nonce"
    assert f"'nonce-{importmap[1]}'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    # Scripts, styles and the icon font from our own static files, nothing from elsewhere.
    assert "/static/django_prose_editor/configurable" in page
    assert "/static/django_prose_editor/editor.css" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    # Without JavaScript, a hint under the plain textarea says how to write the body.
    assert re.search(r"<noscript><div class=\"help richtext-nojs\">[^<]*JavaScript", page)


def test_a_page_without_the_editor_sends_no_nonce(client, drafter_a):
    client.force_login(drafter_a)
    assert "nonce-" not in client.get("/admin/disclosure/document/")["Content-Security-Policy"]


def test_the_editor_speaks_chinese(client, drafter_a):
    client.force_login(drafter_a)
    catalog = client.get("/admin/jsi18n/").content.decode()
    for text in ("插入表格", "编辑链接", "链接地址", "包含表头行", "取消"):
        assert text in catalog or json.dumps(text)[1:-1] in catalog, text


def test_what_the_editor_posts_is_sanitised(client, agency_a, drafter_a):
    client.force_login(drafter_a)
    posted = (
        "<h2>一、工作要求</h2>"
        '<p onclick="steal()">各地要<strong>压实责任</strong>。<script>alert(1)</script></p>'
        '<style>body{display:none}</style><p style="color:red">'
        '<a href="javascript:alert(1)">看这里</a> <a href="https://www.lishui.gov.cn/">丽水</a></p>'
        '<p><img src="https://tracker.example.com/p.gif"><img src="/media/a/1.png" alt="图"></p>'
    )
    response = _post(client, agency_a, posted)
    assert response.status_code == 302
    body = Document.objects.get().body
    assert "<h2>一、工作要求</h2>" in body
    assert "<strong>压实责任</strong>" in body
    assert 'href="https://www.lishui.gov.cn/"' in body
    for hostile in ("script", "alert", "onclick", "style", "display:none", "javascript:",
                    "tracker.example.com"):  # fmt: skip
        assert hostile not in body, hostile
    assert '<img src="/media/a/1.png" alt="图">' in body


# What Word (and WPS, which copies it) puts on the clipboard for a heading, a numbered list,
# a table and a paragraph in 仿宋 with a colour: abridged from a real copy.
WORD_CLIPBOARD = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta name=Generator
content="Microsoft Word 15"><style><!-- p.MsoNormal {font-size:10.5pt;font-family:等线;}
--></style><!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument>
</xml><![endif]--></head><body lang=ZH-CN style='tab-interval:21.0pt'><!--StartFragment-->
<h1 style='mso-line-height-rule:exactly'><span style='font-family:黑体;mso-ascii-font-family:
"Times New Roman"'>一、总体要求<span lang=EN-US><o:p></o:p></span></span></h1>
<p class=MsoListParagraph style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'>
<![if !supportLists]><span lang=EN-US style='mso-bidi-font-family:等线'><span
style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span>
</span></span><![endif]><span style='font-family:仿宋_GB2312'>落实安全生产责任<span
lang=EN-US><o:p></o:p></span></span></p>
<p class=MsoListParagraph style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'>
<![if !supportLists]><span lang=EN-US><span style='mso-list:Ignore'>2.<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span
style='font-family:仿宋_GB2312'>开展隐患排查整治<o:p></o:p></span></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0
style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt'>
<tr style='mso-yfti-irow:0'><td width=277 valign=top
style='width:207.4pt;border:solid windowtext 1.0pt'>
<p class=MsoNormal><b><span style='font-family:仿宋'>项目<o:p></o:p></span></b></p></td>
<td width=277 valign=top style='width:207.4pt'><p class=MsoNormal><span
style='font-family:仿宋'>时限<o:p></o:p></span></p></td></tr></table>
<p class=MsoNormal><font face="仿宋" color=red><span
style='font-size:16.0pt;color:red'>请认真贯彻执行。
</span></font><span lang=EN-US><o:p>&nbsp;</o:p></span></p>
<!--EndFragment--></body></html>"""


def test_a_paste_from_word_keeps_its_structure_and_drops_its_looks():
    body = sanitize_body(WORD_CLIPBOARD)
    assert re.search(r"<h2>\s*<span>一、总体要求", body), body  # the page's h1 is its title
    items = r"<ol>\s*<li>.*落实安全生产责任.*</li>\s*<li>.*开展隐患排查整治.*</li>\s*</ol>"
    assert re.search(items, body, re.S), body
    assert "1." not in body, "the typed list number stays in front of the item"
    assert re.search(r"<table>.*<td>.*项目.*</td>.*<td>.*时限.*</td>.*</table>", body, re.S)
    assert "请认真贯彻执行" in body
    for looks in ("style", "class", "font", "mso", "Mso", "o:p", "<xml", "WordDocument",
                  "color", "width", "border", "supportLists", "仿宋_GB2312"):  # fmt: skip
        assert looks not in body, looks


def test_a_paste_of_bullets_from_word_becomes_a_bulleted_list():
    pasted = (
        "<p class=MsoListParagraph style='mso-list:l1 level1 lfo2'><![if !supportLists]>"
        "<span style='font-family:Symbol'>·<span style='font:7.0pt'>&nbsp; </span></span>"
        "<![endif]>第一项</p><p class=MsoListParagraph style='mso-list:l1 level1 lfo2'>"
        "<![if !supportLists]><span style='font-family:Symbol'>·</span><![endif]>第二项</p>"
    )
    assert sanitize_body(pasted) == "<ul><li>第一项</li><li>第二项</li></ul>"


@pytest.mark.parametrize("spec", CORPUS_DOCUMENTS, ids=lambda spec: spec.file)
def test_a_demo_body_saved_again_unedited_is_unchanged(spec, client, agency_a, drafter_a):
    body = sanitize_body(corpus_body(spec.file, spec.skip_lines))
    document = make_draft(agency_a, drafter_a, body=body)
    client.force_login(drafter_a)
    page = client.get(f"/admin/disclosure/document/{document.pk}/change/").content.decode()
    shown = re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', page, re.S)
    assert shown, "no body textarea"
    # What the editor starts from is the body as saved, and saving it again changes nothing.
    assert html.unescape(shown[1]).strip() == body
    assert sanitize_body(body) == body


@pytest.mark.parametrize(
    "body",
    [
        "<p>现将2026年第四季度重点民生实事推进情况通报如下。</p>",
        '<p>特此通知。</p><p class="doc-signature">丽水市人民政府</p>'
        '<p class="doc-date">2026年11月2日</p>',
        "<h2>一、目标</h2><ul><li>甲</li><li>乙</li></ul><table><tbody><tr><th>项目</th>"
        "<td>时限</td></tr></tbody></table>",
    ],
)
def test_bodies_the_editor_writes_are_kept_as_they_are(body):
    assert sanitize_body(body) == body


def test_the_editor_offers_only_the_documents_own_images(
    client, agency_a, drafter_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    document = make_draft(agency_a, drafter_a)
    other = make_draft(agency_a, drafter_a, title="另一份文件")

    def attach(owner: Document, name: str, kind: str, title: str = "") -> Attachment:
        return Attachment.objects.create(
            document=owner, file=SimpleUploadedFile(name, b"x"), original_name=name,
            title=title, kind=kind, content_type="application/octet-stream", size=1,
            sha256="0" * 64,
        )  # fmt: skip

    photo = attach(document, "photo.png", Attachment.Kind.IMAGE, title="供暖站点分布图")
    attach(document, "notice.pdf", Attachment.Kind.PDF)
    elsewhere = attach(other, "else.png", Attachment.Kind.IMAGE)
    client.force_login(drafter_a)
    page = client.get(f"/admin/disclosure/document/{document.pk}/change/").content.decode()
    picker = re.search(r'<div class="richtext-images"[^>]*hidden>.*?</div>', page, re.S)
    assert picker, "no image picker"
    options = re.findall(r'<option value="([^"]+)">([^<]+)</option>', picker[0])
    assert options == [(photo.get_absolute_url(), "供暖站点分布图")]
    assert elsewhere.get_absolute_url() not in picker[0]
    # A body with the inserted image keeps it; the sanitiser allows only this site's images.
    body = f'<p><img src="{photo.get_absolute_url()}" alt="供暖站点分布图"></p>'
    assert sanitize_body(body) == body


def test_a_document_past_drafting_shows_its_body_as_it_reads(client, agency_a, drafter_a):
    document = make_draft(agency_a, drafter_a, body="<h2>一、目标</h2><ul><li>甲</li></ul>")
    Document.objects.filter(pk=document.pk).update(status="in_review")
    client.force_login(drafter_a)
    page = client.get(f"/admin/disclosure/document/{document.pk}/change/").content.decode()
    assert '<div class="doc-body readonly-body"><h2>一、目标</h2><ul><li>甲</li></ul></div>' in page
    assert "&lt;h2&gt;" not in page
