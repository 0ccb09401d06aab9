"""Drill: the index rebuild is killed (SIGKILL) half-way.

Rebuilding is a management command (``rebuild_index``; there is no rebuild task): it builds a
new index beside the live one and swaps it in atomically at the end. The drill kills the
command once the new directory exists and the build has indexed documents, while searching the
live index all along: the old index keeps answering, during and after the kill; the rerun
removes the half-built directory, completes, and its new index answers.
"""

from __future__ import annotations

import io
import os
import re
import sys
import time
from pathlib import Path

import pytest

from django.core.management import call_command
from django.db import transaction

from disclosure.models import Document
from portal.search import indexing, query, store
from tests.faults.conftest import portal_env, report, wait_until
from tests.search.conftest import published_document

pytestmark = [pytest.mark.faults, pytest.mark.timeout(240)]

# Enough documents that the build takes seconds (the kill must come before the swap).
DOCUMENTS = 150
# Killed once this many are in the new index: half-way, seconds before the swap.
KILL_AT = 20
OLD_TITLE = "旧索引中的防汛抗旱工作通知"


@pytest.fixture
def index_dir(settings, tmp_path: Path):
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    yield settings.SEARCH_INDEX_DIR
    store.forget()


def found(title: str) -> list[str]:
    return [hit.key for hit in query.search(query.parse_params({"q": title})).hits]


def build_dirs(index_dir: Path) -> list[Path]:
    return sorted(index_dir.parent.glob(f"{index_dir.name}.new-*"))


def progress(log: str) -> int:
    counts = re.findall(r"(\d+)/\d+ \[", log)
    return int(counts[-1]) if counts else 0


def test_a_rebuild_killed_half_way_leaves_the_old_index_serving(
    transactional_db, agency_a, index_dir, processes, tmp_path
):
    with transaction.atomic():  # the index number is taken under a lock
        old = published_document(agency_a, title=OLD_TITLE)
    indexing.index_keys([f"document:{old.pk}"])
    call_command("generate_documents", str(DOCUMENTS), stdout=io.StringIO())
    newer = Document.objects.exclude(pk=old.pk).order_by("pk").last()
    assert found(OLD_TITLE) == [f"document:{old.pk}"]
    assert f"document:{newer.pk}" not in found(newer.title)  # only in the rebuilt index
    live = os.path.realpath(index_dir)
    env = portal_env(tmp_path, index_dir=index_dir)
    command = [sys.executable, "manage.py", "rebuild_index"]
    searches = 0

    def old_index_answers() -> None:
        nonlocal searches
        assert found(OLD_TITLE) == [f"document:{old.pk}"]
        searches += 1

    started = time.monotonic()
    rebuild = processes("rebuild-killed", command, env)

    def half_way() -> bool:
        old_index_answers()
        assert rebuild.running(), f"the rebuild ended before the kill:\n{rebuild.log()}"
        return bool(build_dirs(index_dir)) and progress(rebuild.log()) >= KILL_AT

    wait_until(half_way, timeout=90, what="the rebuild to be half-way")
    rebuild.kill()
    done = progress(rebuild.log())
    report(f"killed after {time.monotonic() - started:.2f}s at {done}/{DOCUMENTS + 1} items")
    assert os.path.realpath(index_dir) == live, "the rebuild swapped before it was killed"
    assert done < DOCUMENTS + 1
    assert build_dirs(index_dir), "the half-built directory is left behind"
    old_index_answers()
    assert f"document:{newer.pk}" not in found(newer.title)

    started = time.monotonic()
    rerun = processes("rebuild-rerun", command, env)
    wait_until(lambda: old_index_answers() or not rerun.running(), timeout=90, what="the rerun")
    assert rerun.wait(timeout=10) == 0, rerun.log()
    report(f"rerun completed in {time.monotonic() - started:.2f}s; {searches} searches answered")

    assert os.path.realpath(index_dir) != live
    assert not os.path.exists(live), "the old index directory is removed after the swap"
    assert build_dirs(index_dir) == [], "the half-built directory was cleared"
    assert found(OLD_TITLE) == [f"document:{old.pk}"]
    assert f"document:{newer.pk}" in found(newer.title)
    assert len(indexing.indexed_ids()["document"]) == DOCUMENTS + 1
