"""The gazette in an agency's column: the latest issues of its gazettes (a section of the column
page, ``portal.columns``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gazette import selectors
from portal.columns import ColumnSection, register_section
from portal.models import Agency

LATEST = 5


def column_section(request: HttpRequest, agency: Agency) -> ColumnSection | None:
    latest = list(selectors.published_issues().filter(agency=agency)[:LATEST])
    if not latest:
        return None
    return ColumnSection(
        title=_("Government gazette"),
        template="gazette/column.html",
        context={
            "agency": agency,
            "latest": latest,
            # Each of the agency's gazettes once, in the order of their latest issue.
            "gazettes": list(dict.fromkeys(issue.gazette for issue in latest)),
        },
        anchor="gazette",
    )


def register() -> None:
    register_section(column_section, order=66)
