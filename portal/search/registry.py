"""The registry of index definitions: what each app puts in the search index, and how.

Importing this module is cheap (no Whoosh, no jieba), so that apps can register from their
``AppConfig.ready``. See the package docstring for the API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class SearchFields:
    """What one public item contributes to the index, and what a result shows of it.

    ``title``, ``meta`` (numbers, keywords, issuers) and ``content`` are searched, ``title``
    weighing most. ``exact`` holds normalised document and index numbers: a query equal to one
    of them puts the item first. The facet values are plain strings (``agency`` is the agency
    code; ``theme`` and ``genre`` are names; ``validity`` is a ``Validity`` value); leave a
    facet empty when it does not apply. ``date`` orders results by date and gives the year.
    ``machine_read`` marks content read by OCR (the result says so). ``summary`` is the item's
    own summary when ``content`` begins with it: the PostgreSQL backend weighs its words above
    the rest of the text (``pg.vector_literal``); everything else reads ``content``.
    """

    title: str
    url: str
    content: str = ""
    meta: str = ""
    summary: str = ""
    exact: tuple[str, ...] = ()
    agency: str = ""
    agency_name: str = ""
    theme: str = ""
    genre: str = ""
    validity: str = ""
    validity_label: str = ""
    date: dt.date | None = None
    # Part of ``content`` was read by OCR from scans: the result says it is for reference only.
    machine_read: bool = False


class IndexDefinition(Generic[M]):
    """One content type in the index. Subclass it and register an instance.

    Only what ``queryset_to_index()`` returns (and ``is_indexable`` accepts) is ever indexed
    or shown; anything else is removed from the index when it is next processed. The model
    must have an ``updated_at`` and an ``indexed_at`` field (names configurable below): the
    periodic reconciliation indexes rows whose ``indexed_at`` is empty or older.
    """

    key: ClassVar[str]
    label: ClassVar[str | Promise]
    model: ClassVar[type[models.Model]]
    updated_field: ClassVar[str] = "updated_at"
    indexed_field: ClassVar[str] = "indexed_at"
    # Labels for stored facet values, e.g. {"validity": {"valid": "In force", ...}}.
    facet_labels: ClassVar[Mapping[str, Mapping[str, Any]]] = {}
    # False for parts of other items (the articles of a document): searched and counted in the
    # type facet, but listed only when that type is chosen, so that a search is not flooded
    # with the articles of every document it already lists.
    listed_by_default: ClassVar[bool] = True

    def queryset_to_index(self) -> QuerySet[M]:
        """Every public item of this type, with what ``to_fields`` reads prefetched."""
        raise NotImplementedError

    def is_indexable(self, obj: M) -> bool:
        """A last check on one item from ``queryset_to_index()``; True by default."""
        return True

    def to_fields(self, obj: M) -> SearchFields:
        raise NotImplementedError

    def url(self, obj: M) -> str:
        # The registered models define get_absolute_url; a definition whose model has none
        # overrides url().
        return obj.get_absolute_url()  # type: ignore[attr-defined]


_definitions: dict[str, IndexDefinition[Any]] = {}


def register(definition: IndexDefinition[Any]) -> IndexDefinition[Any]:
    """Add a content type to the index (from ``AppConfig.ready``). Registering the same
    class again replaces it; another class under a taken key is an error."""
    current = _definitions.get(definition.key)
    if current is not None and type(current) is not type(definition):
        raise ValueError(f"Search key {definition.key!r} is taken by {type(current).__name__}.")
    _definitions[definition.key] = definition
    return definition


def unregister(key: str) -> None:
    _definitions.pop(key, None)


def definitions() -> list[IndexDefinition[Any]]:
    return list(_definitions.values())


def get(key: str) -> IndexDefinition[Any] | None:
    return _definitions.get(key)


def unlisted_keys() -> list[str]:
    """Content types shown only when chosen (``IndexDefinition.listed_by_default``)."""
    return [key for key, definition in _definitions.items() if not definition.listed_by_default]


def for_model(model: type[models.Model]) -> IndexDefinition[Any] | None:
    for definition in _definitions.values():
        if definition.model is model or issubclass(model, definition.model):
            return definition
    return None


def labels() -> dict[str, str | Promise]:
    """Content type key -> label, for the type facet."""
    return {key: definition.label for key, definition in _definitions.items()}


# --- Item keys: "<type>:<pk>", the unique id of a document in the index ---------------------


def key_for(obj: models.Model) -> str:
    definition = for_model(type(obj))
    if definition is None:
        raise LookupError(f"{type(obj).__name__} is not registered for search.")
    return f"{definition.key}:{obj.pk}"


def keys_for(objects: Iterable[models.Model] | QuerySet) -> list[str]:
    if isinstance(objects, QuerySet):
        definition = for_model(objects.model)
        if definition is None:
            raise LookupError(f"{objects.model.__name__} is not registered for search.")
        return [f"{definition.key}:{pk}" for pk in objects.values_list("pk", flat=True)]
    return [key_for(obj) for obj in objects]


@dataclass
class KeyGroups:
    """Item keys grouped by definition, with the keys nobody understands kept apart."""

    by_definition: dict[str, tuple[IndexDefinition[Any], dict[int, str]]] = field(
        default_factory=dict
    )
    unknown: list[str] = field(default_factory=list)


def group_keys(keys: Iterable[str]) -> KeyGroups:
    groups = KeyGroups()
    for key in dict.fromkeys(keys):
        type_key, _, raw_pk = key.partition(":")
        definition = _definitions.get(type_key)
        if definition is None or not (raw_pk.isascii() and raw_pk.isdigit()):
            groups.unknown.append(key)
            continue
        entry = groups.by_definition.setdefault(type_key, (definition, {}))
        entry[1][int(raw_pk)] = key
    return groups
