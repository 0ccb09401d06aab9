"""Policy interpretation in the site search: published interpretations, Q&A entries and
consultations are found; drafts, unpublished entries and comments never are."""

from __future__ import annotations

import pytest

from interpretation import questions
from interpretation.models import Comment, PolicyQuestion
from portal.search import indexing
from publishing import workflow
from tests.disclosure.conftest import make_draft
from tests.interpretation.conftest import approve, make_consultation, make_interpretation
from tests.search.conftest import indexed_keys, search, search_index  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_an_interpretation_is_found_once_published_and_gone_once_withdrawn(
    agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    interpretation = make_interpretation(
        agency_a,
        drafter_a,
        [make_draft(agency_a, drafter_a)],
        background="城乡低保标准动态调整机制",
    )
    indexing.reconcile()
    assert search("动态调整机制").total == 0  # a draft is never indexed
    approve(interpretation, drafter=drafter_a, reviewer=reviewer_a)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(obj=interpretation, user=publisher_a)
    assert search("动态调整机制").total == 1
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(obj=interpretation, user=publisher_a, reason="政策调整")
    assert search("动态调整机制").total == 0


def test_q_and_a_entries_are_found_only_when_published(
    agency_a, django_capture_on_commit_callbacks
):
    entry = PolicyQuestion(agency=agency_a, question="申请信息公开要交费吗", answer="不收取费用")
    with django_capture_on_commit_callbacks(execute=True):
        questions.question_save(question=entry)
    assert search("交费").total == 0
    entry.is_published = True
    with django_capture_on_commit_callbacks(execute=True):
        questions.question_save(question=entry)
    assert search("交费").total == 1
    with django_capture_on_commit_callbacks(execute=True):
        questions.question_delete(question=entry)
    assert search("交费").total == 0


def test_consultations_are_found_but_never_their_comments(
    agency_a, drafter_a, reviewer_a, publisher_a, django_capture_on_commit_callbacks
):
    consultation = make_consultation(agency_a, drafter_a, title="城乡居民低保标准调整方案征求意见")
    approve(consultation, drafter=drafter_a, reviewer=reviewer_a)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(obj=consultation, user=publisher_a)
    Comment.objects.create(
        consultation=consultation, contact="13812345678", body="待审核的匿名意见"
    )
    indexing.rebuild()
    indexing.reconcile()
    assert search("低保标准调整").total == 1
    assert search("待审核的匿名意见").total == 0
    assert search("13812345678").total == 0
    assert not any(key.startswith("comment") for key in indexed_keys())
