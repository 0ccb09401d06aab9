"""GET /api/v1/: a newcomer starts here and finds every public endpoint and the docs."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_api_root_lists_the_public_endpoints(api):
    response = api.get("/api/v1/")
    assert response.status_code == 200
    endpoints = response.json()["endpoints"]
    for name in ("agencies", "documents", "catalog/items", "interpretations", "annual-reports"):
        assert endpoints[name] == f"http://testserver/api/v1/{name}/"
    assert endpoints["search"] == "http://testserver/api/v1/search/"


def test_every_endpoint_the_root_lists_answers(api):
    for url in api.get("/api/v1/").json()["endpoints"].values():
        assert api.get(url).status_code == 200, url


def test_api_root_links_the_documentation(api):
    docs = api.get("/api/v1/").json()["docs"]
    assert docs == {
        "schema": "http://testserver/api/v1/schema/",
        "swagger-ui": "http://testserver/api/v1/docs/",
        "redoc": "http://testserver/api/v1/redoc/",
    }
    assert api.get(docs["swagger-ui"]).status_code == 200


def test_api_root_does_not_list_the_staff_api(api):
    body = api.get("/api/v1/").content.decode()
    assert "staff" not in body
