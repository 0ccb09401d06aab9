"""Read replicas (portal.db_routing): the public's anonymous reads go to a replica, everything
else to the primary; a visitor's own write sends their next requests to the primary; a replica
that does not answer is left alone and its reads go to the primary.

The replica here is Django's test mirror of the test database (``replica_1`` in tests/settings),
turned on for these tests only; which database served a request is the response's
``X-DB-Alias`` header (``DB_ALIAS_HEADER``, tests only)."""

from __future__ import annotations

import socket

import pytest

from django.db import connections

from portal import db_routing, page_cache
from portal.models import Agency
from tests.requests_app.test_application_form import person

pytestmark = pytest.mark.django_db(databases=["default", "replica_1"])

HOME = "/"
CATALOG = "/disclosure/"


@pytest.fixture(autouse=True)
def replica_on(settings):
    settings.DATABASE_REPLICAS = ["replica_1"]
    db_routing.forget_down()
    yield
    db_routing.forget_down()
    # Not left open: the test database is dropped at the end of the run.
    connections["replica_1"].close()


def alias(response) -> str:
    assert response.status_code == 200, response.content[:500]
    return response["X-DB-Alias"]


def test_an_anonymous_page_reads_the_replica(client):
    assert alias(client.get(CATALOG)) == "replica_1"


def test_an_anonymous_head_may_read_the_replica(rf):
    assert db_routing.may_read_replica(rf.head(CATALOG))


def test_the_public_api_reads_the_replica(client):
    assert alias(client.get("/api/v1/documents/")) == "replica_1"


def test_a_signed_in_staff_member_reads_the_primary(client, drafter_a):
    client.force_login(drafter_a)

    assert alias(client.get(CATALOG)) == "default"


def test_a_post_reads_and_writes_the_primary(client, agency_a):
    response = client.post("/requests/apply/", person(agency_a))

    assert response.status_code == 302
    assert response["X-DB-Alias"] == "default"


def test_after_a_visitors_own_write_their_next_request_reads_the_primary(client, agency_a):
    response = client.post("/requests/apply/", person(agency_a))
    assert response.status_code == 302
    cookie = response.cookies[db_routing.READ_PRIMARY_COOKIE]
    assert cookie["max-age"] == 30
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    # Not because of the session the form opened: the cookie alone sends them to the primary.
    client.cookies.pop("sessionid", None)

    assert alias(client.get(CATALOG)) == "default"

    client.cookies.pop(db_routing.READ_PRIMARY_COOKIE)
    assert alias(client.get(CATALOG)) == "replica_1"


def test_a_refused_post_sets_no_read_primary_cookie(client, agency_a):
    response = client.post("/requests/apply/", person(agency_a, id_number="123"))

    assert response.status_code == 200  # the form again, with the error
    assert db_routing.READ_PRIMARY_COOKIE not in response.cookies


def test_the_back_office_reads_the_primary_even_before_signing_in(rf):
    assert not db_routing.may_read_replica(rf.get("/admin/login/"))


def test_the_staff_api_with_a_token_reads_the_primary(rf):
    request = rf.get("/api/v1/staff/requests/", HTTP_AUTHORIZATION="Token abc")

    assert not db_routing.may_read_replica(request)


# Not inside a test transaction: a connection closed in one stays "open" until it ends.
@pytest.mark.django_db(databases=["default", "replica_1"], transaction=True)
def test_a_replica_that_does_not_answer_is_skipped_and_left_alone(client, monkeypatch):
    if connections["default"].vendor != "postgresql":
        pytest.skip("the connection check needs PostgreSQL")
    replica = connections["replica_1"]
    replica.close()
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    monkeypatch.setitem(replica.settings_dict, "HOST", "127.0.0.1")
    monkeypatch.setitem(replica.settings_dict, "PORT", str(port))

    assert alias(client.get(CATALOG)) == "default"
    assert db_routing.is_down("replica_1")

    # Back, but still left alone until DATABASE_REPLICA_RETRY_SECONDS have passed.
    monkeypatch.undo()
    replica.close()
    assert alias(client.get(CATALOG)) == "default"
    db_routing.forget_down()
    assert alias(client.get(CATALOG)) == "replica_1"


def test_right_after_a_change_to_public_content_reads_go_to_the_primary(
    client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.public_content_changed()

    # A lagging replica's old copy must not be stored by the page cache as the new version.
    assert alias(client.get(CATALOG)) == "default"

    settings.DATABASE_REPLICA_SETTLE_SECONDS = 0
    assert alias(client.get(CATALOG)) == "replica_1"


def test_without_replicas_everything_reads_the_primary(client, settings):
    settings.DATABASE_REPLICAS = []

    assert alias(client.get(CATALOG)) == "default"


def test_outside_a_request_reads_the_primary():
    # Celery tasks and management commands have no request.
    assert Agency.objects.all().db == "default"


def test_migrations_run_on_the_primary_only():
    router = db_routing.ReplicaRouter()

    assert router.allow_migrate("default", "portal")
    assert not router.allow_migrate("replica_1", "portal")
