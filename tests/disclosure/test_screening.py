"""Pre-publication screening: personal data and negative-list keywords in a document and its
attachments, found, located, stored masked, and resolved by the reviewer."""

from __future__ import annotations

import datetime as dt
import io
import logging

import docx
import openpyxl
import pytest
from pypdf import PdfReader, PdfWriter

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure import screening, textract
from disclosure.models import (
    Attachment,
    Document,
    DocumentEvent,
    LegalGround,
    NegativeCategory,
    NegativeListEntry,
    ScreeningHit,
    ScreeningRun,
)

pytestmark = pytest.mark.django_db

Kind = ScreeningHit.Kind
State = ScreeningRun.State

RESIDENT_ID = "11010519491231002X"  # the standard's own example, valid check character


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# --- Helpers ------------------------------------------------------------------------------------


def luhn_complete(prefix: str) -> str:
    """``prefix`` plus the check digit that makes it pass Luhn."""
    for digit in "0123456789":
        if screening.luhn_ok(prefix + digit):
            return prefix + digit
    raise AssertionError("no check digit")


def luhn_broken(number: str) -> str:
    """``number`` with its last digit changed so it fails Luhn."""
    broken = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert not screening.luhn_ok(broken)
    return broken


CARD_16 = luhn_complete("622202123456789")
CARD_19 = luhn_complete("622848001234567890")


