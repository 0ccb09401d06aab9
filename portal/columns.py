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
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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


# --- The pages of an agency's column ----------------------------------------------------------
#
# Besides the column page itself, an agency's column has pages of its own, in the order citizens
# know from gov.cn: 政府信息公开指南, 政府信息公开制度, 法定主动公开内容, 政府信息公开年报,
# 依申请公开. Each app registers the pages it owns (from its ``AppConfig.ready``), so the left-hand
# navigation that every page of the column shows lists them without portal knowing the apps.


@dataclass(frozen=True)
class ColumnPage:
    key: str  # the page marks itself current with this key
    title: StrOrPromise
    url_name: str  # a URL pattern that takes the agency's ``code``


_pages: list[tuple[int, ColumnPage]] = []
COLUMN_HOME = "column"


def register_page(page: ColumnPage, *, order: int) -> ColumnPage:
    if all(existing.key != page.key for _, existing in _pages):
        _pages.append((order, page))
        _pages.sort(key=lambda item: item[0])
    return page


@dataclass(frozen=True)
class NavEntry:
    title: StrOrPromise
    url: str
    current: bool


def pages() -> list[ColumnPage]:
    """The column's pages, in their order (the column's home page first)."""
    return [page for _, page in _pages]


def column_nav(agency: Agency, current: str) -> list[NavEntry]:
    """The column's pages for ``agency``, the one with key ``current`` marked."""
    return [
        NavEntry(
            page.title, reverse(page.url_name, kwargs={"code": agency.code}), page.key == current
        )
        for _, page in _pages
    ]


def column_context(agency: Agency, current: str) -> dict[str, Any]:
    """What every page of an agency's column shows around its content: the breadcrumbs (with the
    agencies above) and the column's navigation."""
    return {
        "agency": agency,
        "ancestors": list(Agency.objects.get_ancestors(agency)),
        "column_nav": column_nav(agency, current),
        "column_page": current,
    }


def register() -> None:
    """portal's own pages of the column: its home page, the guide and the agency profile."""
    register_page(
        ColumnPage(COLUMN_HOME, _("Information disclosure column"), "portal:agency_column"),
        order=0,
    )
    register_page(ColumnPage("guide", _("Disclosure guide"), "portal:agency_guide"), order=10)
    register_page(ColumnPage("profile", _("Agency profile"), "portal:agency_profile"), order=35)
