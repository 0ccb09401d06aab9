"""The DCAT JSON-LD of the catalog and of each dataset: served as application/ld+json, and
expanded by a real JSON-LD processor (pyld) into the DCAT, Dublin Core, FOAF and vCard IRIs a
harvester reads."""

from __future__ import annotations

import json

import pytest
from pyld import jsonld

from opendata.models import Distribution

pytestmark = pytest.mark.django_db

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
RDF_TYPE = "@type"


def _get(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    return json.loads(response.content)


def _expand(document: dict) -> list[dict]:
    # The @context is inline: nothing is fetched (a remote context would fail offline).
    return jsonld.expand(document, {"documentLoader": _no_fetching})


def _no_fetching(url: str, options: dict) -> dict:
    raise AssertionError(f"the JSON-LD needed {url}")


def _nodes(expanded: list[dict], type_iri: str) -> list[dict]:
    found = []

    def walk(value) -> None:
        if isinstance(value, dict):
            if type_iri in value.get(RDF_TYPE, []):
                found.append(value)
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(expanded)
    return found


def _value(node: dict, iri: str):
    entry = node[iri][0]
    return entry.get("@value", entry.get("@id"))


def test_the_catalog_is_a_dcat_catalog_of_every_dataset(client, published, province):
    document = _get(client, "/opendata/catalog.jsonld")
    assert set(document["@context"]) >= {"dcat", "dct", "foaf", "vcard"}
    expanded = _expand(document)
    catalogs = _nodes(expanded, DCAT + "Catalog")
    assert len(catalogs) == 1
    datasets = _nodes(catalogs[0][DCAT + "dataset"], DCAT + "Dataset")
    top = {d["@id"] for d in catalogs[0][DCAT + "dataset"]}
    assert "http://testserver/opendata/auto/documents/" in top
    page = f"http://testserver{published['dataset'].get_absolute_url()}"
    assert page in top
    assert len(datasets) >= len(top)  # earlier versions are datasets of their own
    assert (
        _value(catalogs[0], DCT + "publisher") == f"http://testserver{province.get_absolute_url()}"
    )


def test_a_dataset_has_its_dcat_metadata(client, published, finance_bureau):
    dataset = published["dataset"]
    document = _get(client, f"{dataset.get_absolute_url()}dataset.jsonld")
    [node] = [n for n in _expand(document) if DCAT + "Dataset" in n[RDF_TYPE]]
    assert _value(node, DCT + "title") == "丽水市财政预算执行情况"
    assert {k["@value"] for k in node[DCAT + "keyword"]} == {"预算", "财政收入", "执行"}
    assert _value(node, DCT + "accrualPeriodicity") == (
        "http://publications.europa.eu/resource/authority/frequency/ANNUAL"
    )
    themes = {t["@id"] for t in node[DCAT + "theme"]}
    assert "http://publications.europa.eu/resource/authority/data-theme/GOVE" in themes
    publisher = node[DCT + "publisher"][0]
    assert FOAF + "Organization" in publisher[RDF_TYPE]
    assert _value(publisher, FOAF + "name") == finance_bureau.name
    contact = node[DCAT + "contactPoint"][0]
    assert VCARD + "Organization" in contact[RDF_TYPE]
    assert _value(contact, VCARD + "hasEmail") == "mailto:ysk@lishui.example.gov.cn"
    assert _value(node, DCAT + "version") == "2025"
    [current] = node[DCAT + "distribution"]
    file = Distribution.objects.get(version_record=published["second"])
    assert _value(current, DCAT + "downloadURL") == f"http://testserver{file.get_absolute_url()}"
    assert _value(current, DCT + "format").endswith("/file-type/CSV")
    assert _value(current, DCAT + "mediaType").endswith("/text/csv")
    assert int(_value(current, DCAT + "byteSize")) == file.size
    assert _value(current, DCT + "license") == "https://creativecommons.org/licenses/by/4.0/"
    [older] = node[DCAT + "hasVersion"]
    assert _value(older, DCAT + "version") == "2024"
    assert DCAT + "distribution" in older


def test_an_automatic_dataset_has_its_jsonld_with_the_export_urls(client):
    document = _get(client, "/opendata/auto/documents/dataset.jsonld")
    [node] = [n for n in _expand(document) if DCAT + "Dataset" in n[RDF_TYPE]]
    access = {_value(d, DCAT + "accessURL") for d in node[DCAT + "distribution"]}
    assert access == {
        "http://testserver/data/documents.csv",
        "http://testserver/data/documents.json",
    }


def test_an_unpublished_dataset_has_no_jsonld(client, finance_bureau, drafter_fin):
    from tests.opendata.conftest import draft_dataset

    draft = draft_dataset(finance_bureau, drafter_fin)
    assert client.get(f"{draft.get_absolute_url()}dataset.jsonld").status_code == 404
    assert draft.title not in client.get("/opendata/catalog.jsonld").content.decode()
