"""Facet counts of a search, with labels: content type, agency, theme, genre, year, validity.

The index stores plain values (a type key, an agency code, a theme or genre name, a year, a
validity value); labels come from the registry, the agency table (one query) and the
definitions' ``facet_labels``. Counts are those of the current search with all its filters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from portal.models import Agency
from portal.search import registry

if TYPE_CHECKING:
    from portal.search.query import SearchParams

# Facets with many values show the largest; the selected value is always shown.
MAX_OPTIONS = 20


def _labels(name: str, values: list[str]) -> dict[str, str]:
    if name == "type":
        return {key: str(label) for key, label in registry.labels().items()}
    if name == "agency":
        return dict(Agency.objects.filter(code__in=values).values_list("code", "name"))
    if name in ("theme", "genre", "year"):
        return {value: value for value in values}
    merged: dict[str, str] = {}
    for definition in registry.definitions():
        merged.update({k: str(v) for k, v in definition.facet_labels.get(name, {}).items()})
    return merged


def label_for(name: str, value: str) -> str:
    """The label of one facet value, e.g. for a filter in force that matched nothing."""
    return _labels(name, [value]).get(value, value)


def _order(name: str, labels: Mapping[str, str]) -> Callable[[FacetCount], tuple[Any, ...]]:
    if name == "year":
        return lambda option: (-int(option.value) if option.value.isdigit() else 0,)
    if name == "validity":
        # The order the definitions give (in force, expired, repealed, amended).
        positions = {value: i for i, value in enumerate(labels)}
        return lambda option: (positions.get(option.value, len(positions)), option.value)
    return lambda option: (-option.count, option.label)


@dataclass
class FacetCount:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""  # set by the view


def facet_counts(name: str, groups: Mapping[str, int], params: SearchParams) -> list[FacetCount]:

    selected = params.filters().get(name, "")
    counts = {str(value): count for value, count in groups.items() if value and count}
    labels = _labels(name, list(counts))
    options = [
        FacetCount(value, labels.get(value, value), count, value == selected)
        for value, count in counts.items()
    ]
    options.sort(key=_order(name, labels))
    shown = options[:MAX_OPTIONS]
    shown.extend(option for option in options[MAX_OPTIONS:] if option.selected)
    return shown
