"""The public search page (/search/) and the API (/api/v1/search/)."""

from __future__ import annotations

import re

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure.models import Validity
from portal.search import indexing
from tests.search.conftest import published_document

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    html = re.sub(r"</?mark>", "", response.content.decode())  # marks sit inside words
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


@pytest.fixture
def documents(agency_a, agency_b):
    found = [
        published_document(
            agency_a,
            title="关于推进政务公开标准化的通知",
            doc_number="丽政办发〔2026〕3号",
            body="<p>为推进基层政务公开标准化规范化，现通知如下。</p>",
        ),
        published_document(agency_b, title="政务公开工作要点", validity=Validity.EXPIRED),
    ]
    indexing.index_keys(f"document:{document.pk}" for document in found)
    return found


def test_every_page_has_the_search_box(client):
    html = client.get("/").content.decode()
    assert 'role="search"' in html
    assert 'action="/search/"' in html


def test_an_empty_query_shows_only_the_help_text(client, documents):
    response = client.get("/search/")
    assert response.status_code == 200
    assert not response.context["results"].searched
    html = response.content.decode()
    assert "search-results" not in html
    assert "catalog-facets" not in html
    assert 'id="search-help-title"' in html


def test_results_show_type_agency_date_and_validity(client, documents, agency_b):
    response = client.get("/search/", {"q": "政务公开", "sort": "date"})
    text = text_of(response)
    assert "关于推进政务公开标准化的通知" in text
    assert agency_b.name in text
    assert "2026-03-09" in text
    assert 'class="validity-badge validity-expired"' in response.content.decode()
    assert f'href="/disclosure/documents/{documents[0].pk}/"' in response.content.decode()


def test_facet_links_filter_the_results(client, documents, agency_a):
    response = client.get("/search/", {"q": "政务公开"})
    facets = {facet["name"]: facet for facet in response.context["facets"]}
    link = next(o.url for o in facets["agency"]["options"] if o.value == agency_a.code)
    filtered = client.get(f"/search/{link}")
    assert [hit.key for hit in filtered.context["results"].hits] == [f"document:{documents[0].pk}"]
    assert [active["value"] for active in filtered.context["active_filters"]] == [agency_a.name]


def test_no_results_gives_suggestions(client, documents):
    client.cookies["django_language"] = "en"  # chosen with the switch
    response = client.get("/search/", {"q": "南极科考 企鹅"})
    text = text_of(response)
    assert "Nothing found" in text
    assert "Use fewer words" in text
    html = response.content.decode()
    assert 'href="/disclosure/"' in html  # browse the catalog
    assert "?q=%E5%8D%97%E6%9E%81%E7%A7%91%E8%80%83" in html  # each word alone


def test_the_page_costs_the_same_queries_whatever_the_number_of_results(client, agency_a):
    def queries_for(count: int) -> int:
        new = [published_document(agency_a, title=f"查询计数{count}号通知") for _ in range(count)]
        indexing.index_keys(f"document:{document.pk}" for document in new)
        cache.clear()  # the footer's agency tree comes from the cache once read
        with CaptureQueriesContext(connection) as captured:
            client.get("/search/", {"q": f"查询计数{count}号通知"})
        return len(captured)

    assert queries_for(2) == queries_for(6)


def test_api_returns_results_facets_and_total(client, documents):
    data = client.get("/api/v1/search/", {"q": "政務公開"}).json()
    assert data["total"] == 2
    first = data["results"][0]
    assert set(first) >= {"title", "url", "type", "agency", "date", "snippet", "validity"}
    assert first["url"].startswith("http://testserver/disclosure/documents/")
    assert not any("<mark>" in hit["snippet"] for hit in data["results"])
    assert any("<mark>政务公开</mark>" in hit["snippet_html"] for hit in data["results"])
    assert {o["value"]: o["count"] for o in data["facets"]["validity"]} == {
        "valid": 1,
        "expired": 1,
    }


def test_api_applies_the_same_filters(client, documents):
    data = client.get("/api/v1/search/", {"q": "政务公开", "validity": "expired"}).json()
    assert [hit["title"] for hit in data["results"]] == ["政务公开工作要点"]


def test_api_puts_the_exact_document_number_first(client, documents):
    data = client.get("/api/v1/search/", {"q": "〔2026〕3号"}).json()
    assert data["results"][0]["exact_match"] is True
    assert data["results"][0]["title"] == "关于推进政务公开标准化的通知"


def test_api_with_an_empty_query_returns_nothing(client, documents):
    data = client.get("/api/v1/search/").json()
    assert (data["total"], data["results"], data["facets"]) == (0, [], {})


def test_a_filter_in_force_is_named_even_when_nothing_matches(client, documents, agency_a):
    response = client.get("/search/", {"q": "南极科考", "agency": agency_a.code})
    assert [active["value"] for active in response.context["active_filters"]] == [agency_a.name]
