"""Keeping the index in step with the database: queueing, writing, reconciling, rebuilding.

Services that publish, change or withdraw content call ``queue(obj)`` (or ``queue_many``)
inside their transaction; once it commits, a Celery task (``portal.tasks.index_items``, on the
``SEARCH_QUEUE`` queue) indexes each item again, or removes it if it is no longer public. The
task looks at the database as it is when it runs, so it is idempotent and order does not matter.

Each indexed model has an ``indexed_at`` mark, set (with ``QuerySet.update``, so that
``updated_at`` does not move) to the time just before the rows were read. If the broker is down
when something changes, the change is still saved, its row is left with ``indexed_at`` older
than ``updated_at``, and ``reconcile()`` (every ten minutes) indexes it.

The same functions serve both backends (``backend.name()``): with Whoosh they write the index
directory, with PostgreSQL the ``SearchEntry`` rows (``pg``); the queueing, the marks and the
reconciliation are shared.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Self, TypeVar

from kombu.exceptions import OperationalError as BrokerError
from whoosh import index as whoosh_index

from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from portal import page_cache
from portal import queue as task_queue
from portal.search import backend, pg, registry, store
from portal.search.schema import build_schema, whoosh_document

logger = logging.getLogger(__name__)

# Items per task and per index commit: a commit holds the index's write lock, so batches stay
# small enough to let other writers in.
BATCH = 200
# How long a writer waits for the index's write lock before the task fails (and is retried).
WRITE_LOCK_TIMEOUT = 30.0

T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- Queueing (called by services inside their transaction) -----------------------------------


def queue(obj: models.Model) -> None:
    """Re-index ``obj`` (or remove it from the index) once the current transaction commits."""
    queue_keys([registry.key_for(obj)])


def queue_many(objects: Iterable[models.Model] | models.QuerySet) -> None:
    """``queue`` for many objects; the keys are taken now, so a queryset about to be deleted
    may be passed before the delete."""
    queue_keys(registry.keys_for(objects))


def queue_keys(keys: Iterable[str]) -> None:
    keys = list(keys)
    if keys:
        # What is re-indexed is public content that changed: the stored pages go too.
        page_cache.public_content_changed()
        # robust: a failure to queue must never undo or fail the change that was committed;
        # the reconciliation catches up.
        transaction.on_commit(partial(_send, keys), robust=True)


def _send(keys: list[str]) -> None:
    for chunk in chunked(keys, BATCH):
        try:
            task_queue.task("portal.tasks.index_items").delay(chunk)
        except BrokerError:
            logger.warning(
                "Search index update of %s not queued: the broker is unavailable. The "
                "periodic reconciliation will index it.",
                ", ".join(chunk),
            )
            return


# --- Writing ----------------------------------------------------------------------------------


@dataclass
class IndexReport:
    indexed: int = 0
    removed: int = 0

    def __iadd__(self, other: IndexReport) -> Self:
        self.indexed += other.indexed
        self.removed += other.removed
        return self


def _write(documents: list[dict], removals: list[str], ix: whoosh_index.Index) -> None:
    # The write lock allows one writer per index across processes; waiting is bounded, and a
    # LockError fails the task, which Celery retries.
    # An index built before a field was added (agency_path) refuses the new field: it is left
    # out until ``rebuild_index`` (the schema check logs that), rather than failing every write.
    names = set(ix.schema.names())
    with ix.writer(timeout=WRITE_LOCK_TIMEOUT, delay=0.25) as writer:
        for key in removals:
            writer.delete_by_term("id", key)
        for document in documents:
            writer.update_document(**{name: v for name, v in document.items() if name in names})


def index_keys(keys: Iterable[str], *, ix: whoosh_index.Index | None = None) -> IndexReport:
    """Bring the given items up to date in the index: index what is public, remove the rest.

    Safe to run twice and in any order: it reads the items' current state.
    """
    groups = registry.group_keys(keys)
    # Taken before the rows are read: a change committed after the read leaves its row with
    # updated_at later than this mark, so the reconciliation sees it as stale.
    mark = timezone.now()
    entries: list[pg.Entry] = []
    removals = list(groups.unknown)
    for type_key, (definition, keys_by_pk) in groups.by_definition.items():
        found = definition.queryset_to_index().in_bulk(list(keys_by_pk))
        for pk, key in keys_by_pk.items():
            obj = found.get(pk)
            if obj is not None and definition.is_indexable(obj):
                entries.append(pg.Entry(key, type_key, definition.to_fields(obj)))
            else:
                removals.append(key)
    entries = with_agency_paths(entries)
    if ix is None and backend.is_postgres():
        removed = pg.write(entries, removals)
        for definition, keys_by_pk in groups.by_definition.values():
            _mark(definition, mark, pk__in=list(keys_by_pk))
        _search_pages_changed(entries, removed)
        return IndexReport(indexed=len(entries), removed=removed)
    documents = [_document(entry) for entry in entries]
    ix = ix or store.get_index()
    # Only what is in the index needs removing: a draft saved again and again must not cost a
    # write (and the write lock) each time.
    removals = _present(removals, ix)
    if documents or removals:
        _write(documents, removals, ix)
    for definition, keys_by_pk in groups.by_definition.values():
        _mark(definition, mark, pk__in=list(keys_by_pk))
    _search_pages_changed(documents, len(removals))
    return IndexReport(indexed=len(documents), removed=len(removals))


def _search_pages_changed(written: list[Any], removed: int) -> None:
    """The index changed: the stored pages go again. The change itself retired them when it
    committed (``queue_keys``), but the worker indexes a moment later, and a search page
    rendered in between (without the new item, or still with a withdrawn one) was stored
    under the new version and would be served until the next change."""
    if written or removed:
        page_cache.public_content_changed()


def with_agency_paths(entries: list[pg.Entry]) -> list[pg.Entry]:
    """The entries with their agency's tree path (one query for the lot)."""
    paths = backend.agency_paths(entry.item.agency for entry in entries)
    return [
        pg.Entry(entry.key, entry.type, entry.item, paths.get(entry.item.agency, ""))
        for entry in entries
    ]


