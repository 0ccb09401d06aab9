"""Two portal nodes behind no balancer, sharing Redis, the primary database, one media directory
and the search index, each reading anonymous pages from a PostgreSQL streaming replica, with one
Celery worker (README: Deployment).

A document is published on node A (the publishing service, in a process with node A's
configuration: the index update goes to the worker through Redis), found through search on node
B and read there from the replica (``X-DB-Alias``, which ``DB_ALIAS_HEADER`` turns on). Node A
stops: node B keeps serving. The replica stops: node B's reads fall back to the primary, without
an error.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from django.db import connection

from disclosure.models import Document
from publishing import workflow
from publishing.models import ReviewResult, Status
from tests.disclosure.conftest import make_draft
from tests.faults.conftest import BASE_DIR, portal_env, report, start_worker, wait_until
from tests.topology.conftest import Replica, start_node

pytestmark = [pytest.mark.topology, pytest.mark.timeout(600)]

# What the nodes search with: PostgreSQL (SEARCH_BACKEND=postgres), which several nodes on
# several hosts share without an index directory of their own ("whoosh" works here too, in the
# directory both nodes share on this one machine).
SEARCH_BACKEND = "postgres"
TITLE = "关于开展双节点部署演练工作的通知"
_polls = itertools.count()


def fresh(path: str) -> str:
    """The path with a query of its own: never a page the page cache kept from before."""
    separator = "&" if "?" in path else "?"
    return f"{path}{separator}poll={next(_polls)}"


def get(node, path: str) -> requests.Response:
    response = requests.get(node.url + fresh(path), timeout=30)
    assert response.status_code == 200, f"{path}: {response.status_code}\n{response.text[:2000]}"
    return response


def on_replica(replica: Replica, sql: str, *args: object) -> object:
    with replica.connect(connection.settings_dict["NAME"]) as conn, conn.cursor() as cursor:
        cursor.execute(sql, args)
        row = cursor.fetchone()
        return row[0] if row else None


def test_two_nodes_share_the_work_and_survive_a_node_and_the_replica_going(
    transactional_db,
    agency_a,
    drafter_a,
    reviewer_a,
    publisher_a,
    django_capture_on_commit_callbacks,
    replica,
    redis_server,
    processes,
    tmp_path: Path,
):
    # Drafted and approved here (the screening runs in this process); published on node A.
    document = make_draft(agency_a, drafter_a, title=TITLE)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(obj=document, user=drafter_a)
    workflow.approve(obj=document, user=reviewer_a, review_result=ReviewResult.CLEAR)

    env = portal_env(tmp_path, redis_url=redis_server.url(0), index_dir=tmp_path / "search-index")
    env.update(
        SEARCH_BACKEND=SEARCH_BACKEND,
        DATABASE_REPLICA_URLS=replica.url(connection.settings_dict["NAME"]),
        DB_ALIAS_HEADER="1",
        # Reads return to the replica a second after a change (the default waits longer).
        DATABASE_REPLICA_SETTLE_SECONDS="1",
    )
    worker = start_worker(processes, env)
    node_a = start_node(processes, "node-a", env)
    node_b = start_node(processes, "node-b", env)
    assert worker.running()

    publish = (
        "from django.contrib.auth import get_user_model; from publishing import workflow; "
        "from disclosure.models import Document; "
        f"workflow.publish(obj=Document.objects.get(pk={document.pk}), "
        f"user=get_user_model().objects.get(pk={publisher_a.pk}))"
    )
    published = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "shell", "-c", publish],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert published.returncode == 0, published.stderr
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED
    page = document.get_absolute_url()

    # The replica replays the publication; the worker indexes it; node B finds it.
    table = Document._meta.db_table
    wait_until(
        lambda: (
            on_replica(replica, f"SELECT status FROM {table} WHERE id = %s", document.pk)  # noqa: S608
            == Status.PUBLISHED
        ),
        timeout=30,
        what="the replica to replay the publication",
    )
    wait_until(
        lambda: page in get(node_b, f"/search/?q={TITLE}").text,
        timeout=60,
        what="node B to find the document through search",
    )
    wait_until(
        lambda: get(node_b, page).headers.get("X-DB-Alias") == "replica_1",
        timeout=30,
        what="node B to read the document's page from the replica",
    )
    read = get(node_b, page)
    assert TITLE in read.text
    assert read.headers["X-DB-Alias"] == "replica_1"
    report("node B served the page from the replica")

    # Node A goes: node B keeps serving, from the replica.
    node_a.process.stop()
    assert TITLE in get(node_b, page).text
    assert page in get(node_b, f"/search/?q={TITLE}").text

    # The replica goes: node B's reads go to the primary, without an error.
    replica.stop()
    fallback = get(node_b, page)
    assert TITLE in fallback.text
    assert fallback.headers["X-DB-Alias"] == "default"
    assert get(node_b, "/disclosure/").headers["X-DB-Alias"] == "default"
    assert "Traceback" not in node_b.process.log()
