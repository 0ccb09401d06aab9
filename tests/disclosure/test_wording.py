"""Wording checks before publication: the site's sensitive words and wrong forms (规范表述) are
screening hits, which block approval until the text is corrected or the reviewer overrides
them with a reason — the same mechanism as personal data."""

from __future__ import annotations

import pytest

from django.core.exceptions import ValidationError

from disclosure import documents, screening
from disclosure.models import DocumentEvent, ScreeningHit
from publishing import wording, workflow
from publishing.models import ReviewResult, Status, WordingRule
from tests.disclosure.conftest import make_draft

pytestmark = pytest.mark.django_db

OLD_NAME = "国家工商行政管理总局"
NEW_NAME = "国家市场监督管理总局"


@pytest.fixture
def old_name_rule(db):
    return WordingRule.objects.create(
        kind=WordingRule.Kind.CORRECTION, wrong=OLD_NAME, right=NEW_NAME, note="2018年机构改革"
    )


def test_a_wrong_form_is_found_with_its_right_form(old_name_rule):
    text = f"根据{OLD_NAME[:4]} {OLD_NAME[4:]}的要求"  # a line break from PDF extraction

    (found,) = wording.find_wording(text, wording.active_rules())

    assert found.kind == WordingRule.Kind.CORRECTION
    assert found.suggestion == NEW_NAME


def test_a_wrong_form_inside_its_right_form_is_not_reported():
    WordingRule.objects.create(
        kind=WordingRule.Kind.CORRECTION, wrong="人民政府", right="丽水市人民政府"
    )

    assert wording.find_wording("丽水市人民政府办公室", wording.active_rules()) == []
    assert len(wording.find_wording("人民政府办公室", wording.active_rules())) == 1


def test_an_inactive_rule_finds_nothing():
    WordingRule.objects.create(kind=WordingRule.Kind.SENSITIVE, wrong="内部资料", is_active=False)

    assert wording.find_wording("内部资料，注意保存", wording.active_rules()) == []


def submitted(document, drafter, capture):
    with capture(execute=True):
        return workflow.submit(obj=document, user=drafter)


def test_a_document_with_a_wrong_form_is_approved_only_once_corrected(
    old_name_rule, agency_a, drafter_a, reviewer_a, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    document = make_draft(agency_a, drafter_a, body=f"<p>按照{OLD_NAME}有关规定执行。</p>")
    submitted(document, drafter_a, capture)

    (hit,) = screening.unresolved_hits(document)
    assert (hit.kind, hit.match, hit.suggestion) == (ScreeningHit.Kind.WORDING, OLD_NAME, NEW_NAME)
    with pytest.raises(ValidationError, match="1 unresolved hits"):
        workflow.approve(obj=document, user=reviewer_a, review_result=ReviewResult.CLEAR)

    workflow.return_to_draft(obj=document, user=reviewer_a, note="机构名称已变更，请更正")
    document.refresh_from_db()
    document.body = f"<p>按照{NEW_NAME}有关规定执行。</p>"
    documents.document_save(document=document, user=drafter_a)
    submitted(document, drafter_a, capture)

    approved = workflow.approve(obj=document, user=reviewer_a, review_result=ReviewResult.CLEAR)
    assert approved.status == Status.APPROVED


def test_a_wrong_form_may_be_overridden_with_a_reason(
    old_name_rule, agency_a, drafter_a, reviewer_a, django_capture_on_commit_callbacks
):
    document = make_draft(agency_a, drafter_a, body=f"<p>原{OLD_NAME}2017年发布的文件。</p>")
    submitted(document, drafter_a, django_capture_on_commit_callbacks)

    approved = workflow.approve(
        obj=document,
        user=reviewer_a,
        review_result=ReviewResult.CLEAR,
        override_reason="引用历史文件，须保留原机构名称",
    )

    assert approved.status == Status.APPROVED
    event = DocumentEvent.objects.filter(document=document, action="approve").get()
    assert "引用历史文件，须保留原机构名称" in event.note


def test_a_sensitive_word_in_an_interpretation_stops_it_without_a_reason(agency_a):
    WordingRule.objects.create(kind=WordingRule.Kind.SENSITIVE, wrong="内部资料")
    texts = [("正文", "本解读为内部资料。")]

    with pytest.raises(ValidationError, match="1 possible items"):
        screening.check_publishable_texts(agency_id=agency_a.pk, texts=texts)
    note = screening.check_publishable_texts(
        agency_id=agency_a.pk, texts=texts, override_reason="指原文件密级标注，已核实"
    )
    assert "内部资料" in note
