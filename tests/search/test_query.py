"""The search service: exact number matches, facets, filters, sorting, snippets."""

from __future__ import annotations

import datetime as dt

import pytest

from disclosure.models import Genre, Theme, Validity
from portal.search import indexing, query
from tests.factories import AgencyFactory
from tests.search.conftest import keys, published_document, search

pytestmark = pytest.mark.django_db


def index(*documents) -> None:
    indexing.index_keys(f"document:{document.pk}" for document in documents)


@pytest.fixture
def cited(agency_a):
    """Several documents citing 〔2016〕81号 in their text, and the one that carries it."""
    citing = [
        published_document(
            agency_a,
            title=f"关于贯彻丽委办发〔2016〕81号文件的第{n}次通知",
            body="<p>根据丽委办发〔2016〕81号文件精神，" + "全面推进政务公开工作。" * n + "</p>",
            date_published=dt.date(2026, 1, n),
        )
        for n in range(1, 4)
    ]
    carrier = published_document(
        agency_a,
        title="关于全面推进政务公开工作的实施方案",
        doc_number="丽委办发〔2016〕81号",
        date_published=dt.date(2016, 12, 5),
    )
    index(*citing, carrier)
    return carrier


def test_exact_document_number_comes_first(cited):
    results = search("丽委办发〔2016〕81号")
    assert results.total == 4
    assert results.hits[0].key == f"document:{cited.pk}"
    assert results.hits[0].exact
    assert not any(hit.exact for hit in results.hits[1:])


def test_exact_document_number_comes_first_also_by_date(cited):
    results = search("丽委办发〔2016〕81号", sort="date")
    assert results.hits[0].key == f"document:{cited.pk}"
    assert [hit.date for hit in results.hits[1:]] == sorted(
        (hit.date for hit in results.hits[1:]), reverse=True
    )


def test_document_number_from_the_year_on_with_other_brackets_finds_it(cited):
    assert search("[2016]81号").hits[0].key == f"document:{cited.pk}"
    assert search("（2016）81号").hits[0].key == f"document:{cited.pk}"


def test_index_number_finds_the_document(cited):
    first = search(cited.index_number).hits[0]
    assert (first.key, first.exact) == (f"document:{cited.pk}", True)


def test_facets_count_type_agency_theme_genre_year_and_validity(agency_a, agency_b):
    theme = Theme.objects.create(name="城乡建设")
    notice = Genre.objects.get_or_create(name="通知")[0]
    index(
        published_document(agency_a, theme=theme, genre=notice, date_published=dt.date(2025, 5, 1)),
        published_document(agency_a, validity=Validity.EXPIRED),
        published_document(agency_b, theme=Theme.objects.create(name="规划", parent=theme)),
    )
    facets = search("政务公开").facets

    def counts(name):
        return {option.label: option.count for option in facets[name]}

    assert counts("type") == {"Documents": 3}
    assert counts("agency") == {agency_a.name: 2, agency_b.name: 1}
    assert counts("theme") == {"城乡建设": 2}  # a second-level theme counts for its parent
    assert counts("genre") == {"通知": 1}
    assert counts("year") == {"2026": 2, "2025": 1}
    assert counts("validity") == {"In force": 2, "Expired": 1}


def test_a_facet_filter_narrows_the_results_and_the_counts(agency_a, agency_b):
    mine = published_document(agency_a)
    index(mine, published_document(agency_b))
    results = search("政务公开", agency=agency_a.code)
    assert keys(results) == [f"document:{mine.pk}"]
    assert [(o.value, o.count, o.selected) for o in results.facets["agency"]] == [
        (agency_a.code, 1, True)
    ]


def test_agency_facet_is_not_fooled_by_an_unknown_code(agency_a):
    index(published_document(agency_a))
    assert search("政务公开", agency=AgencyFactory.build().code).total == 0


def test_sort_by_date_puts_the_newest_first(agency_a):
    older = published_document(agency_a, date_published=dt.date(2020, 1, 1))
    newer = published_document(agency_a, date_published=dt.date(2024, 1, 1))
    index(older, newer)
    assert keys(search("政务公开", sort="date")) == [f"document:{newer.pk}", f"document:{older.pk}"]


def test_results_are_paginated(agency_a):
    index(*(published_document(agency_a) for _ in range(3)))
    second = query.search(query.parse_params({"q": "政务公开", "page": "2"}), per_page=2)
    assert (second.page, second.num_pages, len(second.hits)) == (2, 2, 1)


def test_a_page_past_the_end_shows_the_last_page(agency_a):
    index(published_document(agency_a))
    assert search("政务公开", page="99").page == 1


def test_snippet_marks_the_words_in_the_original_characters(corpus):
    hit = next(hit for hit in search("政务公开").hits if hit.key == f"document:{corpus['000'].pk}")
    assert "<mark>政務公開</mark>" in hit.snippet
    assert "<mark>政務公開</mark>" in hit.title


def test_highlighting_escapes_html_in_the_document_text(agency_a):
    index(
        published_document(
            agency_a,
            title="<b>政务公开</b>测试",
            body="<p>&lt;script&gt;alert(1)&lt;/script&gt; 政务公开 &amp; 信息</p>",
        )
    )
    hit = search("政务公开").hits[0]
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hit.snippet
    assert "<mark>政务公开</mark> &amp;amp; 信息" not in hit.snippet
    assert "<mark>政务公开</mark> &amp; 信息" in hit.snippet
    assert hit.title == "&lt;b&gt;<mark>政务公开</mark>&lt;/b&gt;测试"


def test_an_empty_query_searches_nothing(agency_a):
    index(published_document(agency_a))
    results = search("   ")
    assert not results.searched
    assert results.total == 0
    assert results.facets == {}


def test_malformed_parameters_are_ignored_and_named():
    results = search("政务公开", year="20x6", sort="random", page="-1", type="requests")
    assert results.params.ignored == ("type", "year", "sort", "page")
    assert results.params.sort == "relevance"


def test_a_word_is_found_where_the_text_cuts_it_differently(agency_a):
    whole = published_document(agency_a, body="<p>丽水市政务公开工作。</p>")
    apart = published_document(agency_a, body="<p>丽水 市 政务公开工作。</p>")
    index(whole, apart)
    # 丽水市 is one word in the first text; in the second it is only 丽水 and 市.
    assert keys(search("丽水市")) == [f"document:{whole.pk}", f"document:{apart.pk}"]


def test_a_document_number_query_marks_the_whole_number(cited):
    hit = search("〔2016〕81号").hits[1]
    assert "<mark>〔2016〕81号</mark>" in hit.snippet
