"""Where the index lives on disk, opening it once per process, and swapping in a rebuilt one.

``SEARCH_INDEX_DIR`` is a symbolic link to a directory beside it named with a timestamp
(``search-index -> search-index.20260101120000000000``). A rebuild writes a new directory and
replaces the link with ``os.replace``, which is atomic: a reader sees the old index or the new
one, never a half-built one. Readers and writers resolve the link when they open the index and
keep using the directory they resolved, so a writer that started before a swap finishes in the
old directory instead of mixing files into the new one (what it wrote is caught up afterwards,
see ``indexing.rebuild``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

from whoosh import index
from whoosh.index import FileIndex
from whoosh.searching import Searcher
from whoosh.util.filelock import FileLock

from django.conf import settings
from django.utils import timezone

from portal.search.schema import build_schema

logger = logging.getLogger(__name__)

_lock = threading.Lock()
# Resolved index directory -> its open Index, so that tests (each with its own
# SEARCH_INDEX_DIR) and a process that lived through a swap never share a stale object.
_indexes: dict[str, FileIndex] = {}


class RebuildInProgress(RuntimeError):
    pass


def live_path() -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


def _stamp() -> str:
    return timezone.now().strftime("%Y%m%d%H%M%S%f")


def _create_live(live: Path) -> None:
    """A new, empty index behind the link (first use, or after the link was removed)."""
    live.parent.mkdir(parents=True, exist_ok=True)
    target = live.parent / f"{live.name}.{_stamp()}"
    target.mkdir()
    index.create_in(str(target), build_schema())
    try:
        os.symlink(target.name, live)
    except FileExistsError:
        # Another process created it meanwhile: use theirs.
        shutil.rmtree(target, ignore_errors=True)


def get_index() -> FileIndex:
    """The live index, opened once per process (per resolved directory)."""
    live = live_path()
    target = os.path.realpath(live)
    found = _indexes.get(target)
    if found is not None:
        return found
    with _lock:
        if not os.path.lexists(live):
            _create_live(live)
        target = os.path.realpath(live)
        found = _indexes.get(target)
        if found is None:
            if index.exists_in(target):
                found = index.open_dir(target)
                _check_schema(found, target)
            else:
                # A plain, empty directory someone made: give it an index.
                os.makedirs(target, exist_ok=True)
                found = index.create_in(target, build_schema())
            # Forget directories a rebuild has removed.
            for gone in [path for path in _indexes if not os.path.isdir(path)]:
                del _indexes[gone]
            _indexes[target] = found
    return found


def _check_schema(opened: FileIndex, target: str) -> None:
    expected = set(build_schema().names())
    if set(opened.schema.names()) != expected:
        logger.error(
            "The search index in %s has other fields than the code expects; run "
            "`manage.py rebuild_index`.",
            target,
        )


_local = threading.local()


def searcher() -> tuple[str, Searcher]:
    """(index directory, searcher) of the live index for this thread, reused from request to
    request while the index is unchanged: opening a searcher reads the term index from disk
    (tens of milliseconds). Searchers are not shared between threads. Do not close it."""
    ix = get_index()
    current: tuple[FileIndex, Searcher] | None = getattr(_local, "reading", None)
    if current is not None:
        if current[0] is ix and current[1].up_to_date():
            return ix.storage.folder, current[1]
        current[1].close()
    _local.reading = (ix, ix.searcher())
    return ix.storage.folder, _local.reading[1]


def forget() -> None:
    """Drop the cached Index objects and this thread's searcher (tests)."""
    current = getattr(_local, "reading", None)
    if current is not None:
        current[1].close()
        _local.reading = None
    with _lock:
        _indexes.clear()


def new_build_dir() -> Path:
    live = live_path()
    live.parent.mkdir(parents=True, exist_ok=True)
    build = live.parent / f"{live.name}.new-{_stamp()}"
    build.mkdir()
    return build


def remove_stale_builds() -> None:
    """Half-built directories left by an interrupted rebuild (call under the rebuild lock)."""
    live = live_path()
    for path in live.parent.glob(f"{live.name}.new-*"):
        shutil.rmtree(path, ignore_errors=True)


def swap(build: Path) -> Path:
    """Make ``build`` the live index atomically, then remove the old directory."""
    live = live_path()
    stamp = _stamp()
    final = live.parent / f"{live.name}.{stamp}"
    os.rename(build, final)
    link = live.parent / f".{live.name}.link-{stamp}"
    os.symlink(final.name, link)
    old: str | None = None
    if live.is_symlink():
        old = os.path.realpath(live)
    elif live.exists():
        # A plain directory (made by hand, or by an older version of this code): move it
        # aside. Between the rename and the replace there is no index for an instant.
        old = str(live.parent / f"{live.name}.old-{stamp}")
        os.rename(live, old)
    os.replace(link, live)
    if old and old != str(final):
        # Searchers still open on the old directory keep their open files (POSIX).
        shutil.rmtree(old, ignore_errors=True)
    return final


@contextlib.contextmanager
def rebuild_lock() -> Iterator[None]:
    """One rebuild at a time; a second one fails at once rather than waiting."""
    live = live_path()
    live.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(live.parent / f".{live.name}.rebuild.lock"))
    if not lock.acquire(blocking=False):
        raise RebuildInProgress("Another rebuild of the search index is running.")
    try:
        yield
    finally:
        lock.release()
