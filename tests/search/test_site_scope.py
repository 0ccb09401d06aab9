"""Site scoping (``SearchParams.site_path``, set by the site group): only the items of an agency
and the agencies below it, in the results and in the facet counts; on both backends."""

from __future__ import annotations

import dataclasses

import pytest

from portal.search import indexing, query
from tests.factories import AgencyFactory
from tests.search.conftest import published_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(agency_a, agency_b):
    """A document of agency A, one of a bureau under A, and one of agency B."""
    bureau = AgencyFactory(parent=agency_a, name="丽水市教育局", code="331100010")
    documents = {
        "a": published_document(agency_a),
        "bureau": published_document(bureau),
        "b": published_document(agency_b),
    }
    indexing.index_keys(f"document:{document.pk}" for document in documents.values())
    return documents


def scoped(site_path: str, **params: str) -> query.SearchResults:
    parsed = query.parse_params({"q": "政务公开", **params})
    return query.search(dataclasses.replace(parsed, site_path=site_path))


def test_a_site_finds_its_agency_and_the_agencies_below_it(spread, agency_a):
    results = scoped(agency_a.path)
    expected = {f"document:{spread[name].pk}" for name in ("a", "bureau")}
    assert {hit.key for hit in results.hits} == expected
    assert results.total == 2


def test_a_site_counts_only_its_own_items_in_the_facets(spread, agency_a, agency_b):
    agencies = {option.value: option.count for option in scoped(agency_a.path).facets["agency"]}
    assert agency_b.code not in agencies
    assert sum(agencies.values()) == 2


def test_a_bureaus_site_does_not_see_its_parent(spread):
    bureau = spread["bureau"].agency
    assert [hit.key for hit in scoped(bureau.path).hits] == [f"document:{spread['bureau'].pk}"]


def test_without_a_site_every_agency_is_searched(spread):
    assert scoped("").total == 3


def test_the_site_is_not_taken_from_the_query_string(spread, agency_b):
    assert query.parse_params({"q": "政务公开", "site_path": agency_b.path}).site_path == ""
