"""rebuild_index builds a new index beside the live one and swaps it in atomically."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator

import pytest

from django.core.management import CommandError, call_command
from django.db import connections

from disclosure.models import Document
from portal.search import indexing, pg, store
from publishing.models import Status
from tests.search.conftest import indexed_keys, published_document, search

pytestmark = pytest.mark.django_db


def test_rebuild_swaps_a_new_directory_in_and_removes_the_old(agency_a, search_index, whoosh_only):
    document = published_document(agency_a, title="重建索引前的通知")
    store.get_index()  # the live index, still empty
    old = os.path.realpath(search_index)

    report = indexing.rebuild()

    assert report.indexed == 1
    assert os.path.islink(search_index)
    assert os.path.realpath(search_index) == report.directory != old
    assert not os.path.exists(old)
    assert indexed_keys() == {f"document:{document.pk}"}
    assert list(search_index.parent.glob("search-index.new-*")) == []


def test_the_old_index_answers_searches_until_the_swap(agency_a, search_backend):
    first = published_document(agency_a, title="旧索引中的通知")
    indexing.index_keys([f"document:{first.pk}"])
    published_document(agency_a, title="新索引中的通知")
    seen_during_build = []

    def progress(step: int) -> None:
        seen_during_build.append(search("通知").total)

    indexing.rebuild(progress=progress)

    # Progress is told once an item is written. Whoosh: the new index answers only after the
    # swap. PostgreSQL: rows are replaced batch by batch, so what is written is found at once;
    # the old item is never missing on either.
    assert seen_during_build == ([1, 1] if search_backend == "whoosh" else [2, 2])
    assert search("通知").total == 2


def test_changes_made_during_the_rebuild_are_caught_up(agency_a):
    document = published_document(agency_a, title="重建期间撤回的通知")

    def withdraw_meanwhile(step: int) -> None:
        # The build has read the document; it is withdrawn before the swap, and that
        # change's own index update went to the old index.
        withdrawn = Document.objects.get(pk=document.pk)
        withdrawn.status = Status.WITHDRAWN
        withdrawn.save()

    report = indexing.rebuild(progress=withdraw_meanwhile)

    assert report.caught_up.removed == 1
    assert search("重建期间撤回的通知").total == 0


def test_rebuild_marks_every_row_indexed(agency_a):
    document = published_document(agency_a)
    indexing.rebuild()
    document.refresh_from_db()
    assert document.indexed_at is not None
    assert indexing.reconcile().indexed == 0


@contextlib.contextmanager
def rebuild_elsewhere(search_backend: str) -> Iterator[None]:
    """Another rebuild holding the lock: with Whoosh on this host (its lock file), with
    PostgreSQL on another node (another session of the primary)."""
    if search_backend == "whoosh":
        with store.rebuild_lock():
            yield
        return
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [pg.REBUILD_LOCK_KEY])
        yield
    finally:
        other.close()  # which lets the lock go


def another_node_may_rebuild() -> bool:
    """Whether a rebuild on another node (another session) would get the lock now."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [pg.REBUILD_LOCK_KEY])
            row = cursor.fetchone()
            return bool(row and row[0])
    finally:
        other.close()


def test_a_second_rebuild_at_the_same_time_is_refused(agency_a, search_backend):
    with (
        rebuild_elsewhere(search_backend),
        pytest.raises(CommandError, match="Another rebuild of the search index is running"),
    ):
        call_command("rebuild_index", stdout=io.StringIO(), stderr=io.StringIO())


def test_a_postgres_rebuild_holds_the_lock_for_every_node_until_it_ends(agency_a, postgres_only):
    published_document(agency_a)
    during: list[bool] = []

    indexing.rebuild(progress=lambda step: during.append(another_node_may_rebuild()))

    assert during == [False]
    assert another_node_may_rebuild()


def test_a_failed_postgres_rebuild_lets_the_lock_go(agency_a, postgres_only):
    published_document(agency_a)

    def fail(step: int) -> None:
        raise RuntimeError("the rebuild stopped")

    with pytest.raises(RuntimeError, match="the rebuild stopped"):
        indexing.rebuild(progress=fail)

    assert another_node_may_rebuild()


def test_the_postgres_rebuild_does_not_wait_for_this_hosts_lock_file(agency_a, postgres_only):
    # The lock file protects a host's Whoosh directory; rebuilding the table needs only the
    # lock every node sees.
    published_document(agency_a)
    with store.rebuild_lock():
        assert indexing.rebuild().indexed == 1


def test_the_command_shows_progress_and_a_summary(agency_a):
    published_document(agency_a)
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_index", stdout=out, stderr=err)
    assert "Indexed 1 items" in out.getvalue()
    assert "1/1" in err.getvalue()
