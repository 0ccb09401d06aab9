"""The articles the legal review found missing or approximate (issue 13 §4, §5), each test named
after its article: bounded consultation pauses (Art 32, 34), periods from receipt of the notice
(Art 30, fee rules), answers on time by delivery (Art 33), Art 35 both branches, Art 32 notice
to a third party, Art 36(五) and 36(七) letters, Art 41 requests, Art 27 bodies, reopening an
automatic closure."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.exceptions import PermissionDenied, ValidationError

from portal import workdays
from portal.models import AgencyKind
from reports import tables
from requests_app import handling, intake, letters
from requests_app.models import (
    InformationRequest,
    NoticeService,
    Outcome,
    RequestKind,
    Status,
    ThirdPartyNotice,
)
from tests.factories import AgencyFactory
from tests.requests_app.conftest import enter, new_request

pytestmark = pytest.mark.django_db
D = dt.date


def reload(info_request: InformationRequest) -> InformationRequest:
    return InformationRequest.objects.get(pk=info_request.pk)


# --- Art 32, Art 34: pauses bounded by the 15-working-day reply period ---------------------


def test_art32_a_late_closed_consultation_pauses_only_until_its_reply_due_date(received, handler_a):
    assert received.due_date == D(2026, 10, 22)
    handling.request_consult_third_party(
        info_request=received, user=handler_a, sent_on=D(2026, 9, 21), party="某某公司"
    )
    pause = received.pauses.get()
    # 15 working days from 21 September across 中秋 and 国庆 (10 October is worked).
    assert pause.reply_due == D(2026, 10, 19)
    closed = handling.request_third_party_replied(
        info_request=received, user=handler_a, ended_on=D(2026, 10, 23), result="consent"
    )
    # Only the 15 working days of the reply period stop the clock, not the 4 after it.
    assert closed.due_date == workdays.add_workdays(D(2026, 10, 22), 15)
    event = closed.events.get(action="third_party_replied")
    assert "4 working day(s) after the reply due date 2026-10-19" in event.note


def test_art34_an_open_consultation_counts_as_paused_only_up_to_its_reply_due_date(
    received, handler_a
):
    consulting = handling.request_consult_agency(
        info_request=received, user=handler_a, sent_on=D(2026, 9, 21), party="丽水市财政局",
        letter_received_on=D(2026, 9, 22),
    )  # fmt: skip
    pause = consulting.pauses.get()
    assert pause.letter_received_on == D(2026, 9, 22)
    assert pause.reply_due == D(2026, 10, 20)
    # The stored due date already counts the pause up to the reply due date: past it the
    # request is overdue although the consultation was never closed.
    due = consulting.due_date
    assert due == workdays.add_workdays(D(2026, 10, 22), 16)
    assert (
        InformationRequest.objects.overdue(workdays.add_workdays(due, 1))
        .filter(pk=received.pk)
        .exists()
    )
    assert not InformationRequest.objects.overdue(due).filter(pk=received.pk).exists()


def test_art34_closing_early_gives_back_the_unused_pause(received, handler_a):
    handling.request_consult_agency(
        info_request=received, user=handler_a, sent_on=D(2026, 9, 21), party="丽水市财政局"
    )
    closed = handling.request_agency_replied(
        info_request=received, user=handler_a, ended_on=D(2026, 9, 24), result="consent"
    )
    assert closed.due_date == D(2026, 10, 27)  # 22-24 September paused: three more days


# --- Periods run from the day the applicant receives the notice ------------------------------


def test_art30_correction_period_of_a_posted_notice_starts_on_delivery(received, handler_a):
    asked = handling.request_correction(
        info_request=received, user=handler_a, notified_on=D(2026, 9, 21),
        what_to_supplement="请补充文件名称", served_by=NoticeService.POST,
    )  # fmt: skip
    correction = asked.correction
    assert (correction.served_on, correction.due_on) == (None, None)
    # Nothing can expire before the period starts.
    assert not handling.machine.applies(asked, "abandon")
    with pytest.raises(ValidationError, match="not started"):
        handling.request_abandon(info_request=asked, user=handling.SYSTEM, today=D(2026, 12, 1))
    served = handling.request_notice_served(
        info_request=asked, user=handler_a, served_on=D(2026, 9, 24)
    )
    correction.refresh_from_db()
    assert correction.due_on == workdays.add_workdays(D(2026, 9, 24), 15)
    public = served.events.get(action="notice_served").public_note
    assert correction.due_on.isoformat() in public


def test_art30_an_electronic_correction_notice_is_received_the_day_it_is_sent(received, handler_a):
    asked = handling.request_correction(
        info_request=received, user=handler_a, notified_on=D(2026, 9, 21),
        what_to_supplement="请补充文件名称",
    )  # fmt: skip
    assert asked.correction.served_on == D(2026, 9, 21)
    assert asked.correction.due_on == workdays.add_workdays(D(2026, 9, 21), 15)


def test_fee_rules_payment_period_of_a_posted_notice_starts_on_delivery(received, handler_a):
    pending = handling.request_fee_notice(
        info_request=received, user=handler_a, method="by_volume", pages=50,
        sent_on=D(2026, 9, 21), served_by=NoticeService.POST,
    )  # fmt: skip
    notice = pending.fees.get()
    assert (notice.received_on, notice.pay_by) == (None, None)
    assert "within 20 working days of receiving" in pending.events.last().public_note
    handling.request_notice_served(info_request=pending, user=handler_a, served_on=D(2026, 9, 28))
    notice.refresh_from_db()
    assert notice.pay_by == workdays.add_workdays(D(2026, 9, 28), 20)


def test_art33_an_answer_posted_after_the_due_date_is_late_whatever_the_letter_date(
    received, handler_a
):
    answered = handling.request_answer(
        info_request=received,
        user=handler_a,
        outcome=Outcome.DISCLOSED,
        answered_on=D(2026, 10, 21),
    )
    # Written in time but not delivered: past the due date the request is overdue.
    assert InformationRequest.objects.overdue(D(2026, 10, 23)).filter(pk=received.pk).exists()
    closed = handling.request_close(
        info_request=answered, user=handler_a, delivery_method="post", delivered_on=D(2026, 10, 23)
    )
    assert "Delivered after the due date 2026-10-22" in closed.events.get(action="close").note


# --- Art 35: unreasonable numbers or frequency of requests -------------------------------


def test_art35_not_processed_needs_reasons_asked_and_found_unreasonable(
    received, handler_a, head_a
):
    with pytest.raises(ValidationError, match="Art 35"):
        handling.request_answer(
            info_request=received, user=handler_a, outcome=Outcome.NOT_PROCESSED_EXCESSIVE
        )
    handling.request_ask_reasons(
        info_request=received, user=handler_a, asked_on=D(2026, 9, 21), question="请说明申请用途"
    )
    handling.request_reasons_received(
        info_request=received, user=handler_a, received_on=D(2026, 9, 25), reply="用于研究"
    )
    with pytest.raises(PermissionDenied):
        handling.request_volume_decision(
            info_request=received, user=handler_a, decision="unreasonable", reason="理由不成立"
        )
    handling.request_volume_decision(
        info_request=received,
        user=head_a,
        decision="unreasonable",
        reason="一月内申请120件，理由不成立",
    )
    answered = handling.request_answer(
        info_request=received, user=handler_a, outcome=Outcome.NOT_PROCESSED_EXCESSIVE,
        answered_on=D(2026, 9, 28),
    )  # fmt: skip
    assert "第三十五条" in answered.answer.letter_html


def test_art35_a_reasonable_request_gets_the_office_heads_later_date(received, handler_a, head_a):
    handling.request_ask_reasons(
        info_request=received, user=handler_a, asked_on=D(2026, 9, 21), question="请说明申请用途"
    )
    later = received.due_date + dt.timedelta(days=60)
    with pytest.raises(ValidationError, match="after the current due date"):
        handling.request_volume_decision(
            info_request=received, user=head_a, decision="later_date", reason="材料较多",
            later_due_on=received.due_date,
        )  # fmt: skip
    decided = handling.request_volume_decision(
        info_request=received, user=head_a, decision="later_date",
        reason="涉及历年档案，需调取整理", later_due_on=later,
    )  # fmt: skip
    assert decided.due_date == later
    event = decided.events.get(action="volume_decision")
    assert event.visible_to_applicant and later.isoformat() in event.public_note
    # Answered by the later date, it is on time and counted under its outcome.
    assert not InformationRequest.objects.overdue(later).filter(pk=received.pk).exists()
    answered = handling.request_answer(
        info_request=decided, user=handler_a, outcome=Outcome.DISCLOSED, answered_on=D(2026, 11, 30)
    )
    assert answered.outcome == Outcome.DISCLOSED


# --- Art 32: disclosing despite a reasoned objection ------------------------------------------


def objected(received, handler_a) -> InformationRequest:
    handling.request_consult_third_party(
        info_request=received, user=handler_a, sent_on=D(2026, 9, 21), party="丽水某某建设有限公司"
    )
    return handling.request_third_party_replied(
        info_request=received, user=handler_a, ended_on=D(2026, 9, 28), result="objection"
    )


def test_art32_full_disclosure_over_an_objection_needs_the_public_interest_decision(
    received, handler_a, head_a
):
    request = objected(received, handler_a)
    with pytest.raises(ValidationError, match="Art 32"):
        handling.request_answer(info_request=request, user=handler_a, outcome=Outcome.DISCLOSED)
    with pytest.raises(PermissionDenied):
        handling.request_disclose_despite_objection(
            info_request=request, user=handler_a, reason="涉及公共安全"
        )
    handling.request_disclose_despite_objection(
        info_request=request,
        user=head_a,
        reason="工程质量问题涉及公共安全，不公开将对公共利益造成重大影响",
    )
    notice = ThirdPartyNotice.objects.get(request=request)
    assert notice.third_party == "丽水某某建设有限公司"
    assert "第三十二条" in notice.letter_html and "公共利益" in notice.letter_html
    assert "丽水某某建设有限公司：" in notice.letter_html
    event = request.events.get(action="disclose_despite_objection")
    assert not event.visible_to_applicant  # the internal timeline keeps it
    assert letters.render_third_party_notice_pdf(notice).startswith(b"%PDF-")
    handling.request_answer(info_request=request, user=handler_a, outcome=Outcome.DISCLOSED)


def test_art32_a_notice_to_the_third_party_never_names_the_applicant(received, handler_a, head_a):
    request = objected(received, handler_a)
    handling.request_disclose_despite_objection(
        info_request=request, user=head_a, reason="公共安全"
    )
    letter = ThirdPartyNotice.objects.get(request=request).letter_html
    assert request.name not in letter and request.phone not in letter


# --- Art 36(五), 36(七) -------------------------------------------------------------------


def test_art36_5_without_an_identifiable_agency_has_its_own_wording(received, handler_a):
    with pytest.raises(ValidationError, match="36"):
        handling.request_answer(
            info_request=received, user=handler_a, outcome=Outcome.UNABLE_NOT_HELD, not_ours=True
        )
    answered = handling.request_answer(
        info_request=received, user=handler_a, outcome=Outcome.UNABLE_NOT_HELD, not_ours=True,
        reasons="该信息系中央驻丽单位制作，本机关无法确定其公开主体",
    )  # fmt: skip
    letter = answered.answer.letter_html
    assert "第三十六条第（五）项" in letter
    assert "不属于本机关负责公开" in letter and "无法确定负责公开该政府信息的行政机关" in letter
    assert "第三十六条第（四）项" not in letter and "不存在" not in letter


def test_art36_4_not_held_still_says_the_information_does_not_exist(received, handler_a):
    letter = handling.request_answer(
        info_request=received, user=handler_a, outcome=Outcome.UNABLE_NOT_HELD
    ).answer.letter_html
    assert "第三十六条第（四）项" in letter and "不存在" in letter


def test_art36_7_an_inquiry_matter_names_the_procedure_and_the_agency(
    received, handler_a, agency_a
):
    registry = AgencyFactory(parent=agency_a, name="丽水市自然资源和规划局", code="331100009")
    with pytest.raises(ValidationError) as error:
        handling.request_answer(
            info_request=received, user=handler_a, outcome=Outcome.WITHHELD_INQUIRY, reasons="x"
        )
    assert {"special_procedure", "procedure_agency"} <= set(error.value.error_dict)
    letter = handling.request_answer(
        info_request=received, user=handler_a, outcome=Outcome.WITHHELD_INQUIRY,
        reasons="请携带身份证明前往查询", special_procedure="不动产登记资料查询",
        referred_agency=registry,
    ).answer.letter_html  # fmt: skip
    assert "第三十六条第（七）项" in letter and "第三十六条第（三）项" not in letter
    assert "不动产登记资料查询" in letter and "丽水市自然资源和规划局" in letter


# --- Art 41: requests to correct records about oneself ---------------------------------------


def test_art41_a_record_correction_request_is_answered_and_kept_out_of_table_three(
    agency_a, handler_a
):
    disclosure = enter(agency_a, handler_a, D(2026, 9, 18))
    correction = enter(agency_a, handler_a, D(2026, 9, 18), kind=RequestKind.RECORD_CORRECTION)
    with pytest.raises(ValidationError, match="Art 41"):
        handling.request_answer(info_request=correction, user=handler_a, outcome=Outcome.DISCLOSED)
    with pytest.raises(ValidationError):
        handling.request_answer(
            info_request=disclosure, user=handler_a, outcome=Outcome.RECORD_CORRECTED
        )
    with pytest.raises(ValidationError, match="not charged"):
        handling.request_fee_notice(
            info_request=correction, user=handler_a, method="by_volume", pages=80,
            sent_on=D(2026, 9, 21),
        )  # fmt: skip
    answered = handling.request_answer(
        info_request=correction, user=handler_a, outcome=Outcome.RECORD_CORRECTED,
        answered_on=D(2026, 9, 25),
    )  # fmt: skip
    assert "第四十一条" in answered.answer.letter_html
    assert "更正政府信息记录申请答复书" in answered.answer.letter_html
    handling.request_answer(
        info_request=disclosure,
        user=handler_a,
        outcome=Outcome.DISCLOSED,
        answered_on=D(2026, 9, 25),
    )
    table = tables.table_three([agency_a.pk], 2026)
    assert table["new"]["total"] == 1
    assert table["r1"]["total"] == 1
    assert table["decided"]["total"] == 1
    assert tables.invariant_breaches([agency_a.pk], 2026) == []


def test_art41_referral_names_the_agency_with_power(agency_a, handler_a, agency_b):
    correction = enter(agency_a, handler_a, D(2026, 9, 18), kind=RequestKind.RECORD_CORRECTION)
    with pytest.raises(ValidationError, match="power to correct"):
        handling.request_answer(
            info_request=correction, user=handler_a, outcome=Outcome.RECORD_REFERRED
        )
    letter = handling.request_answer(
        info_request=correction, user=handler_a, outcome=Outcome.RECORD_REFERRED,
        referred_agency=agency_b,
    ).answer.letter_html  # fmt: skip
    assert "转送有权更正的行政机关杭州市人民政府" in letter


# --- Art 27: who takes applications ------------------------------------------------------


def test_art27_a_residents_committee_takes_no_requests(agency_a, handler_a):
    committee = AgencyFactory(
        parent=agency_a, name="下河社区居民委员会", code="331100099", kind=AgencyKind.OTHER,
        takes_applications=False, applications_elsewhere="请向紫金街道办事处提出申请。",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="Art 27"):
        intake.request_submit_online(info_request=new_request(committee))
    handler_a.staff_roles.create(agency=committee, role="handler")
    with pytest.raises(ValidationError, match="紫金街道办事处"):
        enter(committee, handler_a, D(2026, 9, 18))
    assert not InformationRequest.objects.exists()


# --- Reopening an automatic closure --------------------------------------------------------


def test_reopen_an_abandoned_correction_with_good_reason(received, handler_a, head_a):
    handling.request_correction(
        info_request=received, user=handler_a, notified_on=D(2026, 9, 21),
        what_to_supplement="请补充文件名称",
    )  # fmt: skip
    closed = handling.request_abandon(
        info_request=received, user=handling.SYSTEM, today=D(2026, 10, 30)
    )
    assert closed.outcome == Outcome.OTHER_NO_CORRECTION
    with pytest.raises(PermissionDenied):
        handling.request_reopen(info_request=closed, user=handler_a, reason="住院")
    with pytest.raises(ValidationError, match="good reason"):
        handling.request_reopen(info_request=closed, user=head_a, reason=" ")
    reopened = handling.request_reopen(
        info_request=closed,
        user=head_a,
        reason="申请人住院治疗，提供了住院证明",
        period_workdays=10,
    )
    assert (reopened.status, reopened.outcome, reopened.closed_on) == (Status.CORRECTION, "", None)
    event = reopened.events.get(action="reopen")
    assert event.note == "申请人住院治疗，提供了住院证明" and event.visible_to_applicant
    # The clock resumes where it stopped: the corrected request restarts the 20 days (Art 30).
    corrected = handling.request_receive_correction(
        info_request=reopened, user=handler_a, received_on=dt.date.today()
    )
    assert corrected.due_date == workdays.add_workdays(corrected.corrected_on, 20)


def test_reopen_an_unpaid_fee_resumes_the_paused_clock(received, handler_a, head_a):
    handling.request_fee_notice(
        info_request=received, user=handler_a, method="by_volume", pages=50, sent_on=D(2026, 9, 21)
    )
    closed = handling.request_fee_expired(
        info_request=received, user=handling.SYSTEM, today=D(2026, 10, 28)
    )
    assert closed.pauses.get().ended_on is not None
    reopened = handling.request_reopen(info_request=closed, user=head_a, reason="银行系统故障")
    assert reopened.status == Status.FEE_PENDING
    assert reopened.pauses.get().ended_on is None  # still paused until payment
    notice = reopened.fees.get()
    assert notice.pay_by == workdays.add_workdays(dt.date.today(), 20)
    paid = handling.request_fee_paid(info_request=reopened, user=handler_a, paid_on=dt.date.today())
    assert paid.status == Status.IN_PROGRESS


def test_only_automatic_closures_can_be_reopened(received, handler_a, head_a):
    answered = handling.request_answer(
        info_request=received, user=handler_a, outcome=Outcome.DISCLOSED, answered_on=D(2026, 9, 25)
    )
    closed = handling.request_close(
        info_request=answered, user=handler_a, delivery_method="email", delivered_on=D(2026, 9, 25)
    )
    assert "reopen" not in dict(handling.available_actions(closed, head_a))
    with pytest.raises(ValidationError, match="Only a request closed"):
        handling.request_reopen(info_request=closed, user=head_a, reason="x")
