"""Search before you ask (``suggest``), on both backends: any meaningful word of a question
finds published items, the best first; asking words alone find nothing."""

from __future__ import annotations

import pytest

from portal.search import indexing, suggest
from tests.search.conftest import published_document

pytestmark = pytest.mark.django_db


def test_a_question_finds_the_items_about_it_best_first(agency_a):
    about = published_document(agency_a, title="住房公积金贷款额度调整的通知")
    mentions = published_document(agency_a, body="<p>另附公积金缴存说明。</p>")
    unrelated = published_document(agency_a, title="防汛抗旱工作要点", body="<p>防汛。</p>")
    indexing.index_keys(f"document:{d.pk}" for d in (about, mentions, unrelated))
    hits = suggest.suggest("请问公积金贷款额度是多少")
    assert [hit.key for hit in hits] == [f"document:{about.pk}", f"document:{mentions.pk}"]
    assert "<mark>" in hits[0].title


def test_asking_words_alone_find_nothing(agency_a):
    indexing.index_keys([f"document:{published_document(agency_a).pk}"])
    assert suggest.suggest("请问如何") == []


def test_suggestions_can_be_limited_to_content_types(agency_a):
    indexing.index_keys([f"document:{published_document(agency_a, title='公积金').pk}"])
    assert suggest.suggest("公积金", types=("catalog_item",)) == []
