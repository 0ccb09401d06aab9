"""Power items in an agency's column: how many of each category the agency (with the agencies
below it) has published, each linked to its part of the catalog (a section of the column
page, ``portal.columns``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.columns import ColumnSection, register_section
from portal.models import Agency
from powers import selectors


def column_section(request: HttpRequest, agency: Agency) -> ColumnSection | None:
    counts = selectors.category_counts(selectors.ListFilters(agency=agency.code))
    if not any(count.count for count in counts):
        return None
    return ColumnSection(
        title=_("Powers and responsibilities"),
        template="powers/column.html",
        context={"agency": agency, "counts": counts},
        anchor="powers",
    )


def register() -> None:
    register_section(column_section, order=64)
