"""What an issue refuses, in words: a document that is not published, the same document twice,
a number or running number the gazette already has, a file that is not a PDF (by its content),
a page past the PDF's end, a section of another gazette; nothing is half-saved."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from django.core.exceptions import ValidationError

from disclosure.models import Document
from gazette import drafting
from gazette.models import Entry, Gazette, GazetteSection, Issue
from tests.disclosure.conftest import make_draft
from tests.gazette.conftest import draft_issue, pdf_upload, section

pytestmark = pytest.mark.django_db


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


DOCX = _docx()


def test_an_unpublished_document_is_refused_with_its_title(gazette_a, drafter_a, agency_a):
    issue = draft_issue(gazette_a, drafter_a)
    draft = make_draft(agency_a, drafter_a, title="关于调整最低生活保障标准的通知（送审稿）")
    with pytest.raises(ValidationError) as error:
        drafting.entry_add(issue=issue, user=drafter_a, section=section(gazette_a, "市政府文件"),
                           document=draft)  # fmt: skip
    message = error.value.message_dict["document"][0]
    assert draft.title in message and "is not published" in message and "Draft" in message
    assert not Entry.objects.exists()


def test_an_editor_names_a_document_by_index_number_document_number_or_address(
    gazette_a, document_a, drafter_a
):
    for reference in ("331100000/2026-90001", "丽政发[2026] 1号", document_a.get_absolute_url(),
                      f"https://www.lishui.gov.cn{document_a.get_absolute_url()}"):  # fmt: skip
        assert drafting.find_document(reference, user=drafter_a) == document_a


def test_another_agencys_draft_stays_unknown_and_ones_own_is_named(
    gazette_a, drafter_a, staff_b, agency_b, agency_a
):
    make_draft(agency_b, staff_b, title="杭州草稿", doc_number="杭政发〔2026〕9号")
    with pytest.raises(ValidationError) as error:
        drafting.find_document("杭政发〔2026〕9号", user=drafter_a)
    assert "No published document" in error.value.messages[0] and "杭州草稿" not in str(error.value)
    ours = make_draft(agency_a, drafter_a, title="本机关草稿", doc_number="丽政发〔2026〕9号")
    assert drafting.find_document("丽政发〔2026〕9号", user=drafter_a) == ours


def test_the_same_document_twice_in_an_issue_is_refused(gazette_a, document_a, drafter_a):
    issue = draft_issue(gazette_a, drafter_a)
    add = {"issue": issue, "user": drafter_a, "document": document_a}
    drafting.entry_add(section=section(gazette_a, "市政府文件"), **add)
    with pytest.raises(ValidationError, match="already in this issue"):
        drafting.entry_add(section=section(gazette_a, "部门文件"), **add)
    assert Entry.objects.count() == 1


def test_an_issue_number_the_gazette_already_has_is_refused(gazette_a, drafter_a):
    draft_issue(gazette_a, drafter_a, number=5, total_number=305)
    with pytest.raises(ValidationError) as error:
        draft_issue(gazette_a, drafter_a, number=5)
    assert error.value.message_dict["number"] == [
        "《丽水市人民政府公报》 already has issue no. 5 of 2026; give another number."
    ]
    with pytest.raises(ValidationError) as error:
        draft_issue(gazette_a, drafter_a, number=6, total_number=305)
    assert "running number 305" in error.value.message_dict["total_number"][0]
    assert Issue.objects.count() == 1
    # The same number in another year, or in another gazette, is another issue.
    draft_issue(gazette_a, drafter_a, number=5, year=2027, publication_date=dt.date(2027, 5, 31))
    other = Gazette.objects.create(agency=gazette_a.agency, title="丽水市人民政府公报（专刊）",
                                   slug="lishui-special")  # fmt: skip
    draft_issue(other, drafter_a, number=5)
    assert Issue.objects.count() == 3


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("目录.docx", DOCX, "not a PDF"),
        ("伪装.pdf", b"MZ\x90\x00 an executable", "does not match its extension"),
        ("空.pdf", b"", "is empty"),
        ("脚本.html", b"<script>alert(1)</script>", "not an accepted file type"),
    ],
)
def test_the_pdf_is_checked_by_its_content(gazette_a, drafter_a, name, content, message):
    issue = draft_issue(gazette_a, drafter_a, pdf=False)
    with pytest.raises(ValidationError, match=message):
        drafting.issue_save(issue=issue, user=drafter_a, pdf=pdf_upload(name, content))
    assert not Issue.objects.get(pk=issue.pk).pdf


def test_the_pdf_is_checked_against_the_attachment_size_limit(settings, gazette_a, drafter_a):
    settings.DISCLOSURE_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="at most"):
        draft_issue(gazette_a, drafter_a)
    assert not Issue.objects.exists()


def test_a_page_past_the_end_of_the_pdf_is_refused(gazette_a, document_a, drafter_a):
    issue = draft_issue(gazette_a, drafter_a)
    assert (issue.pdf_pages, issue.pdf_size, issue.pdf_name) == (3, issue.pdf.size,
                                                                "公报2026年第5期.pdf")  # fmt: skip
    with pytest.raises(ValidationError) as error:
        drafting.entry_add(issue=issue, user=drafter_a, section=section(gazette_a, "市政府文件"),
                           document=document_a, page=4)  # fmt: skip
    assert error.value.message_dict["page"] == ["The PDF of this issue has 3 pages."]


def test_a_section_of_another_gazette_is_refused(gazette_a, document_a, drafter_a):
    issue = draft_issue(gazette_a, drafter_a)
    other = Gazette.objects.create(agency=gazette_a.agency, title="另一公报", slug="other")
    foreign = GazetteSection.objects.create(gazette=other, name="市政府文件")
    with pytest.raises(ValidationError) as error:
        drafting.entry_add(issue=issue, user=drafter_a, section=foreign, document=document_a)
    assert "section" in error.value.message_dict


def test_a_line_is_a_document_or_text_never_both_nor_neither(gazette_a, document_a, drafter_a):
    issue = draft_issue(gazette_a, drafter_a)
    common = {"issue": issue, "user": drafter_a, "section": section(gazette_a, "人事任免")}
    with pytest.raises(ValidationError, match="either a document or a line of text"):
        drafting.entry_add(document=document_a, text="任免通知", **common)
    with pytest.raises(ValidationError, match="Name a published document"):
        drafting.entry_add(text="   ", **common)
    assert not Entry.objects.exists()
    assert Document.objects.filter(pk=document_a.pk).exists()
