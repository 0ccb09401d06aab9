"""财政预决算 in an agency's column: its latest published budgets and final accounts (a section
of the column page, ``portal.columns``), with a link to all of them in the 财政预决算 column."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from budgets import selectors
from portal.columns import ColumnSection, register_section
from portal.models import Agency

LATEST = 4


def column_section(request: HttpRequest, agency: Agency) -> ColumnSection | None:
    latest = list(selectors.for_agency(agency)[:LATEST])
    if not latest:
        return None
    return ColumnSection(
        title=_("Budgets and final accounts"),
        template="budgets/column.html",
        context={"agency": agency, "latest": latest},
        anchor="budgets",
    )


def register() -> None:
    register_section(column_section, order=67)
