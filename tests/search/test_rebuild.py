"""rebuild_index builds a new index beside the live one and swaps it in atomically."""

from __future__ import annotations

import io
import os

import pytest

from django.core.management import CommandError, call_command

from disclosure.models import Document
from portal.search import indexing, store
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


def test_a_second_rebuild_at_the_same_time_is_refused(agency_a):
    with store.rebuild_lock(), pytest.raises(CommandError, match="Another rebuild"):
        call_command("rebuild_index", stdout=io.StringIO(), stderr=io.StringIO())


def test_the_command_shows_progress_and_a_summary(agency_a):
    published_document(agency_a)
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_index", stdout=out, stderr=err)
    assert "Indexed 1 items" in out.getvalue()
    assert "1/1" in err.getvalue()
