"""The PostgreSQL backend with read replicas (portal.db_routing): a public search reads the index
on a replica, a staff member's search reads it on the primary, and indexing writes the primary.

The replica is Django's test mirror of the test database (``replica_1`` in tests/settings), as
in tests/portal/test_db_routing.py. It does not see what a test writes in its transaction, so
these tests look at which connection ran the index's SQL, not at the results."""

from __future__ import annotations

import pytest

from django.db import connection, connections
from django.http import HttpRequest, HttpResponse
from django.test.utils import CaptureQueriesContext

from portal import db_routing
from portal.search import pg, registry
from tests.search.conftest import published_document

pytestmark = pytest.mark.django_db(databases=["default", "replica_1"])


@pytest.fixture
def search_backend(settings):
    """Replicas matter to the PostgreSQL backend only (Whoosh reads its files)."""
    if connection.vendor != "postgresql":
        pytest.skip("the postgres search backend needs a PostgreSQL database")
    settings.SEARCH_BACKEND = "postgres"
    return "postgres"


@pytest.fixture(autouse=True)
def replica_on(settings, search_backend):
    settings.DATABASE_REPLICAS = ["replica_1"]
    db_routing.forget_down()
    yield
    db_routing.forget_down()
    connections["replica_1"].close()


def index_sql(captured: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if pg.TABLE in query["sql"]]


def search_page(client) -> tuple[list[str], list[str]]:
    """The index's SQL run on the primary and on the replica by a search for 通知."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica_1"]) as replica,
    ):
        response = client.get("/search/", {"q": "通知"})
    assert response.status_code == 200
    return index_sql(primary), index_sql(replica)


def test_a_public_search_reads_the_index_on_a_replica(client, agency_a):
    published_document(agency_a)

    on_primary, on_replica = search_page(client)

    assert on_primary == []
    # The counts and facets, then the page's keys by relevance.
    assert len(on_replica) >= 2
    assert any("GROUPING SETS" in sql for sql in on_replica)
    assert any("ORDER BY" in sql for sql in on_replica)


def test_a_staff_members_search_reads_the_index_on_the_primary(client, drafter_a, agency_a):
    client.force_login(drafter_a)

    on_primary, on_replica = search_page(client)

    assert on_replica == []
    assert any("GROUPING SETS" in sql for sql in on_primary)


def test_a_visitor_who_just_wrote_searches_the_primary(client, agency_a):
    client.cookies[db_routing.READ_PRIMARY_COOKIE] = "1"

    on_primary, on_replica = search_page(client)

    assert on_replica == []
    assert on_primary


def test_indexing_writes_the_primary_even_within_a_public_request(agency_a, rf):
    document = published_document(agency_a, title="索引写入主库的通知")
    definition = registry.get("document")
    assert definition is not None
    entry = pg.Entry(f"document:{document.pk}", "document", definition.to_fields(document))

    def index_it(request: HttpRequest) -> HttpResponse:
        pg.write([entry], [])
        return HttpResponse()

    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica_1"]) as replica,
    ):
        db_routing.ReadRoutingMiddleware(index_it)(rf.get("/search/"))

    assert any(sql.startswith("INSERT") for sql in index_sql(primary))
    assert index_sql(replica) == []
