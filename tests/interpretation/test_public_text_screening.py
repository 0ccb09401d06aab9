"""Every text that becomes public passes the same personal-data screening as documents
(Art 15), with the same override-with-reason: approved consultation comments, the adoption
report and its replies, policy Q&A entries, media captions and annual-report sections."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from interpretation import consultations, questions
from interpretation.models import (
    Adoption,
    Comment,
    Consultation,
    Interpretation,
    Moderation,
    PolicyQuestion,
)
from publishing import workflow
from publishing.models import ReviewResult, Status
from reports.models import AnnualReport
from tests.disclosure.conftest import make_draft
from tests.interpretation.conftest import (
    PNG,
    add_media,
    approve,
    make_consultation,
    make_interpretation,
)

pytestmark = pytest.mark.django_db

MOBILE = "13857841234"
ID_NUMBER = "330102199001011234"
LEAKY = f"我家邻居王某身份证号{ID_NUMBER}，手机{MOBILE}，一直在领低保。"


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def open_consultation(agency_a, drafter_a, reviewer_a, publisher_a):
    consultation = make_consultation(agency_a, drafter_a, opens_on=days(-5), closes_on=days(25))
    approve(consultation, drafter=drafter_a, reviewer=reviewer_a)
    return workflow.publish(obj=consultation, user=publisher_a)


def comment(consultation, body: str = LEAKY, name: str = "") -> Comment:
    return consultations.comment_submit(
        consultation=consultation, name=name, contact="13800000000", body=body
    )


# --- Consultation comments ----------------------------------------------------------------


def test_a_comment_with_personal_data_is_not_approved_without_a_reason(
    open_consultation, reviewer_a
):
    leaky = comment(open_consultation)
    with pytest.raises(ValidationError) as refused:
        consultations.comment_moderate(comment=leaky, user=reviewer_a, approve=True)
    message = " ".join(refused.value.messages)
    assert "2 possible items of personal data" in message
    assert MOBILE not in message and ID_NUMBER not in message  # named masked
    assert Comment.objects.get(pk=leaky.pk).moderation == Moderation.PENDING


def test_a_phone_number_typed_as_the_name_is_caught(open_consultation, reviewer_a):
    leaky = comment(open_consultation, body="建议提高标准。", name=MOBILE)
    with pytest.raises(ValidationError, match="personal data"):
        consultations.comment_moderate(comment=leaky, user=reviewer_a, approve=True)


def test_the_moderator_may_override_with_a_reason_which_is_recorded(open_consultation, reviewer_a):
    leaky = comment(open_consultation)
    consultations.comment_moderate(
        comment=leaky, user=reviewer_a, approve=True, override_reason="号码系虚构，经核实"
    )
    assert Comment.objects.get(pk=leaky.pk).moderation == Moderation.APPROVED
    note = open_consultation.events.get(action="comment_approve").note
    assert "号码系虚构，经核实" in note and MOBILE not in note


def test_a_clean_comment_is_approved_and_rejection_needs_no_screening(
    open_consultation, reviewer_a
):
    clean = comment(open_consultation, body="建议同步提高特困人员供养标准。")
    consultations.comment_moderate(comment=clean, user=reviewer_a, approve=True)
    leaky = comment(open_consultation)
    consultations.comment_moderate(
        comment=leaky, user=reviewer_a, approve=False, reason="含个人信息"
    )
    assert Comment.objects.get(pk=clean.pk).moderation == Moderation.APPROVED
    assert Comment.objects.get(pk=leaky.pk).moderation == Moderation.REJECTED


def test_the_moderation_page_shows_the_hits_and_takes_the_override(
    client, open_consultation, reviewer_a
):
    leaky = comment(open_consultation)
    client.force_login(reviewer_a)
    url = f"/admin/interpretation/consultation/{open_consultation.pk}/comments/"
    client.cookies["django_language"] = "en"  # chosen with the switch
    page = client.post(
        url, {"comment": leaky.pk, "operation": "approve"}, follow=True
    ).content.decode()
    assert "possible items of personal data" in page and 'name="override_reason"' in page
    assert Comment.objects.get(pk=leaky.pk).moderation == Moderation.PENDING
    client.post(url, {"comment": leaky.pk, "operation": "approve", "override_reason": "已核实"})
    assert Comment.objects.get(pk=leaky.pk).moderation == Moderation.APPROVED


# --- The adoption report ------------------------------------------------------------------


@pytest.fixture
def decided(open_consultation, reviewer_a):
    """Comments closed, one approved comment decided with a reply naming a person."""
    approved = comment(open_consultation, body="建议增加分类施保的规定。")
    consultations.comment_moderate(comment=approved, user=reviewer_a, approve=True)
    consultations.comment_set_adoption(
        comment=approved,
        user=reviewer_a,
        adoption=Adoption.NOT_ADOPTED,
        reason=f"已电话（{MOBILE}）告知意见人，不予采纳",
    )
    Consultation.objects.filter(pk=open_consultation.pk).update(
        opens_on=days(-31), closes_on=days(-1)
    )
    return Consultation.objects.get(pk=open_consultation.pk)


def test_a_reply_with_personal_data_stops_the_adoption_report(decided, publisher_a):
    with pytest.raises(ValidationError, match="personal data"):
        consultations.report_publish(
            consultation=decided, user=publisher_a, report="共收到意见1条。"
        )
    assert Consultation.objects.get(pk=decided.pk).report_published_at is None


def test_personal_data_in_the_report_itself_stops_it(open_consultation, publisher_a):
    Consultation.objects.filter(pk=open_consultation.pk).update(
        opens_on=days(-31), closes_on=days(-1)
    )
    with pytest.raises(ValidationError, match="personal data"):
        consultations.report_publish(
            consultation=Consultation.objects.get(pk=open_consultation.pk),
            user=publisher_a,
            report=f"意见人王某（{ID_NUMBER}）的意见已采纳。",
        )


def test_the_report_is_published_with_a_recorded_override(decided, publisher_a):
    published = consultations.report_publish(
        consultation=decided, user=publisher_a, report="共收到意见1条。", override_reason="已脱敏"
    )
    assert published.report_published_at is not None
    note = decided.events.get(action="publish_report").note
    assert "已脱敏" in note and MOBILE not in note


def test_the_report_page_takes_the_override(client, decided, publisher_a):
    client.force_login(publisher_a)
    url = f"/admin/interpretation/consultation/{decided.pk}/report/"
    client.cookies["django_language"] = "en"  # chosen with the switch
    page = client.post(url, {"report": "共收到意见1条。"})
    assert "possible items of personal data" in page.content.decode()
    client.post(url, {"report": "共收到意见1条。", "override_reason": "已脱敏"})
    assert Consultation.objects.get(pk=decided.pk).report_published_at is not None


# --- Policy Q&A ---------------------------------------------------------------------------

QA = "/admin/interpretation/policyquestion"


def qa_form(agency, **fields) -> dict:
    return {"agency": agency.pk, "question": "低保怎么申请？",
            "answer": f"请联系社区王某，电话{MOBILE}。", "order": "0", **fields}  # fmt: skip


def test_publishing_a_q_and_a_entry_with_personal_data_needs_a_reason(
    client, agency_a, publisher_a
):
    client.force_login(publisher_a)
    response = client.post(f"{QA}/add/", qa_form(agency_a, is_published="on"))
    assert response.status_code == 200
    assert "个人信息" in response.content.decode()  # the error, in the back office's Chinese
    assert not PolicyQuestion.objects.exists()
    response = client.post(
        f"{QA}/add/", qa_form(agency_a, is_published="on", override_reason="社区公开的工作电话")
    )
    assert response.status_code == 302
    entry = PolicyQuestion.objects.get()
    assert entry.is_published
    assert (
        "社区公开的工作电话" in entry.screening_override
        and "publisher_a" in entry.screening_override
    )
    assert MOBILE not in entry.screening_override


def test_an_unpublished_q_and_a_draft_is_not_screened(client, agency_a, drafter_a):
    client.force_login(drafter_a)
    assert client.post(f"{QA}/add/", qa_form(agency_a)).status_code == 302
    assert PolicyQuestion.objects.get().screening_override == ""


def test_changing_a_published_answer_is_screened_again(agency_a, publisher_a):
    entry = questions.question_save(
        question=PolicyQuestion(agency=agency_a, question="问", answer="答。", is_published=True),
        user=publisher_a,
    )
    entry.answer = f"请拨打{MOBILE}。"
    with pytest.raises(ValidationError, match="personal data"):
        questions.question_save(question=entry, user=publisher_a)
    assert PolicyQuestion.objects.get(pk=entry.pk).answer == "<p>答。</p>"


def test_re_saving_an_unchanged_published_entry_needs_no_new_reason(agency_a, publisher_a):
    entry = questions.question_save(
        question=PolicyQuestion(
            agency=agency_a, question="问", answer=f"请拨打{MOBILE}。", is_published=True
        ),
        user=publisher_a,
        override_reason="公开的咨询电话",
    )
    entry.order = 5
    questions.question_save(question=entry, user=publisher_a)
    assert PolicyQuestion.objects.get(pk=entry.pk).order == 5


# --- Interpretation media captions and annual reports ----------------------------------------


def test_a_caption_of_an_interpretations_image_is_screened(agency_a, drafter_a, reviewer_a):
    interpretation = make_interpretation(agency_a, drafter_a, [make_draft(agency_a, drafter_a)])
    add_media(
        interpretation, "image", "图解.png", PNG, alt_text="一图读懂", caption=f"咨询{MOBILE}"
    )
    workflow.submit(obj=interpretation, user=drafter_a)
    with pytest.raises(ValidationError, match="personal data"):
        workflow.approve(obj=interpretation, user=reviewer_a, review_result=ReviewResult.CLEAR)
    assert Interpretation.objects.get(pk=interpretation.pk).status == Status.IN_REVIEW


def test_an_annual_report_section_with_personal_data_stops_the_approval(
    agency_a, drafter_a, reviewer_a
):
    report = AnnualReport.objects.create(
        agency=agency_a,
        year=2025,
        drafter=drafter_a,
        section_problems=f"申请人张某（身份证号{ID_NUMBER}）提起行政复议，已纠正。",
    )
    workflow.submit(obj=report, user=drafter_a)
    with pytest.raises(ValidationError, match="personal data"):
        workflow.approve(obj=report, user=reviewer_a, review_result=ReviewResult.CLEAR)
    approved = workflow.approve(
        obj=report, user=reviewer_a, review_result=ReviewResult.CLEAR, override_reason="已核实"
    )
    assert approved.status == Status.APPROVED


def test_the_annual_report_approval_page_offers_the_override(
    client, agency_a, drafter_a, reviewer_a
):
    report = AnnualReport.objects.create(agency=agency_a, year=2025, drafter=drafter_a)
    workflow.submit(obj=report, user=drafter_a)
    client.force_login(reviewer_a)
    page = client.get(f"/admin/reports/annualreport/{report.pk}/workflow/approve/")
    assert 'name="override_reason"' in page.content.decode()
