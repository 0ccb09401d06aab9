"""Policy items in an agency's column: its latest items on display (a section of the column
page, ``portal.columns``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from policies import selectors
from portal import sites
from portal.columns import ColumnSection, register_section
from portal.models import Agency

LATEST = 5


def column_section(request: HttpRequest, agency: Agency) -> ColumnSection | None:
    latest = list(
        selectors.items(
            selectors.ListFilters(agency=agency), site=sites.current_site(request)
        ).select_related("document")[:LATEST]
    )
    if not latest:
        return None
    return ColumnSection(
        title=_("Policy items"),
        template="policies/column.html",
        context={"agency": agency, "latest": latest},
        anchor="policies",
    )


def register() -> None:
    register_section(column_section, order=62)
