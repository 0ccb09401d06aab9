"""Interpretations and consultations are screened for personal data at approval (Art 15),
like documents: the reviewer sees what was found (masked) and may only go on with a reason."""

from __future__ import annotations

import datetime as dt

import pytest

from django.core.exceptions import ValidationError

from disclosure.models import LegalGround, NegativeCategory, NegativeListEntry
from interpretation.models import Interpretation
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.disclosure.conftest import make_draft
from tests.interpretation.conftest import make_consultation, make_interpretation

pytestmark = pytest.mark.django_db

BASE = "/admin/interpretation/interpretation"


@pytest.fixture
def document(agency_a, drafter_a):
    return make_draft(agency_a, drafter_a)


@pytest.fixture
def leaky(agency_a, drafter_a, document):
    interpretation = make_interpretation(
        agency_a, drafter_a, [document], attention="如有疑问请联系经办人张三，手机13857841234。"
    )
    workflow.submit(obj=interpretation, user=drafter_a)
    return interpretation


def test_a_mobile_number_in_an_interpretation_stops_the_approval(leaky, reviewer_a):
    with pytest.raises(ValidationError) as refused:
        workflow.approve(obj=leaky, user=reviewer_a, review_result=ReviewResult.CLEAR)
    message = " ".join(refused.value.messages)
    assert "1 possible items of personal data" in message
    assert "13857841234" not in message  # named masked, never in clear
    assert "138" in message and "1234" in message
    assert Interpretation.objects.get(pk=leaky.pk).status == Status.IN_REVIEW


def test_the_reviewer_may_override_with_a_reason_which_is_recorded(leaky, reviewer_a):
    approved = workflow.approve(
        obj=leaky,
        user=reviewer_a,
        review_result=ReviewResult.CLEAR,
        override_reason="经办人同意公开其工作手机",
    )
    assert approved.status == Status.APPROVED
    note = approved.events.get(action="approve").note
    assert "经办人同意公开其工作手机" in note and "13857841234" not in note


def test_a_clean_interpretation_is_approved_without_a_reason(
    agency_a, drafter_a, reviewer_a, document
):
    clean = make_interpretation(agency_a, drafter_a, [document])
    workflow.submit(obj=clean, user=drafter_a)
    approved = workflow.approve(obj=clean, user=reviewer_a, review_result=ReviewResult.CLEAR)
    assert approved.status == Status.APPROVED


def test_negative_list_keywords_in_a_consultation_stop_the_approval(
    agency_a, drafter_a, reviewer_a
):
    NegativeListEntry.objects.create(
        agency=agency_a,
        category=NegativeCategory.RIGHTS,
        legal_ground=LegalGround.THIRD_PARTY,
        matter="救助对象的身份证号码和银行账号",
        basis="《中华人民共和国政府信息公开条例》第十五条",
        keywords="救助对象名单",
        effective_date=dt.date(2026, 1, 1),
    )
    consultation = make_consultation(agency_a, drafter_a, explanation="本方案附有救助对象名单。")
    workflow.submit(obj=consultation, user=drafter_a)
    with pytest.raises(ValidationError, match="negative-list keywords"):
        workflow.approve(obj=consultation, user=reviewer_a, review_result=ReviewResult.CLEAR)


def test_the_consultation_contact_is_not_screened(agency_a, drafter_a, reviewer_a):
    consultation = make_consultation(agency_a, drafter_a, contact="lsmzj@lishui.gov.cn")
    workflow.submit(obj=consultation, user=drafter_a)
    approved = workflow.approve(obj=consultation, user=reviewer_a, review_result=ReviewResult.CLEAR)
    assert approved.status == Status.APPROVED


def test_the_admin_approval_page_takes_the_override(client, leaky, reviewer_a):
    client.force_login(reviewer_a)
    url = f"{BASE}/{leaky.pk}/workflow/approve/"
    client.cookies["django_language"] = "en"  # chosen with the switch
    page = client.post(url, {"review_result": ReviewResult.CLEAR}, follow=True).content.decode()
    assert "possible items of personal data" in page and 'name="override_reason"' in page
    client.post(url, {"review_result": ReviewResult.CLEAR, "override_reason": "已核实"})
    assert Interpretation.objects.get(pk=leaky.pk).status == Status.APPROVED
