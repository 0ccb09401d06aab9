"""Demo data: the corpus interpretation (003) as an interpretation of its policy document."""

from __future__ import annotations

from io import StringIO

import pytest

from django.core.management import call_command

from disclosure.models import Document
from interpretation.demo import INTERPRETATION_TITLE, POLICY_TITLE
from interpretation.models import Comment, Consultation, Interpretation, Phase, PolicyQuestion
from publishing.models import Status

pytestmark = pytest.mark.django_db


def load() -> None:
    call_command("load_demo", "--allow-production", stdout=StringIO())


def snapshot() -> tuple:
    return (
        sorted(Interpretation.objects.values_list("title", "status", "published_at")),
        sorted(Document.objects.values_list("title", "index_number")),
        sorted(PolicyQuestion.objects.values_list("question", "is_published")),
        sorted(Consultation.objects.values_list("title", "opens_on", "closes_on")),
        Comment.objects.count(),
    )


def test_the_corpus_interpretation_explains_its_policy():
    load()
    interpretation = Interpretation.objects.get(title=INTERPRETATION_TITLE)
    policy = Document.objects.get(title=POLICY_TITLE)
    assert interpretation.status == policy.status == Status.PUBLISHED
    assert list(interpretation.documents.all()) == [policy]
    assert policy.agency.code == interpretation.agency.code == "341000001"
    assert not policy.is_normative and policy.doc_number == "" and policy.summary
    # The sections as the editor writes them: each source paragraph a paragraph, the kept
    # headings subheadings (interpretation.bodies).
    assert interpretation.background.startswith("<p>推进基层政务公开标准化规范化是国务院办公厅")
    assert "<h3>起草过程</h3>" in interpretation.background
    assert interpretation.purpose.startswith(
        "<h3>制定意义和总体考虑</h3><p>一是贯彻落实政务公开工作"
    )
    assert "(六)开展探索创新" in interpretation.main_content  # as in the source
    assert interpretation.main_content.endswith("及时解决推进过程中存在的问题。</p>")
    # It is not also a plain document any more.
    assert not Document.objects.filter(title=INTERPRETATION_TITLE).exists()


def test_q_and_a_and_consultations_come_with_it():
    load()
    assert PolicyQuestion.objects.published().filter(documents__title=POLICY_TITLE).count() == 3
    phases = {c.phase() for c in Consultation.objects.published()}
    assert phases == {Phase.OPEN, Phase.CLOSED}
    # The interpretation demo's closed consultation (the decisions demo adds more of its own).
    closed = Consultation.objects.filter(closed_at__isnull=False).order_by("pk").first()
    assert closed is not None
    assert closed.report_published_at and closed.comments.exists()


def test_loading_twice_changes_nothing():
    load()
    before = snapshot()
    load()
    assert snapshot() == before
