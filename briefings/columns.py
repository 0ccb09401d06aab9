"""Press conferences in an agency's column: its latest published conferences, announcements
included (a section of the column page, ``portal.columns``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from briefings import selectors
from portal import sites
from portal.columns import ColumnSection, register_section
from portal.models import Agency

LATEST = 5


def column_section(request: HttpRequest, agency: Agency) -> ColumnSection | None:
    found = selectors.filtered(
        selectors.Filters(agency=agency.code), sites.current_site(request)
    ).order_by("-starts_at", "-id")
    latest = list(found[:LATEST])
    if not latest:
        return None
    return ColumnSection(
        title=_("Press conferences"),
        template="briefings/column.html",
        context={"agency": agency, "latest": latest},
        anchor="briefings",
    )


def register() -> None:
    register_section(column_section, order=67)
