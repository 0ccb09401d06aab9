"""Word segmentation and traditional/simplified folding, on the real corpus."""

from __future__ import annotations

import pytest

from portal.search import analysis
from tests.search.conftest import corpus_files, keys, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def search_backend():
    """Analysis is the same for both backends: run once."""
    return "whoosh"


def test_folding_turns_traditional_into_simplified():
    assert analysis.fold("廣西壯族自治區關於全面推進政務公開的實施意見") == (
        "广西壮族自治区关于全面推进政务公开的实施意见"
    )


def test_folding_narrows_full_width_forms_and_lowers_case():
    assert analysis.fold("ＡＢＣ１２３，〔２０１６〕") == "abc123,〔2016〕"


def test_folding_keeps_every_character_of_the_corpus_at_its_offset():
    for path in corpus_files():
        text = path.read_text(encoding="utf-8")
        assert len(analysis.fold(text)) == len(text)


def test_tokens_point_at_the_original_traditional_characters():
    text = "推進政務公開"
    # The tokenizer yields one Token object, changed in place: read it as it comes.
    tokens = analysis.ChineseTokenizer()(text, chars=True)
    spans = {token.text: text[token.startchar : token.endchar] for token in tokens}
    assert spans["政务"] == "政務"
    assert spans["政务公开"] == "政務公開"


def test_long_words_are_also_indexed_by_the_words_inside_them():
    terms = {
        term for term, *_ in analysis.index_tokens(analysis.fold("中华人民共和国政府信息公开条例"))
    }
    assert {"人民", "共和国", "信息", "公开", "条例"} <= terms


def test_a_query_word_splits_into_parts_for_text_cut_differently():
    assert analysis.query_parts("中华人民共和国政府") == ["中华人民共和国", "政府"]
    assert analysis.query_parts("2016") == []


def test_traditional_query_finds_simplified_text(corpus):
    found = keys(search("實施方案"))
    # 004 (丽水) and 003 (黄山) are in simplified characters.
    assert f"document:{corpus['004'].pk}" in found
    assert f"document:{corpus['003'].pk}" in found


def test_simplified_query_finds_traditional_text(corpus):
    found = keys(search("实施意见 广西"))
    assert found == [f"document:{corpus['000'].pk}"]


def test_traditional_and_simplified_queries_find_the_same_documents(corpus):
    assert set(keys(search("政務公開"))) == set(keys(search("政务公开")))
    assert len(search("政务公开").hits) == 5


def test_every_word_of_a_query_must_occur(corpus):
    assert keys(search("南通 政务公开")) == [f"document:{corpus['001'].pk}"]
    assert search("南通 黄山").total == 0