def _document(entry: pg.Entry) -> dict[str, object]:
    return whoosh_document(entry.key, entry.type, entry.item, agency_path=entry.agency_path)


def _present(keys: list[str], ix: whoosh_index.Index) -> list[str]:
    if not keys:
        return []
    with ix.searcher() as searcher:
        return [key for key in keys if searcher.document_number(id=key) is not None]


def remove_keys(keys: Iterable[str]) -> int:
    """Remove items from the index whatever their state (``index_keys`` decides by itself)."""
    if backend.is_postgres():
        return pg.write([], list(dict.fromkeys(keys)))
    ix = store.get_index()
    keys = _present(list(dict.fromkeys(keys)), ix)
    if keys:
        _write([], keys, ix)
    return len(keys)


def _mark(definition: registry.IndexDefinition[Any], mark: dt.datetime, **lookup: object) -> None:
    manager = definition.model._default_manager
    manager.filter(**lookup).update(**{definition.indexed_field: mark})


# --- Reconciliation (periodic) ----------------------------------------------------------------


@dataclass
class ReconcileReport(IndexReport):
    checked: dict[str, int] = field(default_factory=dict)


def indexed_ids() -> dict[str, set[int]]:
    """Type key -> primary keys of the items in the live index (stored ids only)."""
    found: dict[str, set[int]] = {}
    for key in _all_keys():
        type_key, _, raw_pk = key.partition(":")
        if raw_pk.isascii() and raw_pk.isdigit():
            found.setdefault(type_key, set()).add(int(raw_pk))
    return found


def _all_keys() -> Iterator[str]:
    if backend.is_postgres():
        yield from pg.indexed_keys()
        return
    with store.get_index().reader() as reader:
        for _docnum, stored in reader.iter_docs():
            yield stored["id"]


def stale_keys(definition: registry.IndexDefinition[Any]) -> Iterator[str]:
    """Rows whose index entry may be out of date: never indexed, or changed since."""
    indexed, updated = definition.indexed_field, definition.updated_field
    stale = definition.model._default_manager.filter(
        Q(**{f"{indexed}__isnull": True}) | Q(**{f"{indexed}__lt": F(updated)})
    )
    for pk in stale.values_list("pk", flat=True).iterator():
        yield f"{definition.key}:{pk}"


def public_ids(definition: registry.IndexDefinition[Any]) -> set[int]:
    queryset = definition.queryset_to_index().prefetch_related(None).order_by()
    return set(queryset.values_list("pk", flat=True).iterator())


