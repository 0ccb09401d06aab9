"""An agency's datasets in its column (a section of the column page, ``portal.columns``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from opendata import selectors
from portal import sites
from portal.columns import ColumnSection, register_section
from portal.models import Agency

LATEST = 5


def column_section(request: HttpRequest, agency: Agency) -> ColumnSection | None:
    latest = selectors.datasets_of(agency, sites.current_site(request))[:LATEST]
    if not latest:
        return None
    return ColumnSection(
        title=_("Open data"),
        template="opendata/column.html",
        context={"agency": agency, "latest": latest},
        anchor="opendata",
    )


def register() -> None:
    register_section(column_section, order=70)
