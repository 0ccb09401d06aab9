"""Enforcement decisions in an agency's column: its latest decisions on display (a section of the
column page, ``portal.columns``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from enforcement import selectors
from portal.columns import ColumnSection, register_section
from portal.models import Agency

LATEST = 5


def column_section(request: HttpRequest, agency: Agency) -> ColumnSection | None:
    latest = list(selectors.decisions(selectors.ListFilters(agency=agency.code))[:LATEST])
    if not latest:
        return None
    return ColumnSection(
        title=_("Enforcement decisions"),
        template="enforcement/column.html",
        context={"agency": agency, "latest": latest},
        anchor="enforcement",
    )


def register() -> None:
    register_section(column_section, order=65)
