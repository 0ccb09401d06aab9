"""Site scoping (``SearchParams.site_path``, set by the site group): only the items of an agency
and the agencies below it, in the results and in the facet counts; on both backends."""

from __future__ import annotations

import dataclasses

import pytest

from portal import sites
from portal.search import indexing, query, suggest
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


# --- Through the site group's hosts: the search page, the API, the suggestions ----------------

CITY_HOST = "lishui.localhost"
OTHER_HOST = "other.localhost"


@pytest.fixture
def two_sites(settings, spread, agency_a, agency_b):
    """丽水市's site (agency A and its bureau) and agency B's site, each on its own host."""
    settings.ALLOWED_HOSTS = [".localhost", "testserver"]
    sites.site_create(name="丽水市人民政府门户网站", root_agency=agency_a, hosts=[CITY_HOST])
    sites.site_create(name="另一个政府网站", root_agency=agency_b, hosts=[OTHER_HOST])
    return spread


def test_the_search_page_of_each_site_finds_only_what_that_site_shows(client, two_sites):
    city = client.get("/search/", {"q": "政务公开"}, HTTP_HOST=CITY_HOST)
    other = client.get("/search/", {"q": "政务公开"}, HTTP_HOST=OTHER_HOST)
    assert city.status_code == other.status_code == 200
    for name in ("a", "bureau"):
        assert two_sites[name].get_absolute_url() in city.content.decode()
        assert two_sites[name].get_absolute_url() not in other.content.decode()
    assert two_sites["b"].get_absolute_url() in other.content.decode()
    assert two_sites["b"].get_absolute_url() not in city.content.decode()


def test_the_search_api_is_scoped_by_host_and_by_the_site_parameter(client, two_sites):
    on_city = client.get("/api/v1/search/", {"q": "政务公开"}, HTTP_HOST=CITY_HOST).json()
    assert on_city["total"] == 2
    asked = client.get(
        "/api/v1/search/", {"q": "政务公开", "site": OTHER_HOST}, HTTP_HOST=CITY_HOST
    ).json()
    assert asked["total"] == 1
    assert asked["results"][0]["url"].endswith(two_sites["b"].get_absolute_url())
    unknown = client.get("/api/v1/search/", {"q": "政务公开", "site": "nobody.localhost"})
    assert unknown.status_code == 404


def test_suggestions_offer_only_the_sites_own_items(two_sites, agency_a, agency_b):
    on_city = {hit.key for hit in suggest.suggest("请问政务公开工作", site_path=agency_a.path)}
    on_other = {hit.key for hit in suggest.suggest("请问政务公开工作", site_path=agency_b.path)}
    assert on_city == {f"document:{two_sites[name].pk}" for name in ("a", "bureau")}
    assert on_other == {f"document:{two_sites['b'].pk}"}
