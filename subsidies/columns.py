"""Beneficiary lists in an agency's column: its lists on display, with their 公示期 (a section
of the column page, ``portal.columns``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.columns import ColumnSection, register_section
from portal.models import Agency
from subsidies import selectors

LATEST = 5


def column_section(request: HttpRequest, agency: Agency) -> ColumnSection | None:
    latest = list(selectors.lists(selectors.ListFilters(agency=agency.code))[:LATEST])
    if not latest:
        return None
    return ColumnSection(
        title=_("Beneficiary lists"),
        template="subsidies/column.html",
        context={"agency": agency, "latest": latest},
        anchor="subsidies",
    )


def register() -> None:
    register_section(column_section, order=66)
