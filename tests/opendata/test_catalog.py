"""The catalog's list (filters by theme, publisher with its sub-agencies, format and words, over
published and automatic datasets alike), the API, the feed, the sitemap, the site map, the
navigation, an agency's column and the site search."""

from __future__ import annotations

import pytest

from django.urls import reverse

from portal import page_cache
from portal.search import indexing, store
from tests.opendata.conftest import draft_dataset, draft_version, move_through

pytestmark = pytest.mark.django_db

BUDGET, SCHOOLS = "丽水市财政预算执行情况", "丽水市中小学校名录"


@pytest.fixture
def schools(agency_a, drafter_a, reviewer_a, publisher_a):
    """The city government's (agency A's) school list, a JSON file, theme education."""
    from opendata import drafting
    from opendata.models import DatasetVersion
    from tests.factories import staff

    editor = staff("editor_city", agency_a, "reviewer", "publisher")
    dataset = move_through(
        draft_dataset(agency_a, drafter_a, title=SCHOOLS, theme_code="education",
                      keywords="学校、教育", description="中小学校的名称和地址。"),
        drafter_a, editor,
    )  # fmt: skip
    version = drafting.version_save(
        version=DatasetVersion(dataset=dataset, version="2025学年", released_on="2025-09-15"),
        user=drafter_a,
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    drafting.distribution_add(
        version=version, user=drafter_a, fmt="JSON",
        upload=SimpleUploadedFile("学校.json", '[{"学校": "丽水中学"}]'.encode()),
    )  # fmt: skip
    return move_through(version, drafter_a, editor)


def _titles(client, **params) -> set[str]:
    page = client.get(reverse("opendata:catalog"), params).content.decode()
    known = [BUDGET, SCHOOLS, "主动公开政府信息目录", "行政执法决定公示"]
    return {title for title in known if title in page}


def test_the_list_filters_by_theme_publisher_format_and_words(
    client, published, schools, agency_a, finance_bureau, province
):
    everything = {BUDGET, SCHOOLS, "主动公开政府信息目录", "行政执法决定公示"}
    assert _titles(client) == everything
    assert _titles(client, theme="finance") == {BUDGET}
    assert _titles(client, theme="market") == {"行政执法决定公示"}
    # A publisher's list holds its sub-agencies' datasets: the finance bureau is under the city.
    assert _titles(client, publisher=finance_bureau.code) == {BUDGET}
    assert _titles(client, publisher=agency_a.code) == {BUDGET, SCHOOLS}
    assert _titles(client, publisher=province.code) == everything
    assert _titles(client, format="JSON") == {SCHOOLS, "主动公开政府信息目录", "行政执法决定公示"}
    assert _titles(client, format="csv") == {BUDGET, "主动公开政府信息目录", "行政执法决定公示"}
    assert _titles(client, format="PDF") == set()
    assert _titles(client, q="财政收入") == {BUDGET}  # a keyword
    assert _titles(client, q="行政处罚") == {"行政执法决定公示"}
    assert _titles(client, theme="nonsense", format="EXE") == set()
    assert _titles(client, format="EXE") == everything  # an unknown format is no filter


def _queries_of(path: str) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # neither the page cache nor the derived values answer for the database
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(path).status_code == 200
    return len(queries)


CATALOG_OUTPUTS = ("/opendata/", "/opendata/catalog.jsonld", "/api/v1/datasets/")


def test_the_list_pages_without_a_query_per_dataset(client, published, schools):
    """However many apps declare automatic datasets, the catalog, its DCAT JSON-LD and the API's
    list cost the same queries: every dataset's last change is read in one query
    (opendata.figures), not one query per dataset."""
    from opendata import registry
    from opendata.models import Dataset
    from portal.datasets import AutoDataset, Export, LatestChange

    before = {path: _queries_of(path) for path in CATALOG_OUTPUTS}
    # With the 五公开 apps' 17 automatic datasets: 11, 8 and 8 (26 when each cost a query),
    # each with one for the site group's host table, read once per change of the sites.
    assert before["/opendata/"] <= 11
    assert before["/opendata/catalog.jsonld"] <= 8
    assert before["/api/v1/datasets/"] <= 8
    extra = [
        AutoDataset(
            key=f"more-data-{n}", title=f"更多数据{n}", description="测试。", theme="economy",
            distributions=[Export("CSV", "export", {"dataset": "documents", "fmt": "csv"})],
            modified=LatestChange(Dataset.objects.published, "modified_at"), count=lambda: 0,
        )
        for n in (1, 2)
    ]  # fmt: skip
    for dataset in extra:
        registry.register(dataset)
    try:
        after = {path: _queries_of(path) for path in CATALOG_OUTPUTS}
        assert "更多数据2" in client.get("/opendata/").content.decode()
    finally:
        for dataset in extra:
            registry.unregister(dataset.key)
    assert after == before


def test_the_portals_apps_declare_a_last_change_the_catalog_reads_with_the_others():
    """A ``modified`` that is a plain callable would cost every catalog page a query again."""
    from opendata import registry
    from portal.datasets import LatestChange

    plain = [d.key for d in registry.auto_datasets() if not isinstance(d.modified, LatestChange)]
    assert plain == []


def test_the_catalog_shows_a_publish_at_once(client, agency_a, drafter_a, reviewer_a, publisher_a):
    from django.utils import timezone

    from tests.enforcement.conftest import publish, record

    assert client.get("/opendata/catalog.jsonld").status_code == 200  # cached pages, if any
    assert client.get("/api/v1/datasets/", {"q": "执法"}).status_code == 200
    decision = record(agency_a, drafter_a, decision_date=timezone.localdate())
    publish(decision, drafter_a, reviewer_a, publisher_a)
    decision.refresh_from_db()
    rows = client.get("/api/v1/datasets/", {"q": "执法"}).json()["results"]
    [row] = [r for r in rows if r["identifier"] == "enforcement-decisions"]
    assert row["modified"] == decision.updated_at.isoformat()
    document = client.get("/opendata/catalog.jsonld").json()
    [entry] = [
        d for d in document["dcat:dataset"] if d["@id"].endswith("/auto/enforcement-decisions/")
    ]
    assert entry["dct:modified"]["@value"] == timezone.localtime(decision.updated_at).isoformat()


def test_the_api_lists_both_kinds_with_the_same_filters(client, published, schools):
    response = client.get("/api/v1/datasets/", {"theme": "finance"})
    assert response.status_code == 200
    rows = response.json()["results"]
    # The staff-published dataset, and the automatic ones of the same theme (财政预决算).
    [row] = [r for r in rows if not r["automatic"]]
    assert row["title"] == BUDGET
    assert {r["identifier"] for r in rows if r["automatic"]} == {"budget-totals"}
    assert [v["version"] for v in row["versions"]] == ["2025", "2024"]
    assert row["distributions"][0]["format"] == "CSV"
    assert row["distributions"][0]["download_url"].startswith("http://testserver/opendata/")
    detail = client.get(f"/api/v1/datasets/{published['dataset'].pk}/").json()
    assert detail["identifier"] == str(published["dataset"].pk)
    assert detail["publisher"]["name"] == "丽水市财政局"
    automatic = client.get("/api/v1/datasets/", {"file_format": "JSON", "q": "执法"}).json()
    assert [r["identifier"] for r in automatic["results"]] == ["enforcement-decisions"]


def test_the_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/datasets/" in schema and "OpenDataDataset" in schema
    assert "publisher" in schema and "file_format" in schema


def test_the_feed_announces_new_datasets_and_versions(client, published):
    feed = client.get("/feeds/opendata.atom").content.decode()
    assert f"{BUDGET} 2025" in feed
    assert "新增2025年度执行数。" in feed
    assert client.get("/feeds/opendata.rss").status_code == 200


def test_the_sitemaps_and_the_navigation_link_the_catalog(client, published):
    xml = client.get("/sitemap-opendata.xml").content.decode()
    assert published["dataset"].get_absolute_url() in xml
    assert "/opendata/auto/documents/" in xml
    assert "/opendata/" in client.get("/sitemap-pages.xml").content.decode()
    people = client.get(reverse("portal:sitemap")).content.decode()
    assert "/opendata/catalog.jsonld" in people and "/feeds/opendata.atom" in people
    home = client.get("/").content.decode()
    assert 'href="/opendata/"' in home
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /opendata/download/" in robots


def test_an_agencys_column_lists_its_datasets(client, published, finance_bureau, agency_a):
    column = client.get(reverse("portal:agency_column", args=[finance_bureau.code]))
    assert BUDGET in column.content.decode()
    assert f"/opendata/?publisher={finance_bureau.code}" in column.content.decode()
    assert (
        BUDGET
        not in client.get(reverse("portal:agency_column", args=[agency_a.code])).content.decode()
    )


def test_published_datasets_are_found_by_the_site_search(client, published, settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    try:
        indexing.rebuild()
        page = client.get("/search/", {"q": "预算执行"}).content.decode()
        assert published["dataset"].get_absolute_url() in page
    finally:
        store.forget()


def test_a_new_version_retires_the_stored_pages(
    client, published, drafter_fin, editors_fin, django_capture_on_commit_callbacks
):
    before = page_cache.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        move_through(
            draft_version(published["dataset"], drafter_fin, version="2026"),
            drafter_fin, editors_fin,
        )  # fmt: skip
    assert page_cache.content_version() != before  # every stored page is retired
    assert "预算2026.csv" in client.get(published["dataset"].get_absolute_url()).content.decode()
