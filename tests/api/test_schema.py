from __future__ import annotations

import pytest
from drf_spectacular.drainage import GENERATOR_STATS, reset_generator_stats
from drf_spectacular.generators import SchemaGenerator

from django.urls import URLPattern, get_resolver

from portal import api as api_urls

pytestmark = pytest.mark.django_db


def _schema() -> dict:
    return SchemaGenerator(patterns=None).get_schema(request=None, public=True)


def _route(pattern: URLPattern) -> str:
    route = "/api/v1/" + str(pattern.pattern)
    for converter in ("<int:", "<str:"):
        route = route.replace(converter, "{")
    # drf-spectacular names a primary-key parameter "id" (SCHEMA_COERCE_PATH_PK).
    return route.replace(">", "}").replace("{pk}", "{id}")


def test_every_api_url_is_in_the_schema():
    paths = set(_schema()["paths"])
    docs = {"schema", "swagger-ui", "redoc"}
    routes = {_route(p) for p in api_urls.urlpatterns if p.name not in docs}
    assert routes - paths == set()


def test_every_list_filter_is_documented():
    operation = _schema()["paths"]["/api/v1/documents/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    wanted = {"agency", "theme", "genre", "validity", "disclosure_attribute", "catalog_item"}
    wanted |= {"is_normative", "published_after", "published_before", "q", "cursor", "ordering"}
    assert wanted <= names


def test_schema_endpoint_serves_openapi_3(api):
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert b"openapi" in response.content


def test_swagger_ui_uses_local_static_files(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn." not in html


def test_redoc_uses_local_static_files(client):
    html = client.get("/api/v1/redoc/").content.decode()
    assert "/static/drf_spectacular_sidecar/redoc/" in html
    assert "cdn." not in html


def test_api_urls_resolve():
    assert get_resolver().resolve("/api/v1/documents/").url_name == "document-list"


def test_the_schema_builds_without_warnings_where_only_the_production_host_is_allowed(settings):
    """``check --deploy`` builds the schema with a mock request on host "testserver", which a
    production ALLOWED_HOSTS refuses: no view may need the request's site to name its model."""
    settings.ALLOWED_HOSTS = ["portal.example.gov.cn"]
    reset_generator_stats()
    _schema()
    assert not GENERATOR_STATS, list(GENERATOR_STATS._warn_cache)
