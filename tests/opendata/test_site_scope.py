"""The open-data catalog per site (issue 21): each site of the group lists its own subtree's
datasets (pages, DCAT JSON-LD, API), publishes the portal's automatic datasets under its own
root agency, and sends a dataset of another site's agency on to that site."""

from __future__ import annotations

import json

import pytest

from opendata import selectors
from portal.models import StaffRole
from tests.api.conftest import published_document
from tests.factories import staff
from tests.opendata.conftest import draft_dataset, draft_version, move_through
from tests.site_group import CITY_HOST, COUNTY_HOST, PROVINCE_HOST, SIBLING_HOST, page

pytestmark = pytest.mark.django_db

Role = StaffRole.Role


@pytest.fixture
def datasets(group_sites, jinyun, qingtian, agency_a):
    found = {}
    for key, agency, title in (
        ("county", jinyun, "缙云县财政预算执行情况"),
        ("sibling", qingtian, "青田县财政预算执行情况"),
        ("city", agency_a, "丽水市财政预算执行情况"),
    ):
        drafter = staff(f"drafter_{agency.code}", agency, Role.DRAFTER)
        editor = staff(f"editor_{agency.code}", agency, Role.REVIEWER, Role.PUBLISHER)
        dataset = move_through(draft_dataset(agency, drafter, title=title), drafter, editor)
        move_through(draft_version(dataset, drafter), drafter, editor)
        found[key] = dataset
    return found


def _jsonld(client, path: str, host: str) -> dict:
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    return json.loads(response.content)


def test_county_site_lists_only_its_own_datasets(client, datasets):
    text = page(client, "/opendata/", COUNTY_HOST)
    assert "缙云县财政预算执行情况" in text
    assert "青田县财政预算执行情况" not in text
    assert "丽水市财政预算执行情况" not in text
    # The publisher chooser: the site's agencies only (the automatic datasets are its root's).
    assert "青田县人民政府" not in text
    assert "丽水市人民政府" not in text


def test_city_site_lists_its_counties_datasets(client, datasets):
    text = page(client, "/opendata/", CITY_HOST)
    for title in ("缙云县财政预算执行情况", "青田县财政预算执行情况", "丽水市财政预算执行情况"):
        assert title in text


def test_a_filter_by_another_sites_publisher_is_ignored(client, datasets, qingtian):
    text = page(client, f"/opendata/?publisher={qingtian.code}", COUNTY_HOST)
    assert "缙云县财政预算执行情况" in text
    assert "青田县财政预算执行情况" not in text


@pytest.mark.parametrize("suffix", ["", "dataset.jsonld"])
def test_another_sites_dataset_is_sent_to_its_site(client, datasets, suffix):
    pk = datasets["city"].pk
    response = client.get(f"/opendata/datasets/{pk}/{suffix}", HTTP_HOST=COUNTY_HOST)
    assert response.status_code == 301
    assert response["Location"] == f"http://{CITY_HOST}/opendata/datasets/{pk}/{suffix}"


def test_the_sites_jsonld_catalog_is_published_by_its_root_agency(client, datasets, jinyun):
    document = _jsonld(client, "/opendata/catalog.jsonld", COUNTY_HOST)
    assert document["dct:publisher"]["@id"] == f"http://{COUNTY_HOST}{jinyun.get_absolute_url()}"
    titles = json.dumps(document, ensure_ascii=False)
    assert "缙云县财政预算执行情况" in titles
    assert "青田县财政预算执行情况" not in titles
    assert "丽水市人民政府" not in titles
    automatic = _jsonld(client, "/opendata/auto/documents/dataset.jsonld", COUNTY_HOST)
    assert automatic["dct:publisher"]["foaf:name"]["@value"] == jinyun.name


def test_the_api_lists_the_sites_datasets(client, datasets):
    def titles(path: str, host: str) -> set[str]:
        rows = client.get(path, HTTP_HOST=host).json()["results"]
        return {row["title"] for row in rows if not row["automatic"]}

    assert titles("/api/v1/datasets/", COUNTY_HOST) == {"缙云县财政预算执行情况"}
    assert titles(f"/api/v1/datasets/?site={SIBLING_HOST}", CITY_HOST) == {"青田县财政预算执行情况"}
    other = datasets["sibling"].pk
    assert client.get(f"/api/v1/datasets/{other}/", HTTP_HOST=COUNTY_HOST).status_code == 404


def test_an_automatic_dataset_counts_the_sites_records(client, group_sites, jinyun, qingtian):
    published_document(jinyun, title="缙云县的一份文件")
    published_document(qingtian, title="青田县的一份文件")
    published_document(qingtian, title="青田县的另一份文件")

    def count(host: str) -> int:
        return client.get("/api/v1/datasets/documents/", HTTP_HOST=host).json()["record_count"]

    assert count(COUNTY_HOST) == 1
    assert count(SIBLING_HOST) == 2
    assert count(CITY_HOST) == 3


def test_a_sub_sites_root_column_lists_the_automatic_datasets_it_publishes(
    client, group_sites, jinyun, province
):
    """The county's site publishes the portal's exports under 缙云县 (its root agency), so
    缙云县's column there lists them; the province's column, whose site publishes them, too."""
    automatic = {entry.title for entry in selectors.auto_entries()}
    text = page(client, f"/agencies/{jinyun.code}/", COUNTY_HOST)
    assert "/opendata/auto/" in text
    assert any(title in text for title in automatic)
    text = page(client, f"/agencies/{province.code}/", PROVINCE_HOST)
    assert "/opendata/auto/" in text
