"""Sections that apps above powers add to a power item's public page (the enforcement
decisions made under the item, ``enforcement.power_items``), registered from their
``AppConfig.ready``: powers shows them without knowing those apps. A section function returns
None when it has nothing to show."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from portal.columns import ColumnSection
from powers.models import PowerItem

ItemSectionFunction = Callable[[HttpRequest, PowerItem], ColumnSection | None]
_sections: list[tuple[int, ItemSectionFunction]] = []


def register_item_section(
    function: ItemSectionFunction, *, order: int = 100
) -> ItemSectionFunction:
    if all(existing is not function for _, existing in _sections):
        _sections.append((order, function))
        _sections.sort(key=lambda entry: entry[0])
    return function


def sections_for(request: HttpRequest, item: PowerItem) -> list[ColumnSection]:
    sections = (function(request, item) for _, function in _sections)
    return [section for section in sections if section is not None]
