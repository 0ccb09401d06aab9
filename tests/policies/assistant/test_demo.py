"""The demo: the corpus documents are split into passages when loaded, and the question of the
issue's journey finds its passage (the threshold works on real text, in both scripts)."""

from __future__ import annotations

from io import StringIO

import pytest

from django.core.management import call_command

from disclosure.demo import CORPUS_DOCUMENTS
from disclosure.models import Document, DocumentPassage
from policies import assistant
from portal.search import indexing

pytestmark = pytest.mark.django_db


def test_the_demo_corpus_is_split_and_answers_the_journey_question():
    call_command("load_demo", "--allow-production", stdout=StringIO())
    for spec in CORPUS_DOCUMENTS:
        document = Document.objects.get(title=spec.title)
        assert document.passages.filter(has_body=True).count() >= 3, spec.file
    before = dict(DocumentPassage.objects.values_list("pk", "anchor"))
    call_command("load_demo", "--allow-production", stdout=StringIO())
    assert dict(DocumentPassage.objects.values_list("pk", "anchor")) == before  # idempotent
    indexing.rebuild()

    result = assistant.answer("基层政务公开标准目录由谁编制")
    best = result.passages[0]
    assert best.document.title.startswith("南通市人民政府辦公室")
    assert best.passage.citation == "三、(一)"
    assert best.score >= assistant.min_score()
    assert result.entries  # and the Q&A entry on who compiles the catalogue
    assert not assistant.answer("公积金贷款额度如何计算").answered
