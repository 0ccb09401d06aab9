"""Answer letters (答复告知书) and fee notices as HTML and PDF, released files, and Art 44:
turning released information into proactive disclosure."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import sys

import pytest
from pypdf import PdfReader

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from disclosure.models import (
    Attachment,
    DisclosureAttribute,
    Document,
    LegalGround,
    NegativeCategory,
    NegativeListEntry,
)
from portal.models import AgencyKind, AgencyLevel
from publishing.models import Status as DocumentStatus
from requests_app import handling, letters, releases
from requests_app.models import (
    RECORD_CORRECTION_OUTCOMES,
    FeeNotice,
    InformationRequest,
    Outcome,
    RequestEvent,
    RequestKind,
    VolumeInquiry,
)
from tests.factories import AgencyFactory

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
RECEIVED = dt.date(2026, 11, 2)
ANSWERED = dt.date(2026, 11, 20)
NAME, PHONE, ID_NUMBER = "张三", "13812345678", "11010519491231002X"
_numbers = itertools.count(1)
WIDE = "\u4e00-\u9fff，。：；、（）“”"  # Chinese characters and punctuation


def make_request(agency, **fields) -> InformationRequest:
    values = {
        "tracking_number": f"2026-{next(_numbers):06d}",
        "access_code_hash": "x",
        "agency": agency,
        "channel": "online",
        "applicant_type": "person",
        "name": NAME,
        "id_type": "resident_id",
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "email": "a@example.com",
        "description": "请公开2025年本市财政预算执行情况",
        "delivery_method": "email",
        "delivery_form": "electronic",
        "received_on": RECEIVED,
        "status": "in_progress",
        "applicant_key": "k1",
        "subject_key": "2025年本市财政预算执行情况",
        **fields,
    }
    return InformationRequest.objects.create(**values)


def answer(info_request, user, outcome, **fields) -> InformationRequest:
    values = {"answered_on": ANSWERED, **fields}
    handling.request_answer(info_request=info_request, user=user, outcome=outcome, **values)
    info_request.refresh_from_db()
    return info_request


def pdf_upload(name: str = "答复材料（已处理）.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def info_request(agency_a):
    return make_request(agency_a)


@pytest.fixture
def published_document(agency_a):
    return Document.objects.create(
        agency=agency_a,
        title="2025年本市财政预算执行情况的报告",
        index_number="331100000/2026-00007",
        date_formed=dt.date(2026, 6, 1),
        date_published=dt.date(2026, 6, 5),
        status=DocumentStatus.PUBLISHED,
    )


@pytest.fixture
def disclosed(info_request, handler_a):
    return answer(info_request, handler_a, Outcome.DISCLOSED).answer


# --- Letters --------------------------------------------------------------------------------

ARTICLES = [
    (Outcome.ALREADY_PUBLIC, "第三十六条第（一）项"),
    (Outcome.DISCLOSED, "第三十六条第（二）项"),
    (Outcome.PARTIAL, "第三十七条"),
    (Outcome.WITHHELD_STATE_SECRET, "第十四条"),
    (Outcome.WITHHELD_LAW_FORBIDS, "第十四条"),
    (Outcome.WITHHELD_SECURITY_STABILITY, "第十四条"),
    (Outcome.WITHHELD_THIRD_PARTY, "第十五条"),
    (Outcome.WITHHELD_INTERNAL_AFFAIRS, "第十六条第一款"),
    (Outcome.WITHHELD_PROCESS_INFORMATION, "第十六条第二款"),
    (Outcome.WITHHELD_ENFORCEMENT_FILES, "第十六条第二款"),
    (Outcome.WITHHELD_INQUIRY, "第三十六条第（七）项"),
    (Outcome.UNABLE_NOT_HELD, "第三十六条第（四）项"),
    (Outcome.UNABLE_NEEDS_CREATION, "第三十八条"),
    (Outcome.UNABLE_UNCLEAR, "第三十条"),
    (Outcome.NOT_PROCESSED_COMPLAINT, "第三十九条第一款"),
    (Outcome.NOT_PROCESSED_REPEATED, "第三十六条第（六）项"),
    (Outcome.NOT_PROCESSED_PUBLICATION, "第三十九条第二款"),
    (Outcome.NOT_PROCESSED_EXCESSIVE, "第三十五条"),
    (Outcome.NOT_PROCESSED_CONFIRMATION, "第三十八条"),
    (Outcome.OTHER, "申请人书面撤回了申请"),
    (Outcome.RECORD_CORRECTED, "第四十一条"),
    (Outcome.RECORD_REFERRED, "第四十一条"),
    (Outcome.RECORD_APPLY_ELSEWHERE, "第四十一条"),
    (Outcome.RECORD_NOT_CORRECTED, "申请人书面撤回了申请"),
]


def letter_for(outcome, info_request, handler, published_document) -> str:
    fields = {"reasons": "申请人书面撤回了申请"}
    if outcome == Outcome.PARTIAL:
        fields["withheld_parts"] = "第3页个人信息已作遮盖处理"
    if outcome == Outcome.ALREADY_PUBLIC:
        fields["published_document"] = published_document
    if outcome in {Outcome.WITHHELD_INQUIRY, Outcome.RECORD_REFERRED,
                   Outcome.RECORD_APPLY_ELSEWHERE}:  # fmt: skip
        fields["special_procedure"] = "不动产登记资料查询"
        fields["procedure_agency"] = "丽水市不动产登记中心"
    if outcome == Outcome.NOT_PROCESSED_EXCESSIVE:
        VolumeInquiry.objects.create(
            request=info_request, asked_on=RECEIVED, question="请说明理由",
            decision=VolumeInquiry.Decision.UNREASONABLE,
        )  # fmt: skip
    if outcome in RECORD_CORRECTION_OUTCOMES:
        InformationRequest.objects.filter(pk=info_request.pk).update(
            kind=RequestKind.RECORD_CORRECTION
        )
        info_request.refresh_from_db()
    return answer(info_request, handler, outcome, **fields).answer.letter_html


@pytest.mark.parametrize(("outcome", "citation"), ARTICLES)
def test_each_outcome_letter_cites_its_article(
    outcome, citation, info_request, handler_a, published_document
):
    assert citation in letter_for(outcome, info_request, handler_a, published_document)


@pytest.mark.parametrize("outcome", [outcome for outcome, _ in ARTICLES])
def test_no_letter_has_gaps_between_chinese_characters(
    outcome, info_request, handler_a, published_document
):
    # A line break of the template layout would print as a space inside Chinese text.
    letter = letter_for(outcome, info_request, handler_a, published_document)
    assert not re.search(rf"[{WIDE}]\s+[{WIDE}]", letter)


def test_every_outcome_has_a_letter_template():
    answerable = set(Outcome.values) - {Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_FEE_UNPAID}
    assert answerable == set(letters.LETTER_TEMPLATES)


def test_letter_has_heading_number_and_addressee(info_request, handler_a):
    letter = answer(info_request, handler_a, Outcome.DISCLOSED).answer.letter_html
    assert "政府信息公开申请答复告知书" in letter
    assert f"〔2026〕第{info_request.tracking_number[5:]}号" in letter
    assert "张三：" in letter


def test_letter_states_receipt_date_and_what_was_asked(info_request, handler_a):
    letter = answer(info_request, handler_a, Outcome.DISCLOSED).answer.letter_html
    assert "2026年11月2日收到" in letter
    assert "请公开2025年本市财政预算执行情况" in letter


def test_letter_quotes_the_request_without_doubling_its_full_stop(info_request, handler_a):
    info_request.description = "请公开2025年本市财政预算执行情况。\n"
    info_request.save(update_fields=["description"])
    letter = answer(info_request, handler_a, Outcome.DISCLOSED).answer.letter_html
    text = re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", letter))
    assert "您申请获取的政府信息为：“请公开2025年本市财政预算执行情况”。现答复如下" in text
    assert "。”" not in text


def test_letter_states_the_corrected_receipt_date(agency_a, handler_a):
    info_request = make_request(agency_a, corrected_on=dt.date(2026, 11, 9))
    letter = answer(info_request, handler_a, Outcome.DISCLOSED).answer.letter_html
    assert "2026年11月9日收到您补正后的申请" in letter


def test_letter_ends_with_agency_and_answer_date(info_request, handler_a):
    letter = answer(info_request, handler_a, Outcome.DISCLOSED).answer.letter_html
    seal = letter[letter.index('class="letter-seal"') :]
    assert "丽水市人民政府" in seal
    assert "2026年11月20日" in seal


def test_letter_names_reconsideration_and_litigation(info_request, handler_a):
    letter = answer(info_request, handler_a, Outcome.DISCLOSED).answer.letter_html
    assert "60日内" in letter
    assert "行政复议" in letter
    assert "6个月内" in letter
    assert "行政诉讼" in letter


def test_a_government_is_reviewed_by_the_government_above(agency_a):
    assert letters.reconsideration_body(agency_a) == "上一级人民政府"


def test_a_department_is_reviewed_by_its_government(province):
    department = AgencyFactory(parent=province, kind=AgencyKind.DEPARTMENT, level=AgencyLevel.CITY)
    assert letters.reconsideration_body(department).startswith("本级人民政府")


def test_letter_is_chinese_whatever_the_staff_language(info_request, handler_a):
    # The tests run with English active (conftest); the letter stays Chinese.
    letter = answer(info_request, handler_a, Outcome.DISCLOSED).answer.letter_html
    assert "E-mail" not in letter
    assert "电子邮件" in letter


def test_already_public_letter_says_where_it_is(info_request, handler_a, published_document):
    letter = answer(
        info_request, handler_a, Outcome.ALREADY_PUBLIC, published_document=published_document
    ).answer.letter_html
    assert "《2025年本市财政预算执行情况的报告》" in letter
    assert "331100000/2026-00007" in letter
    assert published_document.get_absolute_url() in letter


def test_disclosed_letter_says_how_it_is_provided(agency_a, handler_a):
    info_request = make_request(agency_a, delivery_method="post", delivery_form="paper")
    letter = answer(info_request, handler_a, Outcome.DISCLOSED).answer.letter_html
    assert "以纸质形式邮寄至您预留的通信地址" in letter


def test_partial_letter_lists_the_withheld_parts(info_request, handler_a):
    letter = answer(
        info_request, handler_a, Outcome.PARTIAL, withheld_parts="第3页个人信息已作遮盖处理"
    ).answer.letter_html
    assert "第三十七条" in letter
    assert "第3页个人信息已作遮盖处理" in letter


def test_withheld_letter_cites_the_negative_list_entry(agency_a, info_request, handler_a):
    entry = NegativeListEntry.objects.create(
        agency=agency_a,
        category=NegativeCategory.RIGHTS,
        legal_ground=LegalGround.THIRD_PARTY,
        matter="救助对象的身份证号码和银行账号",
        basis="《中华人民共和国政府信息公开条例》第十五条",
        effective_date=dt.date(2026, 1, 1),
    )
    letter = answer(
        info_request,
        handler_a,
        Outcome.WITHHELD_THIRD_PARTY,
        reasons="涉及个人隐私，第三方不同意公开",
        negative_entry=entry,
    ).answer.letter_html
    assert "涉及个人隐私，第三方不同意公开" in letter
    assert "救助对象的身份证号码和银行账号" in letter


def test_not_held_letter_refers_to_the_other_agency(info_request, handler_a, agency_b):
    agency_b.office_name = "杭州市人民政府办公厅政务公开办"
    agency_b.office_phone = "0571-85251234"
    agency_b.save()
    letter = answer(
        info_request, handler_a, Outcome.UNABLE_NOT_HELD, referred_agency=agency_b
    ).answer.letter_html
    assert "第三十六条第（五）项" in letter
    assert "杭州市人民政府" in letter
    assert "0571-85251234" in letter


def test_letter_lists_files_released_after_the_answer(disclosed, handler_a):
    releases.released_file_add(answer=disclosed, upload=pdf_upload(), user=handler_a)
    assert "答复材料（已处理）.pdf" in letters.render_letter_html(disclosed)


# --- PDF ------------------------------------------------------------------------------------


def test_letter_pdf_has_chinese_heading_and_tracking_number(disclosed):
    text = pdf_text(letters.render_letter_pdf(disclosed))
    assert "政府信息公开申请答复告知书" in text
    assert disclosed.request.tracking_number in text


def test_letter_pdf_embeds_a_chinese_font(disclosed):
    reader = PdfReader(io.BytesIO(letters.render_letter_pdf(disclosed)))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("WenQuanYi" in font or "CJK" in font for font in fonts), fonts


def test_letter_pdf_embeds_the_released_files(disclosed, handler_a):
    releases.released_file_add(answer=disclosed, upload=pdf_upload(), user=handler_a)
    reader = PdfReader(io.BytesIO(letters.render_letter_pdf(disclosed)))
    assert reader.attachments["答复材料（已处理）.pdf"] == [PDF_BYTES]


def test_missing_weasyprint_raises_pdf_unavailable(disclosed, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if not installed
    with pytest.raises(letters.PdfUnavailable, match="无法生成PDF"):
        letters.render_letter_pdf(disclosed)


# --- Fee notice -----------------------------------------------------------------------------


@pytest.fixture
def fee_notice(info_request, handler_a) -> FeeNotice:
    handling.request_fee_notice(
        info_request=info_request,
        user=handler_a,
        method=FeeNotice.Method.BY_VOLUME,
        pages=120,
        sent_on=dt.date(2026, 11, 5),
        received_on=dt.date(2026, 11, 6),
    )
    return info_request.fees.get()


def test_fee_notice_states_amount_and_pay_by_date(fee_notice):
    letter = letters.render_fee_notice_html(fee_notice)
    assert "人民币1100.00元" in letter
    pay_by = fee_notice.pay_by
    assert f"于{pay_by.year}年{pay_by.month}月{pay_by.day}日前" in letter


def test_fee_notice_says_unpaid_means_abandoned(fee_notice):
    letter = letters.render_fee_notice_html(fee_notice)
    assert "视为放弃申请" in letter
    assert "非税" in letter


def test_fee_breakdown_adds_up_to_the_amount(fee_notice):
    lines = letters.fee_breakdown(fee_notice)
    assert [(line.first, line.last) for line in lines] == [(31, 100), (101, 120)]
    assert sum(line.subtotal for line in lines) == fee_notice.amount


def test_fee_notice_pdf_states_the_amount(fee_notice):
    text = pdf_text(letters.render_fee_notice_pdf(fee_notice))
    assert "收费通知书" in text
    assert "1100.00" in text


# --- Released files -------------------------------------------------------------------------


def test_handler_adds_a_released_file(disclosed, handler_a):
    released = releases.released_file_add(answer=disclosed, upload=pdf_upload(), user=handler_a)
    assert released.original_name == "答复材料（已处理）.pdf"
    assert released.content_type == "application/pdf"
    assert released.file.read() == PDF_BYTES


def test_released_file_is_stored_under_a_generated_name(disclosed, handler_a):
    released = releases.released_file_add(answer=disclosed, upload=pdf_upload(), user=handler_a)
    assert "答复材料" not in released.file.name


def test_applicant_sees_that_a_file_was_released(disclosed, handler_a):
    releases.released_file_add(answer=disclosed, upload=pdf_upload(), user=handler_a)
    event = RequestEvent.objects.filter(request=disclosed.request).latest("id")
    assert event.visible_to_applicant
    assert event.public_note.startswith("答复附件已提供")


def test_staff_of_another_agency_cannot_release_files(disclosed, staff_b):
    with pytest.raises(PermissionDenied):
        releases.released_file_add(answer=disclosed, upload=pdf_upload(), user=staff_b)


def test_a_disguised_file_is_refused(disclosed, handler_a):
    upload = SimpleUploadedFile("答复.pdf", b"MZ\x90\x00" + b"\0" * 100)
    with pytest.raises(ValidationError, match="does not match"):
        releases.released_file_add(answer=disclosed, upload=upload, user=handler_a)


def test_no_file_is_released_after_closing(disclosed, handler_a):
    handling.request_close(
        info_request=disclosed.request,
        user=handler_a,
        delivery_method="email",
        delivered_on=ANSWERED,
    )
    with pytest.raises(ValidationError, match="not yet closed"):
        releases.released_file_add(answer=disclosed, upload=pdf_upload(), user=handler_a)


def test_a_refusal_releases_no_file(info_request, handler_a):
    refused = answer(info_request, handler_a, Outcome.WITHHELD_STATE_SECRET, reasons="绝密")
    with pytest.raises(ValidationError, match="nothing to release"):
        releases.released_file_add(answer=refused.answer, upload=pdf_upload(), user=handler_a)


# --- Art 44: proactive disclosure from an answer ---------------------------------------------


def test_drafter_turns_an_answer_into_a_linked_draft(disclosed, drafter_a):
    document = releases.answer_publish_proactively(answer=disclosed, user=drafter_a)
    disclosed.refresh_from_db()
    assert disclosed.published_as == document
    assert list(document.source_requests.all()) == [disclosed]
    assert document.status == DocumentStatus.DRAFT
    assert document.disclosure_attribute == DisclosureAttribute.PROACTIVE
    assert document.date_formed == ANSWERED
    assert document.summary == "依申请公开转主动公开（《条例》第四十四条）"


def test_proactive_draft_takes_the_requested_document_title(agency_a, handler_a, drafter_a):
    info_request = make_request(agency_a, document_title="关于2025年本市财政预算执行情况的报告")
    disclosed = answer(info_request, handler_a, Outcome.DISCLOSED).answer
    document = releases.answer_publish_proactively(answer=disclosed, user=drafter_a)
    assert document.title == "关于2025年本市财政预算执行情况的报告"


def test_proactive_draft_keeps_a_title_that_starts_with_a_verb(agency_a, handler_a, drafter_a):
    info_request = make_request(agency_a, document_title="公开招聘工作人员公告")
    disclosed = answer(info_request, handler_a, Outcome.DISCLOSED).answer
    document = releases.answer_publish_proactively(answer=disclosed, user=drafter_a)
    assert document.title == "公开招聘工作人员公告"


def test_proactive_draft_copies_the_released_files(disclosed, handler_a, drafter_a):
    releases.released_file_add(answer=disclosed, upload=pdf_upload(), user=handler_a)
    document = releases.answer_publish_proactively(answer=disclosed, user=drafter_a)
    attachment = Attachment.objects.get(document=document)
    assert attachment.original_name == "答复材料（已处理）.pdf"
    assert attachment.kind == Attachment.Kind.PDF
    assert attachment.file.read() == PDF_BYTES
    assert len(attachment.sha256) == 64


def test_proactive_draft_holds_no_personal_data(agency_a, handler_a, drafter_a):
    info_request = make_request(
        agency_a,
        description=f"本人{NAME}，身份证号{ID_NUMBER}，电话{PHONE}，请公开2025年本市财政预算执行情况。",
    )
    disclosed = answer(info_request, handler_a, Outcome.DISCLOSED).answer
    document = releases.answer_publish_proactively(answer=disclosed, user=drafter_a)
    published = f"{document.title} {document.summary} {document.body} {document.keywords}"
    for personal in (NAME, PHONE, ID_NUMBER, "a@example.com"):
        assert personal not in published
    assert document.title == "2025年本市财政预算执行情况"


def test_an_answer_is_published_proactively_only_once(disclosed, drafter_a):
    releases.answer_publish_proactively(answer=disclosed, user=drafter_a)
    with pytest.raises(ValidationError, match="already turned into"):
        releases.answer_publish_proactively(answer=disclosed, user=drafter_a)


def test_a_withheld_answer_cannot_be_published_proactively(info_request, handler_a, drafter_a):
    refused = answer(info_request, handler_a, Outcome.WITHHELD_THIRD_PARTY, reasons="个人隐私")
    with pytest.raises(ValidationError, match="Art 44"):
        releases.answer_publish_proactively(answer=refused.answer, user=drafter_a)


def test_only_a_drafter_publishes_an_answer_proactively(disclosed, handler_a):
    with pytest.raises(PermissionDenied):
        releases.answer_publish_proactively(answer=disclosed, user=handler_a)


# --- Art 44: subjects asked for by several applicants ----------------------------------------


def test_repeated_subjects_count_applicants_not_requests(agency_a):
    for key in ("k1", "k1", "k2"):
        make_request(agency_a, applicant_key=key, subject_key="财政预算")
    for _ in range(3):
        make_request(agency_a, applicant_key="k3", subject_key="老旧小区改造")
    [row] = releases.repeated_subjects(agency_ids=[agency_a.pk])
    assert (row.subject_key, row.applicants, row.requests) == ("财政预算", 2, 3)


def test_repeated_subjects_point_to_the_latest_request(agency_a):
    make_request(agency_a, applicant_key="k1", subject_key="财政预算")
    latest = make_request(agency_a, applicant_key="k2", subject_key="财政预算")
    [row] = releases.repeated_subjects(agency_ids=[agency_a.pk])
    assert row.latest_request_id == latest.pk
    assert row.latest_tracking_number == latest.tracking_number


def test_repeated_subjects_stay_within_the_given_agencies(agency_a, agency_b):
    make_request(agency_b, applicant_key="k1", subject_key="财政预算")
    make_request(agency_b, applicant_key="k2", subject_key="财政预算")
    assert releases.repeated_subjects(agency_ids=[agency_a.pk]) == []


def test_repeated_subjects_take_one_query(agency_a, django_assert_num_queries):
    for key in ("k1", "k2", "k3"):
        make_request(agency_a, applicant_key=key, subject_key="财政预算")
        make_request(agency_a, applicant_key=key, subject_key="老旧小区改造")
    with django_assert_num_queries(1):
        rows = releases.repeated_subjects(agency_ids=[agency_a.pk])
    assert len(rows) == 2