def kinds(text: str) -> list[str]:
    return [match.kind for match in screening.find_personal_data(text)]


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF: one page per list of lines, in Helvetica (ASCII only)."""
    count = len(pages)
    kids = " ".join(f"{4 + 2 * index} 0 R" for index in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for index, lines in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * index} 0 R >>".encode()
        )
        operators = ["BT", "/F1 12 Tf", "72 720 Td", "14 TL"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            operators.append(f"({escaped}) Tj T*")
        operators.append("ET")
        stream = "\n".join(operators).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def make_docx(paragraphs: list[str], table: list[list[str]]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for row, values in zip(grid.rows, table, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


CONTENT_TYPES = {
    Attachment.Kind.PDF: "application/pdf",
    Attachment.Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Attachment.Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def attach(document: Document, name: str, kind: str, content: bytes) -> Attachment:
    return Attachment.objects.create(
        document=document,
        file=SimpleUploadedFile(name, content),
        original_name=name,
        kind=kind,
        content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
        size=len(content),
        sha256="x",
    )


def negative_entry(agency, keywords: str, **fields) -> NegativeListEntry:
    values = {
        "agency": agency,
        "category": NegativeCategory.RIGHTS,
        "legal_ground": LegalGround.THIRD_PARTY,
        "matter": "救助对象的身份证号码和银行账号",
        "basis": "《中华人民共和国政府信息公开条例》第十五条",
        "keywords": keywords,
        "effective_date": dt.date(2020, 1, 1),
        **fields,
    }
    return NegativeListEntry.objects.create(**values)


def run_screening(document: Document, user) -> ScreeningRun:
    """Screen synchronously, as the worker does; returns the finished run."""
    run = ScreeningRun.objects.create(document=document, requested_by=user)
    return screening.screening_run(run_id=run.pk)


@pytest.fixture
def document(agency_a, drafter_a):
    return Document.objects.create(
        agency=agency_a,
        title="关于2026年城乡低保资金发放情况的公示",
        date_formed=dt.date(2026, 11, 2),
        body="<p>各乡镇人民政府：现将有关情况公示如下。</p>",
        drafter=drafter_a,
    )


# --- Detectors ----------------------------------------------------------------------------------


def with_check_character(first_17: str) -> str:
    total = sum(
        int(digit) * weight
        for digit, weight in zip(
            first_17, (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), strict=True
        )
    )
    return first_17 + "10X98765432"[total % 11]


@pytest.mark.parametrize(
    "number", [RESIDENT_ID, RESIDENT_ID.lower(), with_check_character("33010219900101123")]
)
def test_resident_id_with_valid_check_character_is_found(number):
    found = screening.find_personal_data(f"申请人身份证号码{number}，住址略。")
    assert [(match.kind, match.text) for match in found] == [(Kind.RESIDENT_ID, number)]


@pytest.mark.parametrize(
    "text",
    ["手机13812345678。", "电话：+86 138 1234 5678", "联系 138-1234-5678 张先生", "8613912345678"],
)
def test_mobile_numbers_are_found_in_their_usual_spellings(text):
    assert kinds(text) == [Kind.MOBILE]


@pytest.mark.parametrize(
    "text",
    [
        f"账号{CARD_16}，",
        f"卡号 {CARD_19}",
        "卡号 " + " ".join(CARD_19[i : i + 4] for i in range(0, 19, 4)),
        "卡号 " + " ".join(CARD_16[i : i + 4] for i in range(0, 16, 4)) + " 开户行",
    ],
)
def test_luhn_valid_bank_card_numbers_are_found(text):
    assert kinds(text) == [Kind.BANK_CARD]


def test_email_address_is_found():
    found = screening.find_personal_data("来信请寄 zhang.san@example.com.cn。")
    assert [(match.kind, match.text) for match in found] == [
        (Kind.EMAIL, "zhang.san@example.com.cn")
    ]


def test_full_width_digits_are_found():
    assert kinds("手机：１３８１２３４５６７８") == [Kind.MOBILE]


@pytest.mark.parametrize(
    "text",
    [
        "编号110105194912310021。",  # an ID with the wrong check character
        f"编号{luhn_broken(CARD_16)}。",  # 16 digits failing Luhn
        "流水号123456789012。",  # 12 digits
        "成文日期20160823。",
        "丽委办发〔2016〕81号",
        "联系电话：0578-2091521",
        f"编号{RESIDENT_ID[:17]}12",  # 19 digits: part of a longer number
        f"编号9{CARD_16}99999",  # a valid card number inside a longer digit run
        "编号913812345678",  # a mobile number inside a longer digit run
        "版本 v1.2@3.4",
    ],
)
def test_near_misses_do_not_hit(text):
    assert kinds(text) == []


def test_digits_of_an_id_or_card_number_are_not_also_a_mobile_number():
    card = luhn_complete("621381234567890")  # "13812345678" sits inside
    id_number = with_check_character("13812319900101123")  # "13812319900" too
    assert kinds(f"身份证{id_number}，卡号 {card[:4]} {card[4:8]} {card[8:12]} {card[12:]}") == [
        Kind.RESIDENT_ID,
        Kind.BANK_CARD,
    ]


def test_a_mobile_number_used_as_mailbox_is_one_email_hit():
    assert kinds("邮箱13812345678@qq.com") == [Kind.EMAIL]


def test_personal_data_is_masked():
    assert screening.mask(Kind.RESIDENT_ID, "330102199001011234") == "330102********1234"
    assert screening.mask(Kind.MOBILE, "+86 138 1234 5678") == "138****5678"
    assert screening.mask(Kind.BANK_CARD, "6222 0212 3456 1234") == "6222 **** **** 1234"
    assert screening.mask(Kind.EMAIL, "zhang@example.com") == "z***@example.com"
    assert screening.mask(Kind.KEYWORD, "低保名单") == "低保名单"


def test_context_masks_neighbouring_personal_data_too():
    hits = screening.scan_text(
        f"张三，身份证{RESIDENT_ID}，手机13812345678，家住某村。", location="正文", rules=[]
    )
    assert [hit.kind for hit in hits] == [Kind.RESIDENT_ID, Kind.MOBILE]
    for hit in hits:
        assert RESIDENT_ID not in hit.context
        assert "13812345678" not in hit.context
        assert "110105********002X" in hit.context
        assert "138****5678" in hit.context


def test_body_html_is_scanned_as_text():
    text = screening.html_to_text(
        '<p>低保<b>名单</b>明细</p><p><a href="mailto:li@example.com">来信</a></p>'
        "<script>var tel = '13812345678';</script>"
    )
    assert "低保名单明细" in text
    assert "li@example.com" in text
    assert "13812345678" not in text


# --- Negative-list keywords ---------------------------------------------------------------------


def test_keywords_of_the_agencys_negative_list_hit(document, drafter_a, agency_a):
    entry = negative_entry(agency_a, "低保名单明细，Internal Draft")
    document.summary = "附：低保名单明细及 INTERNAL draft 说明"
    document.save()

    run = run_screening(document, drafter_a)

    hits = list(run.hits.filter(kind=Kind.KEYWORD))
    assert [(hit.match, hit.location, hit.negative_entry) for hit in hits] == [
        ("低保名单明细", "摘要", entry),
        ("INTERNAL draft", "摘要", entry),
    ]


def test_keywords_of_another_agencys_negative_list_do_not_hit(document, drafter_a, agency_b):
    negative_entry(agency_b, "低保名单明细")
    document.summary = "附：低保名单明细"
    document.save()

    run = run_screening(document, drafter_a)

    assert not run.hits.filter(kind=Kind.KEYWORD).exists()


def test_keywords_of_entries_not_in_force_do_not_hit(document, drafter_a, agency_a):
    negative_entry(agency_a, "低保名单明细", is_active=False)
    negative_entry(agency_a, "名单明细", effective_date=dt.date.today() + dt.timedelta(days=30))
    document.summary = "附：低保名单明细"
    document.save()

    run = run_screening(document, drafter_a)

    assert not run.hits.filter(kind=Kind.KEYWORD).exists()


def test_keyword_broken_by_a_line_break_still_hits():
    entry = NegativeListEntry(pk=1, keywords="低保名单明细")
    rules = screening.keyword_rules([entry])
    found = screening.find_keywords("附件：低保名\n单明细", rules)
    assert [(match.kind, match.entry_id) for match in found] == [(Kind.KEYWORD, 1)]


# --- Attachments --------------------------------------------------------------------------------


def test_pdf_hit_reports_its_page(document, drafter_a):
    pdf = make_pdf([["Page one: nothing here."], [f"Applicant ID {RESIDENT_ID}, thanks."]])
    attach(document, "名单.pdf", Attachment.Kind.PDF, pdf)

    run = run_screening(document, drafter_a)

    assert [(hit.kind, hit.location) for hit in run.hits.all()] == [
        (Kind.RESIDENT_ID, "附件《名单.pdf》第2页")
    ]


def test_xlsx_hits_report_their_sheet(document, drafter_a, agency_a):
    entry = negative_entry(agency_a, "低保名单明细")
    xlsx = make_xlsx(
        {
            "说明": [["低保名单明细"]],
            "Sheet1": [["姓名", "电话", "邮箱"], ["张三", 13812345678, "zhang@example.com"]],
        }
    )
    attach(document, "名单.xlsx", Attachment.Kind.XLSX, xlsx)

    run = run_screening(document, drafter_a)

    assert [(hit.kind, hit.location, hit.negative_entry) for hit in run.hits.all()] == [
        (Kind.KEYWORD, "附件《名单.xlsx》工作表说明", entry),
        (Kind.MOBILE, "附件《名单.xlsx》工作表Sheet1", None),
        (Kind.EMAIL, "附件《名单.xlsx》工作表Sheet1", None),
    ]


def test_docx_hits_in_paragraphs_and_tables_are_found(document, drafter_a):
    content = make_docx(["经办人邮箱 wang@example.com"], [["户主", "银行卡号"], ["王五", CARD_19]])
    attach(document, "发放表.docx", Attachment.Kind.DOCX, content)

    run = run_screening(document, drafter_a)

    assert [(hit.kind, hit.location) for hit in run.hits.all()] == [
        (Kind.EMAIL, "附件《发放表.docx》"),
        (Kind.BANK_CARD, "附件《发放表.docx》"),
    ]


def test_docx_headers_are_screened(document, drafter_a):
    content = docx.Document()
    content.sections[0].header.paragraphs[0].text = "联系人 13812345678"
    content.add_paragraph("正文")
    out = io.BytesIO()
    content.save(out)
    attach(document, "通知.docx", Attachment.Kind.DOCX, out.getvalue())

    run = run_screening(document, drafter_a)

    assert [(hit.kind, hit.location) for hit in run.hits.all()] == [
        (Kind.MOBILE, "附件《通知.docx》")
    ]


def test_extracted_text_is_kept_on_the_attachment(document, drafter_a):
    attachment = attach(
        document, "名单.xlsx", Attachment.Kind.XLSX, make_xlsx({"Sheet1": [["救助金额", 500]]})
    )

    run_screening(document, drafter_a)

    attachment.refresh_from_db()
    assert attachment.text == "Sheet1\n救助金额\t500"


def test_a_corrupt_pdf_does_not_fail_the_screening(document, drafter_a):
    attach(document, "坏文件.pdf", Attachment.Kind.PDF, b"%PDF-1.4\n" + b"\x00garbage" * 50)
    attach(document, "名单.pdf", Attachment.Kind.PDF, make_pdf([["Tel 13812345678"]]))

    run = run_screening(document, drafter_a)

    assert run.state == State.DONE
    assert [hit.location for hit in run.hits.all()] == ["附件《名单.pdf》第1页"]


def test_an_encrypted_pdf_gives_no_text_and_a_warning_without_content(document, caplog):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([[f"ID {RESIDENT_ID}"]]))))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    attachment = attach(document, "加密.pdf", Attachment.Kind.PDF, out.getvalue())

    with caplog.at_level(logging.WARNING, logger="disclosure.textract"):
        assert textract.extract_text(attachment) == ""

    assert "no text extracted" in caplog.text
    assert RESIDENT_ID not in caplog.text


def test_attachments_of_other_kinds_give_no_text(document):
    attachment = attach(document, "旧文件.doc", Attachment.Kind.DOC, b"\xd0\xcf\x11\xe0" * 100)
    assert textract.extract_text(attachment) == ""


# --- Runs ---------------------------------------------------------------------------------------


def test_hits_are_stored_masked(document, drafter_a):
    document.body = f"<p>申请人张三，身份证号码{RESIDENT_ID}，银行卡{CARD_19}。</p>"
    document.save()
    attach(document, "名单.pdf", Attachment.Kind.PDF, make_pdf([[f"ID {RESIDENT_ID}"]]))

    run = run_screening(document, drafter_a)

    rows = list(ScreeningHit.objects.filter(run=run).values_list("match", "context", "location"))
    assert len(rows) == 3
    stored = "\n".join("\n".join(row) for row in rows)
    assert RESIDENT_ID not in stored
    assert CARD_19 not in stored
    assert "110105********002X" in stored


def test_finished_run_is_done_at_100_percent(document, drafter_a):
    attach(document, "名单.pdf", Attachment.Kind.PDF, make_pdf([["one"], ["two"], ["three"]]))

    run = run_screening(document, drafter_a)

    run.refresh_from_db()
    assert (run.state, run.progress, run.error) == (State.DONE, 100, "")
    assert run.started_at <= run.finished_at


def test_progress_is_written_at_most_every_few_percent(document, drafter_a):
    attach(
        document, "长文件.pdf", Attachment.Kind.PDF, make_pdf([[f"page {n}"] for n in range(60)])
    )
    run = ScreeningRun.objects.create(document=document, requested_by=drafter_a)

    with CaptureQueriesContext(connection) as queries:
        screening.screening_run(run_id=run.pk)

    progress_writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("UPDATE") and '"progress"' in query["sql"]
    ]
    assert 5 <= len(progress_writes) <= 100 // screening.PROGRESS_STEP + 2


def test_starting_a_screening_queues_it_after_the_commit(
    document, drafter_a, django_capture_on_commit_callbacks
):
    document.title = "关于张三（手机13812345678）的公示"
    document.save()

    with django_capture_on_commit_callbacks() as callbacks:
        run = screening.screening_start(document=document, user=drafter_a)
    assert run.state == State.QUEUED
    assert len(callbacks) == 1

    callbacks[0]()  # the commit happens; the task runs eagerly in tests
    run.refresh_from_db()
    assert run.state == State.DONE
    assert [(hit.kind, hit.location) for hit in run.hits.all()] == [(Kind.MOBILE, "标题")]


def test_staff_of_another_agency_cannot_start_a_screening(document, staff_b):
    with pytest.raises(PermissionDenied):
        screening.screening_start(document=document, user=staff_b)


def test_running_twice_does_not_duplicate_hits(document, drafter_a):
    document.body = "<p>手机13812345678，邮箱a@example.com</p>"
    document.save()
    run = run_screening(document, drafter_a)

    screening.screening_run(run_id=run.pk)

    assert run.hits.count() == 2


def test_rerun_after_a_worker_crash_replaces_the_hits(document, drafter_a):
    document.body = "<p>手机13812345678，邮箱a@example.com</p>"
    document.save()
    run = run_screening(document, drafter_a)
    # As if the worker died after writing the hits, before the run was marked done.
    ScreeningRun.objects.filter(pk=run.pk).update(state=State.RUNNING)

    screening.screening_run(run_id=run.pk)

    run.refresh_from_db()
    assert run.state == State.DONE
    assert run.hits.count() == 2


def test_screening_is_current_until_the_document_is_edited(document, drafter_a):
    run_screening(document, drafter_a)
    assert screening.screening_is_current(document)

    document.body = "<p>改过的正文</p>"
    document.save()

    assert not screening.screening_is_current(document)


def test_a_new_attachment_makes_the_screening_outdated(document, drafter_a):
    run_screening(document, drafter_a)

    attach(document, "补充.pdf", Attachment.Kind.PDF, make_pdf([["more"]]))

    assert not screening.screening_is_current(document)


def test_an_unfinished_screening_is_not_current(document, drafter_a):
    ScreeningRun.objects.create(document=document, requested_by=drafter_a)
    assert not screening.screening_is_current(document)


def test_unresolved_hits_come_from_the_latest_finished_run(document, drafter_a):
    document.summary = "手机13812345678"
    document.save()
    run_screening(document, drafter_a)
    document.summary = "手机13812345678，邮箱a@example.com"
    document.save()
    latest = run_screening(document, drafter_a)
    ScreeningRun.objects.create(document=document, requested_by=drafter_a)  # queued, not done

    hits = screening.unresolved_hits(document)

    assert {hit.run_id for hit in hits} == {latest.pk}
    assert sorted(hit.kind for hit in hits) == [Kind.EMAIL, Kind.MOBILE]
    assert screening.latest_run(document).state == State.QUEUED


def test_resolving_a_hit_without_a_reason_is_refused(document, drafter_a, reviewer_a):
    document.summary = "手机13812345678"
    document.save()
    hit = run_screening(document, drafter_a).hits.get()

    with pytest.raises(ValidationError):
        screening.hit_resolve(hit=hit, user=reviewer_a, resolution="  ")

    hit.refresh_from_db()
    assert not hit.resolved


def test_resolving_a_hit_is_recorded_in_the_audit_trail(document, drafter_a, reviewer_a):
    document.summary = "办公室手机13812345678"
    document.save()
    hit = run_screening(document, drafter_a).hits.get()

    screening.hit_resolve(hit=hit, user=reviewer_a, resolution="单位公开的值班手机，可以公开。")

    assert not screening.unresolved_hits(document).exists()
    event = DocumentEvent.objects.get(document=document, action="screening_resolve")
    assert event.actor == reviewer_a
    assert "单位公开的值班手机" in event.note
    assert "13812345678" not in event.note


def test_only_a_reviewer_resolves_hits(document, drafter_a):
    document.summary = "手机13812345678"
    document.save()
    hit = run_screening(document, drafter_a).hits.get()

    with pytest.raises(PermissionDenied):
        screening.hit_resolve(hit=hit, user=drafter_a, resolution="没问题")
