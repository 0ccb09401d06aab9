"""Sections of an agency's information-disclosure column (信息公开专栏) and of the home page.

The column page shows the agency's guide and contacts; each app adds its own sections (the
disclosure catalog, the annual reports, ...) by registering a function here from its
``AppConfig.ready``. The home page takes sections the same way (the latest disclosures, ...).
A section function returns None when it has nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from portal.models import Agency
from portal.typed import StrOrPromise


@dataclass(frozen=True)
class ColumnSection:
    title: StrOrPromise
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    anchor: str = ""


SectionFunction = Callable[[HttpRequest, Agency], ColumnSection | None]
_sections: list[tuple[int, SectionFunction]] = []


def register_section(function: SectionFunction, *, order: int = 100) -> SectionFunction:
    if all(existing is not function for _, existing in _sections):
        _sections.append((order, function))
        _sections.sort(key=lambda item: item[0])
    return function


def sections_for(request: HttpRequest, agency: Agency) -> list[ColumnSection]:
    sections = (function(request, agency) for _, function in _sections)
    return [section for section in sections if section is not None]


HomeSectionFunction = Callable[[HttpRequest], ColumnSection | None]
_home_sections: list[tuple[int, HomeSectionFunction]] = []


def register_home_section(
    function: HomeSectionFunction, *, order: int = 100
) -> HomeSectionFunction:
    if all(existing is not function for _, existing in _home_sections):
        _home_sections.append((order, function))
        _home_sections.sort(key=lambda item: item[0])
    return function


def home_sections_for(request: HttpRequest) -> list[ColumnSection]:
    sections = (function(request) for _, function in _home_sections)
    return [section for section in sections if section is not None]
