"""The message box in an agency's column: where to write to the agency, and its latest
published replies (a section of the column page, ``portal.columns``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from interaction import selectors
from interaction.models import MessageDesk
from portal.columns import ColumnSection, register_section
from portal.models import Agency

LATEST = 5


def column_section(request: HttpRequest, agency: Agency) -> ColumnSection | None:
    desk = MessageDesk.objects.filter(agency=agency, is_open=True).first()
    filters = selectors.ListFilters(agency=agency.code)
    latest = list(selectors.published_messages(filters)[:LATEST])
    if desk is None and not latest:
        return None
    return ColumnSection(
        title=_("Interaction"),
        template="interaction/column.html",
        context={"agency": agency, "desk": desk, "latest": latest},
        anchor="interaction",
    )


def register() -> None:
    register_section(column_section, order=70)