def reconcile() -> ReconcileReport:
    """Index whatever changed without being indexed (a lost task, a broker outage), add public
    items missing from the index and remove items that are no longer public."""
    report = ReconcileReport()
    in_index = indexed_ids()
    for definition in registry.definitions():
        keys = dict.fromkeys(stale_keys(definition))
        public = public_ids(definition)
        indexed = in_index.pop(definition.key, set())
        for pk in (public - indexed) | (indexed - public):
            keys[f"{definition.key}:{pk}"] = None
        report.checked[definition.key] = len(public)
        for chunk in chunked(keys, BATCH):
            report += index_keys(chunk)
    # Types nobody registers any more (an app was removed): their entries go.
    orphans = [f"{type_key}:{pk}" for type_key, pks in in_index.items() for pk in pks]
    report.removed += remove_keys(orphans)
    return report


# --- Rebuild ----------------------------------------------------------------------------------


@dataclass
class RebuildReport:
    indexed: int
    caught_up: IndexReport
    directory: str


Progress = Callable[[int], None]


def count_to_index() -> int:
    return sum(definition.queryset_to_index().count() for definition in registry.definitions())


def rebuild_lock() -> contextlib.AbstractContextManager[None]:
    """One rebuild at a time: with Whoosh a lock file beside the index (the index is the host's
    own directory), with PostgreSQL an advisory lock on the primary (one for every node)."""
    return pg.rebuild_lock() if backend.is_postgres() else store.rebuild_lock()


def rebuild(*, progress: Progress | None = None, limitmb: int = 256) -> RebuildReport:
    """Build a complete new index in a new directory, swap it in, then catch up (with
    PostgreSQL: write every item's row again and remove the rows not written).

    The live index keeps answering searches (and taking updates) until the swap. Updates
    written to it during the build are lost with it, so after the swap every item changed
    since the build started is indexed again.
    """
    with rebuild_lock():
        started = timezone.now()
        indexed = 0
        if backend.is_postgres():
            # Rows are replaced batch by batch (each batch one transaction), so searches keep
            # finding every item throughout; rows not written again are removed at the end.
            for batch in chunked(_items_to_index(), BATCH):
                entries = [entry for entry in batch if entry is not None]
                pg.write(with_agency_paths(entries), [])
                indexed += len(entries)
                if progress is not None:
                    for _item in batch:
                        progress(1)
            pg.remove_written_before(started)
            pg.analyze()
            final = f"the {pg.TABLE} table"
        else:
            store.remove_stale_builds()
            build = store.new_build_dir()
            ix = whoosh_index.create_in(str(build), build_schema())
            with ix.writer(limitmb=limitmb) as writer:
                for batch in chunked(_items_to_index(), BATCH):
                    entries = [entry for entry in batch if entry is not None]
                    # Progress counts what is written (the analysis is the slow part), items
                    # left out as they go by.
                    if progress is not None and len(batch) > len(entries):
                        progress(len(batch) - len(entries))
                    for entry in with_agency_paths(entries):
                        writer.add_document(**_document(entry))
                        indexed += 1
                        if progress is not None:
                            progress(1)
            final = str(store.swap(build))
        for definition in registry.definitions():
            _mark(definition, started, **{f"{definition.updated_field}__lte": started})
        changed: list[str] = []
        for definition in registry.definitions():
            lookup = {f"{definition.updated_field}__gt": started}
            pks = definition.model._default_manager.filter(**lookup).values_list("pk", flat=True)
            changed.extend(f"{definition.key}:{pk}" for pk in pks)
        caught_up = IndexReport()
        for chunk in chunked(changed, BATCH):
            caught_up += index_keys(chunk)
    return RebuildReport(indexed=indexed, caught_up=caught_up, directory=final)


def _items_to_index() -> Iterator[pg.Entry | None]:
    """Every item to index, type by type in primary-key order: its entry, or None for one that
    ``is_indexable`` leaves out (counted by the progress all the same)."""
    for definition in registry.definitions():
        queryset = definition.queryset_to_index().order_by("pk")
        for obj in queryset.iterator(chunk_size=BATCH):
            if definition.is_indexable(obj):
                key = f"{definition.key}:{obj.pk}"
                yield pg.Entry(key, definition.key, definition.to_fields(obj))
            else:
                yield None
