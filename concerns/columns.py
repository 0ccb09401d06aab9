"""回应关切 in an agency's column: its latest published responses (a section of the column page,
``portal.columns``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from concerns import selectors
from portal.columns import ColumnSection, register_section
from portal.models import Agency

LATEST = 5


def column_section(request: HttpRequest, agency: Agency) -> ColumnSection | None:
    latest = list(selectors.published().filter(agency=agency)[:LATEST])
    if not latest:
        return None
    return ColumnSection(
        title=_("Responses to public concerns"),
        template="concerns/column.html",
        context={"agency": agency, "latest": latest},
        anchor="concerns",
    )


def register() -> None:
    register_section(column_section, order=67)
