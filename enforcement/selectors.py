"""What the public pages, the API, the feeds, the sitemap, the exports and search read:
decisions on display (published and within their 公示期, exact to the day), with the party's
published name only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from enforcement.models import Decision, DecisionKind
from portal import agencies, sites
from portal.models import Agency
from powers.models import PowerItem

PER_PAGE = 20
# What a public query never reads: the party's encrypted name and ID number.
PRIVATE_FIELDS = ("subject_name", "id_number")


def on_display(today: dt.date | None = None) -> QuerySet[Decision]:
    return (
        Decision.objects.on_display(today)
        .select_related("agency", "power_item")
        .defer(*PRIVATE_FIELDS)
        .order_by("-decision_date", "-id")
    )


def _number(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw.strip()[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class ListFilters:
    kind: str = ""
    agency: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    power_item: int | None = None
    site_path: str = ""  # the site's subtree ("" : the whole tree); not a filter of the query

    @classmethod
    def from_query(
        cls, query: Mapping[str, str], *, site: sites.CurrentSite | None = None
    ) -> ListFilters:
        """The filters of ``query``, within ``site`` (an agency outside it is ignored)."""
        kind = query.get("kind", "").strip()
        return cls(
            kind=kind if kind in DecisionKind.values else "",
            agency=agency_within(query.get("agency", "").strip()[:32], site),
            date_from=_date(query.get("from", "")),
            date_to=_date(query.get("to", "")),
            q=query.get("q", "").strip()[:100],
            power_item=_number(query.get("power_item", "")),
            site_path=site.root_path if site is not None else "",
        )

    def as_query(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "agency": self.agency,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "q": self.q,
            "power_item": str(self.power_item) if self.power_item else "",
        }


def agency_within(code: str, site: sites.CurrentSite | None) -> str:
    """``code``, unless it names an agency outside ``site`` (then "": a filter of another
    site's agency is ignored, as the catalog ignores it)."""
    agency = agencies.agency_with_code(code) if code and site is not None else None
    return "" if agency is not None and site is not None and not site.contains(agency) else code


def decisions(
    filters: ListFilters | None = None, today: dt.date | None = None
) -> QuerySet[Decision]:
    found = on_display(today)
    if filters is None:
        return found
    if filters.site_path:
        found = found.filter(agency__path__startswith=filters.site_path)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.agency:
        agency = Agency.objects.filter(code=filters.agency).first()
        # An agency's list holds its sub-agencies' decisions too.
        found = found.filter(agency__path__startswith=agency.path) if agency else found.none()
    if filters.date_from:
        found = found.filter(decision_date__gte=filters.date_from)
    if filters.date_to:
        found = found.filter(decision_date__lte=filters.date_to)
    if filters.q:
        found = found.filter(Q(number__icontains=filters.q) | Q(summary__icontains=filters.q))
    if filters.power_item:
        found = found.filter(power_item_id=filters.power_item)
    return found


def power_item_of(filters: ListFilters) -> PowerItem | None:
    """The public power item the list is narrowed to, to name it on the page (one of the
    site's)."""
    if not filters.power_item:
        return None
    found = PowerItem.objects.public().select_related("agency").filter(pk=filters.power_item)
    if filters.site_path:
        found = found.filter(agency__path__startswith=filters.site_path)
    return found.first()


def agencies_with_decisions(site: sites.CurrentSite | None = None) -> QuerySet[Agency]:
    """The agencies with decisions on display (within ``site``), for the list's chooser."""
    found = Agency.objects.filter(pk__in=on_display().values("agency_id")).order_by("path")
    return sites.scope(found, site, field="")
