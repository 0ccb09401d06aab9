"""Interpretation sections, consultation texts and Q&A answers written in the body editor
(interpretation.bodies, portal.richtext): plain bodies from before become the HTML their page
showed, whatever is posted is sanitised on save, the pages show the structure, and search, the
API and the screening read the text, not the markup."""

from __future__ import annotations

import datetime as dt
import html
import importlib
import json
import re

import pytest

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from disclosure.documents import sanitize_body
from inspection import links
from interpretation import bodies, consultations, drafting, questions
from interpretation.models import (
    Consultation,
    ConsultationAttachment,
    Interpretation,
    MediaKind,
    PolicyQuestion,
)
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.disclosure.conftest import make_draft
from tests.interpretation.conftest import (
    PNG,
    add_media,
    approve,
    make_consultation,
    make_interpretation,
    published_document,
    published_interpretation,
)
from tests.search.conftest import search, search_index  # noqa: F401 - autouse fixture

pytestmark = pytest.mark.django_db

migration = importlib.import_module("interpretation.migrations.0003_rich_text_bodies")

BASE = "/admin/interpretation/interpretation"
QA = "/admin/interpretation/policyquestion"
ID_NUMBER = "330102199001011234"
HOSTILE = (
    '<h3>一、工作目标</h3><p onclick="steal()">到2027年底<strong>全面完成</strong>。'
    "<script>alert(1)</script></p><style>body{display:none}</style>"
    '<p style="color:red"><a href="javascript:alert(1)">看这里</a></p>'
    '<p><img src="https://tracker.example.com/p.gif"></p>'
)


def _hostile_gone(body: str) -> None:
    for hostile in ("script", "alert", "onclick", "style", "display:none", "javascript:",
                    "tracker.example.com"):  # fmt: skip
        assert hostile not in body, hostile


def section_of(page: str, label: str) -> str:
    """The HTML of the interpretation page's section headed ``label``."""
    found = re.search(rf"<h2 id=\"section-\d+\">{label}</h2>(.*?)</section>", page, re.S)
    assert found, f"no section {label}"
    return found[1].strip()


@pytest.fixture
def policy(agency_a):
    return published_document(agency_a, "丽水市行政规范性文件管理办法", dt.date(2026, 3, 2))


# --- The migration -------------------------------------------------------------------------


def test_the_migration_turns_a_heading_line_into_the_subheading_the_page_showed(
    client, agency_a, policy
):
    plain = "主要内容正文\n【工作目标】\n到2027年底完成"
    # Written before the editor, straight into the column.
    item = published_interpretation(agency_a, [policy], main_content=plain, background="")
    before = section_of(client.get(item.get_absolute_url()).content.decode(), "主要内容")

    migration.plain_to_html(apps, None)
    item.refresh_from_db()
    assert item.main_content == "<p>主要内容正文</p><h3>工作目标</h3><p>到2027年底完成</p>"
    after = section_of(client.get(item.get_absolute_url()).content.decode(), "主要内容")
    assert re.sub(r"\s", "", after) == re.sub(r"\s", "", before)
    # The editor opens it as it is, and saving it unedited changes nothing.
    assert sanitize_body(item.main_content) == item.main_content
    assert bodies.body_clean(item.main_content, plain=bodies.sections_html) == item.main_content

    migration.plain_to_html(apps, None)  # run again: left as it is
    item.refresh_from_db()
    assert item.main_content == "<p>主要内容正文</p><h3>工作目标</h3><p>到2027年底完成</p>"
    migration.html_to_plain(apps, None)  # and back
    item.refresh_from_db()
    assert item.main_content == plain


def test_the_migration_sets_answers_and_drafts_in_the_paragraphs_linebreaks_made(agency_a):
    entry = PolicyQuestion.objects.create(
        agency=agency_a,
        question="多久答复？",
        answer="当场答复。\n\n不能当场答复的，20个工作日内\n答复。",
    )
    migration.plain_to_html(apps, None)
    entry.refresh_from_db()
    assert entry.answer == "<p>当场答复。</p><p>不能当场答复的，20个工作日内<br>答复。</p>"
    assert sanitize_body(entry.answer) == entry.answer


# --- Saving --------------------------------------------------------------------------------


