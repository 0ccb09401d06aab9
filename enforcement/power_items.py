"""The enforcement decisions on display made under a power item, as a section of the item's
public page (``powers.sections``): the latest of them and a link to all of them in the list."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from enforcement import selectors
from portal import sites
from portal.columns import ColumnSection
from powers.models import PowerItem
from powers.sections import register_item_section

LATEST = 10


def decisions_section(request: HttpRequest, item: PowerItem) -> ColumnSection | None:
    site_path = sites.current_site(request).root_path
    found = selectors.decisions(selectors.ListFilters(power_item=item.pk, site_path=site_path))
    latest = list(found[:LATEST])
    if not latest:
        return None
    return ColumnSection(
        title=_("Enforcement decisions under this item"),
        template="enforcement/power_item_section.html",
        context={"item": item, "latest": latest, "count": found.count()},
        anchor="decisions",
    )


def register() -> None:
    register_item_section(decisions_section, order=50)