def test_scripts_styles_and_handlers_posted_in_a_section_are_removed_on_save(
    client, agency_a, drafter_a
):
    document = make_draft(agency_a, drafter_a)
    client.force_login(drafter_a)
    response = client.post(
        f"{BASE}/add/",
        {"agency": agency_a.pk, "documents": [document.pk], "form": "text",
         "title": "《通知》解读", "background": "<p>为贯彻落实条例。</p>", "main_content": HOSTILE,
         "department": "市政府办公室", "media-TOTAL_FORMS": "0", "media-INITIAL_FORMS": "0",
         "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    body = Interpretation.objects.get().main_content
    assert body.startswith("<h3>一、工作目标</h3><p>到2027年底<strong>全面完成</strong>。")
    _hostile_gone(body)


def test_an_answer_saved_by_a_script_or_an_import_is_sanitised_too(agency_a):
    # Not through the admin: the saving service itself cleans the answer.
    entry = questions.question_save(
        question=PolicyQuestion(agency=agency_a, question="怎么申请？", answer=HOSTILE)
    )
    _hostile_gone(PolicyQuestion.objects.get(pk=entry.pk).answer)


def test_a_paste_from_word_keeps_its_structure_below_the_pages_headings(agency_a, drafter_a):
    pasted = (
        "<h1 style='mso-line-height-rule:exactly'><span style='font-family:黑体'>总则</span></h1>"
        "<h2>第一节</h2><p class=MsoNormal><span style='font-family:仿宋'>第一条 内容。</span></p>"
    )
    consultation = make_consultation(agency_a, drafter_a, draft_text=pasted)
    draft = Consultation.objects.get(pk=consultation.pk).draft_text
    # The consultation page's parts are h2: the draft's own headings come below them.
    assert re.fullmatch(
        r"<h3><span>总则</span></h3><h4>第一节</h4><p><span>第一条 内容。</span></p>", draft
    ), draft


def test_an_emptied_editor_is_no_answer(client, agency_a, drafter_a):
    client.force_login(drafter_a)
    response = client.post(
        f"{QA}/add/",
        {"agency": agency_a.pk, "question": "怎么申请？", "answer": "<p><br></p>", "order": "0"},
    )
    assert response.status_code == 200
    assert "answer" in response.context["adminform"].form.errors
    assert not PolicyQuestion.objects.exists()


def test_an_interpretation_whose_sections_were_emptied_in_the_editor_cannot_be_submitted(
    agency_a, drafter_a
):
    item = make_interpretation(
        agency_a, drafter_a, [make_draft(agency_a, drafter_a)], background="<p> </p><p></p>"
    )
    assert Interpretation.objects.get(pk=item.pk).background == ""
    with pytest.raises(ValidationError, match="at least one section"):
        workflow.submit(obj=item, user=drafter_a)


# --- The back office -----------------------------------------------------------------------


def _editor_config(page: str, name: str) -> dict:
    textarea = re.search(rf"<textarea[^>]*name=\"{name}\"[^>]*>", page)
    assert textarea, f"no {name} textarea"
    found = re.search(r'data-django-prose-editor-configurable="([^"]*)"', textarea[0])
    assert found, f"{name} has no editor"
    return json.loads(html.unescape(found[1]))


def test_the_sections_are_written_in_the_editor_with_the_interpretations_own_images(
    client, agency_a, drafter_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    item = make_interpretation(agency_a, drafter_a, [make_draft(agency_a, drafter_a)])
    image = add_media(item, MediaKind.IMAGE, "chart.png", PNG, alt_text="低保标准调整示意图")
    other = make_interpretation(agency_a, drafter_a, [], title="另一篇解读")
    elsewhere = add_media(other, MediaKind.IMAGE, "else.png", PNG, alt_text="别处的图")
    client.force_login(drafter_a)
    response = client.get(f"{BASE}/{item.pk}/change/")
    page = response.content.decode()
    for name in ("background", "main_content", "attention"):
        extensions = _editor_config(page, name)["extensions"]
        assert extensions["Heading"]["levels"] == [3, 4, 5]  # under the page's h2 sections
        assert {"BulletList", "OrderedList", "Table", "Link", "Image"} <= set(extensions)
        assert "NodeClass" not in extensions  # the 落款's classes are a document's
    picker = re.search(r'<div class="richtext-images" data-for="id_main_content"[^>]*>.*?</div>',
                       page, re.S)  # fmt: skip
    assert picker, "no image picker"
    options = re.findall(r'<option value="([^"]+)">([^<]+)</option>', picker[0])
    assert options == [(image.get_absolute_url(), "低保标准调整示意图")]
    assert elsewhere.get_absolute_url() not in page
    # The import map runs under this response's nonce, as on the document form.
    nonce = re.search(r'<script type="importmap" nonce="([^"]+)">', page)
    assert nonce and f"'nonce-{nonce[1]}'" in response["Content-Security-Policy"]


def test_a_consultation_offers_only_its_own_attached_pictures(
    client, agency_a, drafter_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    consultation = make_consultation(agency_a, drafter_a)

    def attach(name: str, content_type: str, title: str = "") -> ConsultationAttachment:
        return ConsultationAttachment.objects.create(
            consultation=consultation, file=SimpleUploadedFile(name, b"x"), original_name=name,
            title=title, content_type=content_type, size=1,
        )  # fmt: skip

    picture = attach("map.png", "image/png", title="低保服务窗口分布图")
    attach("draft.pdf", "application/pdf")
    attach("scan.tif", "image/tiff")  # browsers do not show TIFF
    client.force_login(drafter_a)
    page = client.get(f"/admin/interpretation/consultation/{consultation.pk}/change/")
    page = page.content.decode()
    assert {"Heading", "Table", "Image"} <= set(_editor_config(page, "draft_text")["extensions"])
    picker = re.search(r'<div class="richtext-images" data-for="id_draft_text"[^>]*>.*?</div>',
                       page, re.S)  # fmt: skip
    assert picker, "no image picker"
    options = re.findall(r'<option value="([^"]+)">([^<]+)</option>', picker[0])
    assert options == [(picture.get_absolute_url(), "低保服务窗口分布图")]


def test_an_answer_is_written_in_the_editor_without_images(client, agency_a, drafter_a):
    client.force_login(drafter_a)
    extensions = _editor_config(client.get(f"{QA}/add/").content.decode(), "answer")["extensions"]
    assert {"Heading", "BulletList", "Table", "Link"} <= set(extensions)
    assert "Image" not in extensions  # an entry has no files of its own


def test_an_interpretation_in_review_shows_its_sections_as_they_read(client, agency_a, drafter_a):
    item = make_interpretation(
        agency_a, drafter_a, [make_draft(agency_a, drafter_a)],
        main_content="<h3>工作目标</h3><ul><li>甲</li></ul>",
    )  # fmt: skip
    Interpretation.objects.filter(pk=item.pk).update(status=Status.IN_REVIEW)
    client.force_login(drafter_a)
    page = client.get(f"{BASE}/{item.pk}/change/").content.decode()
    assert '<div class="doc-body readonly-body"><h3>工作目标</h3><ul><li>甲</li></ul></div>' in page
    assert "&lt;h3&gt;" not in page


# --- Public pages, search, API -------------------------------------------------------------


def test_the_public_pages_show_the_headings_and_lists(
    client, agency_a, drafter_a, reviewer_a, publisher_a, policy
):
    item = make_interpretation(
        agency_a, drafter_a, [policy],
        main_content="<h3>工作目标</h3><ul><li>编制公开目录</li><li>规范工作流程</li></ul>",
    )  # fmt: skip
    approve(item, drafter=drafter_a, reviewer=reviewer_a)
    workflow.publish(obj=item, user=publisher_a)
    section = section_of(client.get(item.get_absolute_url()).content.decode(), "主要内容")
    assert section == "<h3>工作目标</h3><ul><li>编制公开目录</li><li>规范工作流程</li></ul>"

    consultation = make_consultation(
        agency_a,
        drafter_a,
        draft_text="<h3>第一章 总则</h3><ol><li>第一条</li><li>第二条</li></ol>",
    )
    approve(consultation, drafter=drafter_a, reviewer=reviewer_a)
    workflow.publish(obj=consultation, user=publisher_a)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "<h3>第一章 总则</h3><ol><li>第一条</li><li>第二条</li></ol>" in page

    entry = questions.question_save(
        question=PolicyQuestion(
            agency=agency_a, question="怎么申请？", is_published=True,
            answer="<p>可以通过以下方式：</p><ul><li>网上申请</li><li>当面申请</li></ul>",
        )
    )  # fmt: skip
    entry.documents.add(policy)
    for url in (entry.get_absolute_url(), "/interpretation/questions/", policy.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "<ul><li>网上申请</li><li>当面申请</li></ul>" in page, url


def test_search_finds_words_inside_a_rich_text_answer_and_the_api_shows_no_tags(
    agency_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = questions.question_save(
            question=PolicyQuestion(
                agency=agency_a, question="申请政府信息公开要交费吗？", is_published=True,
                answer="<p>行政机关依申请提供政府信息，<strong>不收取</strong>费用。</p>"
                "<table><tbody><tr><th>情形</th><td>按件计收信息处理费</td></tr></tbody></table>",
            )
        )  # fmt: skip
    assert search("信息处理费").total == 1
    results = search("不收取费用")
    assert results.total == 1
    assert "<strong>" not in results.hits[0].snippet
    answer = APIClient().get(f"/api/v1/questions/{entry.pk}/").json()["answer"]
    assert answer == "行政机关依申请提供政府信息，不收取费用。\n\n情形\n\n按件计收信息处理费"


def test_the_interpretation_and_consultation_api_keep_plain_text(
    agency_a, drafter_a, reviewer_a, publisher_a, policy
):
    item = make_interpretation(
        agency_a, drafter_a, [policy], main_content="<h3>工作目标</h3><p>到2027年&amp;以后</p>"
    )
    approve(item, drafter=drafter_a, reviewer=reviewer_a)
    workflow.publish(obj=item, user=publisher_a)
    data = APIClient().get(f"/api/v1/interpretations/{item.pk}/").json()
    assert data["main_content"] == "工作目标\n\n到2027年&以后"
    consultation = make_consultation(agency_a, drafter_a, basis="<p>《社会救助暂行办法》</p>")
    approve(consultation, drafter=drafter_a, reviewer=reviewer_a)
    workflow.publish(obj=consultation, user=publisher_a)
    data = APIClient().get(f"/api/v1/consultations/{consultation.pk}/").json()
    assert data["basis"] == "《社会救助暂行办法》"
    assert "<" not in data["draft_text"]


def test_the_inspection_checks_the_links_and_pictures_of_a_section(
    agency_a, drafter_a, reviewer_a, publisher_a, policy, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    item = make_interpretation(agency_a, drafter_a, [policy])
    picture = add_media(item, MediaKind.IMAGE, "chart.png", PNG, alt_text="示意图")
    item.main_content = (
        f'<p><img src="{picture.get_absolute_url()}" alt="示意图"></p>'
        '<p>详见<a href="/disclosure/documents/999999/">原文件</a>。</p>'
    )
    drafting.draft_save(obj=item, user=drafter_a)
    approve(item, drafter=drafter_a, reviewer=reviewer_a)
    workflow.publish(obj=item, user=publisher_a)
    found = [f.detail for f in links.broken_link_findings() if f.subject == item.title]
    assert len(found) == 1 and "documents/999999/" in found[0]  # the picture is public
    address = picture.get_absolute_url()
    picture.delete()
    found = [f.detail for f in links.broken_link_findings() if f.subject == item.title]
    assert any(address in detail for detail in found)


# --- Screening -----------------------------------------------------------------------------


def test_the_screening_finds_a_resident_id_number_inside_rich_text(agency_a, drafter_a, reviewer_a):
    # Split by formatting: the reader sees one number, and so does the screening.
    marked_up = f"<p>申请人身份证号<strong>{ID_NUMBER[:6]}</strong>{ID_NUMBER[6:]}。</p>"
    with pytest.raises(ValidationError, match="personal data"):
        questions.question_save(
            question=PolicyQuestion(
                agency=agency_a, question="问", answer=marked_up, is_published=True
            )
        )
    item = make_interpretation(
        agency_a, drafter_a, [make_draft(agency_a, drafter_a)],
        attention=f"<ul><li>联系人：王某</li><li>{marked_up}</li></ul>",
    )  # fmt: skip
    workflow.submit(obj=item, user=drafter_a)
    with pytest.raises(ValidationError, match="personal data"):
        workflow.approve(obj=item, user=reviewer_a, review_result=ReviewResult.CLEAR)


def test_the_adoption_report_is_sanitised_and_screened_as_text(
    client, agency_a, drafter_a, reviewer_a, publisher_a
):
    today = timezone.localdate()
    consultation = make_consultation(
        agency_a, drafter_a, opens_on=today - dt.timedelta(days=40),
        closes_on=today - dt.timedelta(days=5),
    )  # fmt: skip
    Consultation.objects.filter(pk=consultation.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    consultation.refresh_from_db()
    with pytest.raises(ValidationError, match="personal data"):
        consultations.report_publish(
            consultation=consultation, user=publisher_a,
            report=f"<p>意见人<em>{ID_NUMBER}</em>的意见已采纳。</p>",
        )  # fmt: skip
    with pytest.raises(ValidationError, match="Write the report"):
        consultations.report_publish(consultation=consultation, user=publisher_a, report="<p></p>")
    consultations.report_publish(
        consultation=consultation, user=publisher_a,
        report='<h2>总体情况</h2><p onclick="x()">共收到意见0条。</p><script>alert(1)</script>',
    )  # fmt: skip
    report = Consultation.objects.get(pk=consultation.pk).report
    assert report == "<h3>总体情况</h3><p>共收到意见0条。</p>"
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "<h3>总体情况</h3><p>共收到意见0条。</p>" in page


def test_drafting_cleans_the_bodies_of_whatever_model_it_saves(agency_a, drafter_a):
    consultation = drafting.draft_save(
        obj=Consultation(
            agency=agency_a, title="征求意见稿", draft_text="第一条\n\n第二条",
            basis="<p>依据</p><script>x</script>", explanation="说明",
            opens_on=timezone.localdate(), closes_on=timezone.localdate() + dt.timedelta(days=30),
        ),
        user=drafter_a,
    )  # fmt: skip
    saved = Consultation.objects.get(pk=consultation.pk)
    assert (saved.draft_text, saved.basis, saved.explanation) == (
        "<p>第一条</p><p>第二条</p>",
        "<p>依据</p>",
        "<p>说明</p>",
    )
